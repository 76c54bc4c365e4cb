"""Progress bars for long work: done/total, rate and time left (Rich, CLI layer only)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column

ProgressCallback = Callable[[int, int], None]
"""callback(done, total): what loaders and generators accept; they never print themselves."""


@contextlib.contextmanager
def deal_progress(console: Console, description: str) -> Iterator[ProgressCallback]:
    """A progress bar driven by callback(done, total)."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


StepCallback = Callable[[int, int, str], None]
"""callback(steps done, steps in all, the step now running): what the diagnosis accepts."""


@contextlib.contextmanager
def step_progress(console: Console, description: str) -> Iterator[StepCallback]:
    """A progress bar over named steps, showing the one now running; it moves from the first
    step (reading the data), not only once the first check is done."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=20),
        TextColumn("{task.completed}/{task.total} steps"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[step]}", table_column=Column(no_wrap=True, overflow="ellipsis")),
        console=console,
        transient=False,
    )
    task = bar.add_task(description, total=None, step="starting")

    def update(done: int, total: int, step: str = "") -> None:
        bar.update(task, completed=done, total=total, step=step)

    with bar:
        yield update


ImportCallback = Callable[[int, int, int], None]
"""callback(bytes done, bytes in all, rows read): what importers accept."""


@contextlib.contextmanager
def import_progress(console: Console, description: str) -> Iterator[ImportCallback]:
    """A progress bar over the bytes of the input files, with rows read and rows per second."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    task = bar.add_task(description, total=None, rows="")
    started = time.perf_counter()

    def update(done: int, total: int, rows: int) -> None:
        rate = rows / max(time.perf_counter() - started, 1e-6)
        bar.update(task, completed=done, total=total, rows=f"{rows:,} rows, {rate:,.0f} rows/s")

    with bar:
        yield update
