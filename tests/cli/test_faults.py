"""Faults during `pipeline-doctor import` (issue 11), as a user meets them: a killed import leaves
nothing once the store is opened again, a full disk is one sentence, a nearly full one is a
warning, and Ctrl-C says what became of the store: unchanged, never created, or saved (then
the summary is printed all the same and the command exits 0)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.cli.app import app, main
from pipeline_doctor.cli.import_cmd import SAVED_BEFORE_INTERRUPT
from pipeline_doctor.store import Store
from pipeline_doctor.store import swap as swap_module
from pipeline_doctor.store.swap import NOT_CREATED
from tests.cli.crm_files import deals_csv, deals_mapping, imported_store
from tests.cli.test_interrupt import IMPORTING, Running
from tests.conftest import press_ctrl_c
from tests.store.mounts import tiny_disk
from tests.store.snapshots import checksums, leftovers

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300,000 deals (11 MB): a few seconds to import."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    deals_csv(path, 300_000, "B")
    return path


def _mapping(folder: Path, csv: Path, *, fast: bool) -> Path:
    """The deals mapping of `csv`; `fast` without its extra attribute, so the file goes
    straight into DuckDB through pending tables (`importers.core.direct`)."""
    mapping = deals_mapping(folder, csv.name)
    if fast:
        text = mapping.read_text(encoding="utf-8")
        mapping.write_text(text.replace(', extra = { extra = ["Note"] }', ""), encoding="utf-8")
    return mapping


def _import(csv: Path, mapping: Path, db: str | Path) -> list[str]:
    return ["import", "csv", str(csv), "--mapping", str(mapping), "--db", str(db)]


def _partial_grew(db: Path, size: int) -> bool:
    """A partial file of `db` is larger than `size`: copied, and being written."""
    for partial in db.parent.glob(f"{db.name}.partial-*"):
        try:
            if not partial.name.endswith((".wal", ".tmp")) and partial.stat().st_size > size:
                return True
        except FileNotFoundError:
            pass
    return False


def _pending_tables(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    return [name for (name,) in names if name.startswith("_pending_")]


# -- a killed import -----------------------------------------------------------------------------


def test_a_killed_import_leaves_nothing_once_the_store_is_opened(tmp_path: Path, big: Path) -> None:
    db = imported_store(tmp_path)
    before, size = checksums(db), db.stat().st_size
    running = Running(_import(big, _mapping(tmp_path, big, fast=True), db), tmp_path)
    running.wait_for(IMPORTING)
    running.wait_until(lambda: _partial_grew(db, size), "the import under way")
    running.stop(signal.SIGKILL)
    assert leftovers(db)  # the killed import's next version of the store
    with Store.open(db, create=False) as store:  # as `info` or `diagnose` opens it
        assert store.count("deals") == 50
    assert leftovers(db) == []
    assert _pending_tables(db) == []
    assert checksums(db) == before


def test_a_killed_import_into_a_store_url_leaves_no_pending_tables(
    tmp_path: Path, big: Path
) -> None:
    """A store given as a URL is written in one transaction: nothing of a killed import
    survives in it (DuckDB keeps the room its rows took at the end of the file)."""
    path = tmp_path / "url.duckdb"
    url = f"duckdb://{path}"
    first = tmp_path / "first.csv"
    deals_csv(first, 50, "F")
    result = runner.invoke(app, _import(first, _mapping(tmp_path, first, fast=False), url))
    assert result.exit_code == 0, result.output
    before = checksums(path)
    running = Running(_import(big, _mapping(tmp_path, big, fast=True), url), tmp_path)
    running.wait_for(IMPORTING)
    size = path.stat().st_size
    running.wait_until(lambda: path.stat().st_size > size, "the import under way")
    running.stop(signal.SIGKILL)
    with Store.open(url, create=False) as store:
        assert store.count("deals") == 50
    assert _pending_tables(path) == []
    assert checksums(path) == before


# -- a full disk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fast", [False, True], ids=["exact", "fast"])
@pytest.mark.parametrize("size", ["6m", "7m"])
def test_a_full_disk_during_an_import_is_one_sentence(
    tmp_path: Path, big: Path, size: str, fast: bool
) -> None:
    """The disk fills at different steps of the import with the disk's size; DuckDB then
    failed to roll back with an internal error and a 137-line C++ stack trace."""
    mapping = _mapping(tmp_path, big, fast=fast)
    with tiny_disk(tmp_path / "disk", size) as disk:
        db = imported_store(disk)
        before = checksums(db)
        command = [sys.executable, "-m", "pipeline_doctor.cli.app", *_import(big, mapping, db)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 1, done.stderr
        assert done.stderr == (
            f"Error: Cannot write the store {db}: the disk is full; nothing was changed.\n"
        )
        assert checksums(db) == before
        assert leftovers(db) == []


class _Usage:
    total, used, free = 20_000_000_000, 19_950_000_000, 50_000_000


def test_an_import_that_leaves_the_disk_nearly_full_warns_after_its_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals = tmp_path / "deals.csv"
    deals_csv(deals, 30, "D")
    args = _import(deals, _mapping(tmp_path, deals, fast=False), tmp_path / "s.duckdb")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    monkeypatch.setattr("shutil.disk_usage", lambda _path: _Usage())
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2].startswith("Written: ")
    assert lines[-1].startswith(
        f"Warning: the disk holding the store {tmp_path / 's.duckdb'} is nearly full "
        "(50.0 MB free of 20,000.0 MB); the next import needs room for a copy of the store"
    )


# -- Ctrl-C --------------------------------------------------------------------------------------


def _main(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    """Run `pipeline-doctor ARGS` as the installed command does (`main`); its exit code."""
    monkeypatch.setattr(sys, "argv", ["pipeline-doctor", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    return int(ended.value.code or 0)


def _more_deals(folder: Path) -> list[str]:
    more = folder / "more.csv"
    deals_csv(more, 30, "M")
    return _import(more, _mapping(folder, more, fast=False), folder / "crm.duckdb")


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_just_after_the_swap_reports_the_saved_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = imported_store(tmp_path)
    capsys.readouterr()
    monkeypatch.setattr(swap_module, "_sync", press_ctrl_c)  # the step after the rename
    assert _main(monkeypatch, _more_deals(tmp_path)) == 0
    out, err = capsys.readouterr()
    assert "Imported csv" in out
    assert "Written: reps 30, deals 30" in out
    assert err.splitlines()[-1] == SAVED_BEFORE_INTERRUPT
    with Store.open(db) as store:
        assert store.count("deals") == 80


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_during_the_summary_of_a_saved_import_lets_it_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    imported_store(tmp_path)
    render = import_cmd.render_result

    def ctrl_c_then_render(*args: Any, **kwargs: Any) -> None:
        press_ctrl_c()
        render(*args, **kwargs)

    capsys.readouterr()
    monkeypatch.setattr(import_cmd, "render_result", ctrl_c_then_render)
    assert _main(monkeypatch, _more_deals(tmp_path)) == 0
    out, err = capsys.readouterr()
    assert "Written: reps 30, deals 30" in out
    assert err.splitlines()[-1] == SAVED_BEFORE_INTERRUPT


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_before_the_swap_of_a_first_import_says_no_store_was_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(import_cmd, "_source_timezone", press_ctrl_c)  # work done, not swapped
    assert _main(monkeypatch, _more_deals(tmp_path)) == 130
    _, err = capsys.readouterr()
    assert err.splitlines()[-1] == NOT_CREATED == "Interrupted; no store was created."
    assert sorted(p.name for p in tmp_path.iterdir() if "crm" in p.name) == [".crm.duckdb.lock"]


def test_ctrl_c_during_a_first_import_says_no_store_was_created(tmp_path: Path, big: Path) -> None:
    db = tmp_path / "new.duckdb"
    running = Running(_import(big, _mapping(tmp_path, big, fast=False), db), tmp_path)
    running.wait_for(IMPORTING)
    running.wait_until(lambda: _partial_grew(db, 0), "the import under way")
    code, err = running.stop(signal.SIGINT)
    assert code == 130, (code, err)
    assert err.strip().splitlines()[-1] == "Interrupted; no store was created."
    assert "Traceback" not in err
    assert not db.exists()
    assert leftovers(db) == []


# -- messages ------------------------------------------------------------------------------------


def test_an_unexpected_failure_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def internal_error(path: Path) -> list[Path]:
        raise RuntimeError("INTERNAL Error: a NULL pointer\n\nStack Trace:\n\nlibduckdb.so(+0x1)")

    monkeypatch.setattr(swap_module, "remove_partials", internal_error)
    assert _main(monkeypatch, _more_deals(tmp_path)) == 2
    _, err = capsys.readouterr()
    assert err == (
        "Error: unexpected failure (RuntimeError: INTERNAL Error: a NULL pointer). "
        "Run again with PIPELINE_DOCTOR_DEBUG=1 for details and report it.\n"
    )


def test_an_import_that_loads_nothing_names_the_store_without_its_password() -> None:
    result: Any = SimpleNamespace(rows_read=3, rejected_by_reason={"no id": 3})
    text = import_cmd._nothing_loaded(result, "postgres://ann:s3cret@db/crm")
    assert "--db postgres://ann:***@db/crm" in text
    assert "s3cret" not in text
