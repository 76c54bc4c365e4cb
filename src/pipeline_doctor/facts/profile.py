"""What a store holds, read once per run before any check measures: rows per table, which
columns some import provided, the stages, the reps and the organisation's "now".

Checks build their queries from this (a stage order, a column that is absent) without running
queries of their own; it is a handful of small reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.model.schema import TABLES_BY_NAME

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

ANALYSED = ("reps", "accounts", "contacts", "leads", "deals", "stage_changes", "field_changes",
            "activities", "transcript_segments", "referrals", "stages", "quotas",
            "email_analyses", "call_analyses")  # fmt: skip
"""The canonical tables the checks read (rejects and imports are bookkeeping)."""


@dataclass(frozen=True)
class StageInfo:
    name: str
    order: int
    closed: bool
    won: bool


@dataclass(frozen=True)
class StoreProfile:
    """Small facts about the whole store (not the scope): the same for every check of a run."""

    counts: dict[str, int]
    provided: dict[str, frozenset[str]]
    stages: tuple[StageInfo, ...]
    rep_names: dict[str, str]
    rep_teams: dict[str, str | None]
    latest: dt.datetime | None
    extra_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def has_rows(self, table: str) -> bool:
        return self.counts.get(table, 0) > 0

    def is_provided(self, table: str, column: str) -> bool:
        """Whether some import filled `table.column` from the source's data (a constant set by a
        mapping, or a column nobody mapped, is not provided)."""
        return self.has_rows(table) and column in self.provided.get(table, frozenset())


def rows(table: Any) -> list[dict[str, Any]]:
    """A small Ibis result as Python rows (one dict per row)."""
    out: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return out


def _stages(store: Store) -> tuple[StageInfo, ...]:
    stages = rows(store.table("stages"))
    by_name: dict[str, StageInfo] = {}
    for r in sorted(stages, key=lambda r: (r["pipeline"] != "default", r["stage_order"])):
        by_name.setdefault(
            r["name"],
            StageInfo(r["name"], int(r["stage_order"]), bool(r["closed"]), bool(r["won"])),
        )
    return tuple(sorted(by_name.values(), key=lambda s: s.order))


def _inferred_provided(store: Store, table: str) -> frozenset[str]:
    """Columns with at least one value: for data written straight into a store (tests, older
    tools) with no record of what an import provided."""
    t = store.table(table)
    names = [c for c in TABLES_BY_NAME[table].column_names if c in t.columns]
    counts = rows(t.aggregate(**{f"n_{i}": t[c].count() for i, c in enumerate(names)}))[0]
    return frozenset(c for i, c in enumerate(names) if counts[f"n_{i}"])


def _provided(store: Store, counts: dict[str, int]) -> dict[str, frozenset[str]]:
    recorded: dict[str, frozenset[str]] = dict(getattr(store, "provided_columns", dict)())
    out: dict[str, frozenset[str]] = {}
    for name in ANALYSED:
        if not counts.get(name):
            continue
        out[name] = recorded.get(name) or _inferred_provided(store, name)
    return out


def _counts_and_latest(store: Store) -> tuple[dict[str, int], dt.datetime | None]:
    """Rows per analysed table and the latest time the data mentions (the organisation's
    "now": an export's date), in one query: each query costs tens of milliseconds to build."""
    parts = [
        store.table(name).aggregate(
            table=ibis.literal(name), rows=ibis._.count(), latest=ibis.null("timestamp")
        )
        for name in ANALYSED
    ]
    for table, col in (("deals", "created_at"), ("deals", "closed_at"), ("activities", "at")):
        t = store.table(table)
        parts.append(t.aggregate(table=ibis.literal(""), rows=ibis.literal(0, "int64"),
                                 latest=t[col].max().cast("timestamp")))  # fmt: skip
    per_table = rows(ibis.union(*parts))
    counts = {r["table"]: int(r["rows"]) for r in per_table if r["table"]}
    found = [r["latest"] for r in per_table if r["latest"] is not None]
    return counts, (max(found) if found else None)


def load_profile(store: Store) -> StoreProfile:
    counts, latest = _counts_and_latest(store)
    provided = _provided(store, counts)
    reps = rows(store.table("reps").select("id", "name", "team"))
    extra = {
        table: tuple(sorted(c.removeprefix("extra.") for c in cols if c.startswith("extra.")))
        for table, cols in provided.items()
    }
    return StoreProfile(
        counts=counts,
        provided=provided,
        stages=_stages(store),
        rep_names={r["id"]: r["name"] or r["id"] for r in reps},
        rep_teams={r["id"]: r["team"] for r in reps},
        latest=latest,
        extra_keys={t: keys for t, keys in extra.items() if keys},
    )
