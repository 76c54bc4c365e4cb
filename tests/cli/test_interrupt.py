"""Ctrl-C (SIGINT sent to a real `pipeline-doctor` process) during `demo`, `demo --replace` and
`import` leaves the previous store's tables exactly as they were, says so in one line and exits
130; a killed process leaves a partial file that the next command removes.

Each test waits until the command's progress shows that the work is under way, then signals."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from pipeline_doctor.cli.app import INTERRUPTED, app
from tests.cli.crm_files import deals_csv, deals_mapping, imported_store
from tests.store.snapshots import checksums, leftovers

TIMEOUT = 300  # seconds; generous: a loaded CI machine is slow, a hang still fails
SIMULATING = re.compile(r"Simulating the sample organisation")
DEALS_WRITTEN = re.compile(r"Simulating the sample organisation.*?\b[1-9]\d*/20000")
IMPORTING = re.compile(r"Importing CSV")


class Running:
    """`pipeline-doctor ARGS` in a child process writing to a terminal (a pseudo-terminal, so
    its progress display is live, as a user sees it), its output collected as it comes."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = os.environ | {"NO_COLOR": "1", "COLUMNS": "200"}  # no colour codes in figures
        self.terminal, child_side = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline_doctor.cli.app", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=child_side,
            stderr=subprocess.PIPE,
            # Ctrl-C must reach Python's handler even if this runner ignores SIGINT
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        os.close(child_side)
        self.out = bytearray()
        self.err = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.terminal, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            self.out.extend(chunk)

    def text(self) -> str:
        return self.out.decode("utf-8", errors="replace")

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Wait until `done()` (the work is under way), failing if the command ends first."""
        deadline = time.monotonic() + TIMEOUT
        while not done():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise AssertionError(f"never saw {what}:\n{self.text()[-2000:]}\n{self.err}")
            time.sleep(0.05)

    def wait_for(self, pattern: re.Pattern[str]) -> None:
        """Wait until the output shows `pattern`."""
        self.wait_until(lambda: bool(pattern.search(self.text())), repr(pattern.pattern))

    def stop(self, sig: int) -> tuple[int, str]:
        """Send `sig`; the exit code and standard error once the process has ended."""
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=TIMEOUT)
        finally:
            self.close()
        return code, self.err

    def close(self) -> None:
        """End the process if still running; close its terminal and pipe."""
        self.proc.kill()
        self.proc.wait(timeout=TIMEOUT)
        assert self.proc.stderr is not None
        self.err = self.proc.stderr.read().decode("utf-8", errors="replace")
        self.proc.stderr.close()
        self.reader.join(timeout=TIMEOUT)
        with contextlib.suppress(OSError):
            os.close(self.terminal)


def _largest_partial(db: Path) -> int:
    sizes = [0]
    for partial in db.parent.glob(f"{db.name}.partial-*"):
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile
            sizes.append(partial.stat().st_size)
    return max(sizes)


def _interrupted(running: Running, said: str = INTERRUPTED) -> None:
    assert INTERRUPTED == "Interrupted; the store is unchanged."
    code, err = running.stop(signal.SIGINT)
    assert code == 130, (code, err, running.text()[-2000:])
    assert err.strip().splitlines()[-1] == said
    assert "Traceback" not in err
    assert "unexpected failure" not in err


def test_ctrl_c_during_the_demo_leaves_no_store(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    running = Running(["demo", "--deals", "20000", "--db", str(db)], tmp_path)
    running.wait_for(SIMULATING)
    _interrupted(running, "Interrupted; no store was created.")
    assert not db.exists()
    assert leftovers(db) == []


def test_ctrl_c_during_demo_replace_leaves_the_previous_store(tmp_path: Path) -> None:
    db = imported_store(tmp_path)
    before = checksums(db)
    args = ["demo", "--deals", "20000", "--db", str(db), "--replace", "--no-diagnose"]
    running = Running(args, tmp_path)
    running.wait_for(DEALS_WRITTEN)
    _interrupted(running)
    assert checksums(db) == before
    assert leftovers(db) == []


def test_ctrl_c_during_an_import_leaves_the_previous_store(tmp_path: Path) -> None:
    db = imported_store(tmp_path)
    before = checksums(db)
    deals_csv(tmp_path / "big.csv", 300_000, "B")
    mapping = deals_mapping(tmp_path, "big.csv")
    args = ["import", "csv", str(tmp_path / "big.csv"), "--mapping", str(mapping)]
    running = Running([*args, "--db", str(db)], tmp_path)
    running.wait_for(IMPORTING)
    # and the copy of the previous store is complete: the import itself is under way
    size = db.stat().st_size
    running.wait_until(lambda: _largest_partial(db) >= size, "the copy of the store")
    _interrupted(running)
    assert checksums(db) == before
    assert leftovers(db) == []


def test_what_a_killed_demo_left_is_removed_by_the_next_one(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    args = ["demo", "--deals", "300", "--db", str(db), "--no-diagnose"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    before = checksums(db)
    running = Running(["demo", "--deals", "20000", "--db", str(db), "--seed", "9"], tmp_path)
    running.wait_for(SIMULATING)
    running.stop(signal.SIGKILL)
    assert leftovers(db)  # a killed process cleans nothing up ...
    assert checksums(db) == before  # ... and still changed nothing
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert leftovers(db) == []
