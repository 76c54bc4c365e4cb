"""A short description of what a store holds: rows per table, win rate, pipeline by source
and stage, the deal fields the data lacks. Used by `info` and `demo`. Aggregates in Ibis;
Python sees only the small results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline_doctor.model.labels import field_label
from pipeline_doctor.stats import wilson

if TYPE_CHECKING:
    from pipeline_doctor.store.store import Store

NOT_RECORDED = "(not recorded)"
"""The label of deals whose value is empty (null)."""
DEAL_FIELDS = (
    "source",
    "created_at",
    "expected_close",
    "closed_at",
    "amount",
    "stage",
    "account",
    "product",
    "competitor",
    "lost_reason_category",
    "budget",
    "authority",
    "need",
    "timing",
)
"""The optional deal columns worth saying are absent (not bookkeeping such as currencies)."""


@dataclass(frozen=True)
class PipelineSlice:
    """Deals grouped by one attribute: how many are open, won, lost, and the open amount."""

    label: str
    open_deals: int
    open_amount: float
    won: int
    lost: int

    @property
    def win_rate(self) -> float | None:
        closed = self.won + self.lost
        return self.won / closed if closed else None

    @property
    def win_rate_interval(self) -> tuple[float, float] | None:
        """The win rate's 95% Wilson interval (None when nothing is closed)."""
        closed = self.won + self.lost
        if not closed:
            return None
        rate = wilson(self.won, closed)
        return rate.low, rate.high


@dataclass(frozen=True)
class Origin:
    """Where some of the store's data came from: one source and the places it was read."""

    source: str
    """simulator, salesforce, csv, ... (`imports.source`)."""
    locations: list[str]

    @property
    def simulated(self) -> bool:
        return self.source == SIMULATOR


SIMULATOR = "simulator"
"""The source recorded by `pipeline-doctor demo`."""


@dataclass(frozen=True)
class Overview:
    url: str
    schema_version: int
    rows: dict[str, int]
    won: int
    lost: int
    open_deals: int
    by_source: list[PipelineSlice] = field(default_factory=list)
    by_stage: list[PipelineSlice] = field(default_factory=list)
    first_activity: str | None = None
    last_activity: str | None = None
    absent_deal_fields: list[str] = field(default_factory=list)
    """Plain names of the deal fields no import provided (empty when none is recorded)."""
    origins: list[Origin] = field(default_factory=list)
    estimated_open: int = 0
    """Open deals whose amount the import estimated (a product's list price)."""
    """What the imports recorded, by source in the order they first came (empty: none)."""

    @property
    def win_rate(self) -> float | None:
        closed = self.won + self.lost
        return self.won / closed if closed else None


def _slices(deals: Any, column: str) -> list[PipelineSlice]:
    is_open = deals.outcome == "open"
    grouped = deals.group_by(deals[column].name("label")).aggregate(
        open_deals=is_open.sum(),
        open_amount=is_open.ifelse(deals.amount.fill_null(0), 0).sum(),
        won=(deals.outcome == "won").sum(),
        lost=(deals.outcome == "lost").sum(),
    )
    rows = grouped.to_pyarrow().to_pylist()
    slices = [
        PipelineSlice(
            label=NOT_RECORDED if r["label"] is None else str(r["label"]),
            open_deals=int(r["open_deals"] or 0),
            open_amount=float(r["open_amount"] or 0.0),
            won=int(r["won"] or 0),
            lost=int(r["lost"] or 0),
        )
        for r in rows
    ]
    return sorted(slices, key=lambda s: (-s.open_amount, s.label))


def _stage_order(store: Store) -> dict[str, int]:
    stages = store.table("stages").select("name", "stage_order").to_pyarrow().to_pylist()
    return {r["name"]: int(r["stage_order"]) for r in stages}


def absent_deal_columns(store: Store) -> list[str]:
    """The deal columns of `DEAL_FIELDS` no import provided as data; none when no import
    recorded what it provided (deals written by hand: nothing is known to be absent)."""
    provenance = store.table("provided_columns")
    if provenance.filter(provenance.table_name == "deals").count().to_pyarrow().as_py() == 0:
        return []
    provided = store.provided_columns().get("deals", frozenset())
    return [c for c in DEAL_FIELDS if c not in provided]


def origins(store: Store) -> list[Origin]:
    """The sources of the store's imports and where each read from, first imported first."""
    imports = store.table("imports")
    rows = imports.order_by(["started_at", "id"]).select("source", "location").to_pyarrow()
    found: dict[str, list[str]] = {}
    for row in rows.to_pylist():
        places = found.setdefault(row["source"], [])
        if row["location"] and row["location"] not in places:
            places.append(row["location"])
    return [Origin(source, places) for source, places in found.items()]


def overview(store: Store) -> Overview:
    """Summarise the store's contents in one pass of small aggregate queries."""
    rows = store.counts()
    deals = store.table("deals")
    totals = (
        deals.aggregate(
            won=(deals.outcome == "won").sum(),
            lost=(deals.outcome == "lost").sum(),
            open_deals=(deals.outcome == "open").sum(),
            estimated=((deals.outcome == "open") & deals.amount_estimated.fill_null(False)).sum(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    absent = absent_deal_columns(store)
    by_stage = _slices(deals, "stage")
    order = _stage_order(store)
    by_stage.sort(key=lambda s: (order.get(s.label, len(order)), s.label))
    activities = store.table("activities")
    span = activities.aggregate(first=activities.at.min(), last=activities.at.max())
    first, last = span.to_pyarrow().to_pylist()[0].values()
    return Overview(
        url=store.label,  # shown by `info` and the report: no password
        schema_version=store.schema_version,
        rows=rows,
        won=int(totals["won"] or 0),
        lost=int(totals["lost"] or 0),
        open_deals=int(totals["open_deals"] or 0),
        estimated_open=int(totals["estimated"] or 0),
        by_source=[] if "source" in absent else _slices(deals, "source"),
        by_stage=[] if "stage" in absent else by_stage,
        first_activity=None if first is None else first.date().isoformat(),
        last_activity=None if last is None else last.date().isoformat(),
        absent_deal_fields=list(dict.fromkeys(field_label(f"deals.{c}") for c in absent)),
        origins=origins(store),
    )
