"""Analysing on every core gives what one process gives, in order."""

from __future__ import annotations

import pytest

from pipeline_doctor.conversations import parallel
from pipeline_doctor.conversations.emails import analyse_chunk

EMAILS = [
    (
        f"Hi Sam,\n\nWould Tuesday at {9 + i % 8}:00 work to review the {i} open invoices?",
        "Sam",
        "Acme",
    )
    if i % 3
    else (f"Our platform has {i} new features and our team is proud of it.", None, None)
    for i in range(60)
]


def test_worker_processes_give_the_single_process_result_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serial = parallel.map_chunks(analyse_chunk, EMAILS)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    done: list[int] = []
    assert parallel.map_chunks(analyse_chunk, EMAILS, done.append) == serial
    assert sum(done) == len(EMAILS)
    assert len(done) == 9  # one call per chunk of 7
