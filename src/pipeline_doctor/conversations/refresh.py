"""Keeping the analyses current: rebuilt whole after an import (the template count compares
every body with every other, so one new email can change another's). A store whose analyses
are missing or out of date (written by an older version, or directly) is analysed when first
diagnosed and the result kept in it, in one transaction, so the next run reads it; a store
opened read-only is analysed in memory for the run. A diagnosis never reads stale analyses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from pipeline_doctor.conversations.calls import analyse_calls, transcript_segments
from pipeline_doctor.conversations.emails import analyse_emails, outbound_emails
from pipeline_doctor.store.store import quote

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Progress = Callable[[int, int], None]
"""progress(texts analysed, texts in all)."""


@dataclass(frozen=True)
class Analyses:
    """The two derived tables, as Arrow tables (freshly computed)."""

    emails: pa.Table
    calls: pa.Table


def _counts(store: Store) -> tuple[int, int]:
    """How many outbound emails with a body, and how many transcripts, the store holds."""
    emails = outbound_emails(store).count().to_pyarrow().as_py()
    t = store.table("transcript_segments")
    calls = t.activity.nunique().to_pyarrow().as_py()
    return int(emails or 0), int(calls or 0)


def compute_analyses(store: Store, progress: Progress | None = None) -> Analyses:
    """Analyse every outbound email body and every transcript of the store."""
    n_emails, n_calls = _counts(store)
    total, done = n_emails + n_calls, 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    emails = analyse_emails(outbound_emails(store).to_pyarrow(), step)
    calls = analyse_calls(transcript_segments(store).to_pyarrow(), step)
    return Analyses(emails, calls)


def refresh_analyses(store: Store, progress: Progress | None = None) -> Analyses:
    """Rebuild `email_analyses` and `call_analyses` from the store's current data."""
    analyses = compute_analyses(store, progress)
    _keep(store, analyses)
    return analyses


def _keep(store: Store, analyses: Analyses) -> None:
    with store.transaction():
        for name, table in (("email_analyses", analyses.emails), ("call_analyses", analyses.calls)):
            store.execute(f"DELETE FROM {quote(name)}")
            store.write(name, table, check_references=False)


def is_current(store: Store) -> bool:
    """Whether the stored analyses cover exactly the store's emails and transcripts."""
    n_emails, n_calls = _counts(store)
    return (store.count("email_analyses"), store.count("call_analyses")) == (n_emails, n_calls)


def current_analyses(store: Store) -> tuple[Any, Any]:
    """(email analyses, call analyses) as Ibis tables: the stored ones when current, else
    computed now, kept in the store, or held in memory for this run when it is read-only."""
    if is_current(store):
        return store.table("email_analyses"), store.table("call_analyses")
    fresh = compute_analyses(store)
    if store.read_only:
        return ibis.memtable(fresh.emails), ibis.memtable(fresh.calls)
    _keep(store, fresh)
    return store.table("email_analyses"), store.table("call_analyses")
