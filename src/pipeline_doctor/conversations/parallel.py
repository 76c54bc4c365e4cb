"""Analysing many texts on every core: a pure function mapped over chunks in worker processes
when there are enough texts to repay starting them (a few hundred milliseconds each)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 20_000
"""Fewest items worth worker processes: below it one process is faster."""
CHUNK = 5_000


def workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def map_chunks(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    done: Callable[[int], None] | None = None,
) -> list[R]:
    """`function` over `items` in chunks, in order; `done(n)` after each chunk of n items.
    `function` must be a module-level function (it is sent to worker processes)."""
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    out: list[R] = []
    if len(items) < MIN_PARALLEL or workers() == 1:
        for chunk in chunks:
            out.extend(function(chunk))
            if done is not None:
                done(len(chunk))
        return out
    # fork: workers start at once and need no importable __main__ (spawn re-runs the caller's
    # script); they only run pure Python on the texts they are given, never the store
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers(), mp_context=context)
    try:
        for chunk, result in zip(chunks, pool.map(function, chunks), strict=True):
            out.extend(result)
            if done is not None:
                done(len(chunk))
    finally:
        # on Ctrl-C the command stops here: chunks not started are dropped, not awaited
        pool.shutdown(cancel_futures=True)
    return out
