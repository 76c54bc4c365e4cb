"""Run a command in a pseudo-terminal, as a user sees it, and find what in its output a
terminal would act on rather than show."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RICH_SEQUENCES = re.compile(r"\x1b\[(\?25[lh]|[0-9;]*[mKAG])")
"""What Rich itself writes to a colour terminal: styles (SGR), erasing and moving up a line
and hiding the cursor for progress bars. Nothing else may reach the terminal."""
NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069\u2028\u2029\ufffe\uffff]")  # fmt: skip
"""Characters a terminal acts on (or reorders text by) rather than shows."""


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    output: str

    def unsafe(self) -> list[str]:
        """What in the output is neither shown text nor one of Rich's own sequences."""
        rest = RICH_SEQUENCES.sub("", self.output)
        return sorted({repr(m.group()) for m in NOT_SHOWN.finditer(rest)})


def run_in_terminal(args: list[str], *, colour: bool, cwd: Path, timeout: float = 300) -> Run:
    """`pipeline-doctor ARGS` with its stdout and stderr on a pseudo-terminal; `colour`: a
    colour terminal (Rich writes styles) or a dumb one (Rich writes no sequence at all)."""
    env = {**os.environ, "COLUMNS": "160", "LINES": "50", "TERM": "xterm-256color" if colour
           else "dumb"}  # fmt: skip
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    main, child = pty.openpty()
    command = [sys.executable, "-m", "pipeline_doctor.cli.app", *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=child, stderr=child, cwd=cwd, env=env
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    code = process.wait(timeout=timeout)
    return Run(tuple(args), code, b"".join(chunks).decode("utf-8", errors="replace"))
