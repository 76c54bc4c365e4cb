"""What every check sees: the store, the org's "now" (`as_of`), the scope filters (team, since)
and a per-run cache of shared facts, so the same derived table is computed once per run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import ibis

if TYPE_CHECKING:
    from pipeline_doctor.store import Store


@dataclass(frozen=True)
class StageInfo:
    name: str
    order: int
    closed: bool
    won: bool


@dataclass
class CheckContext:
    """Per-run inputs of the checks. Not shared between runs (no global state)."""

    store: Store
    as_of: dt.datetime | None = None
    team: str | None = None
    since: dt.datetime | None = None
    rep: str | None = None
    cache_facts: bool = True
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _materialised: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.as_of is None:
            self.as_of = self._latest_timestamp()

    def close(self) -> None:
        """Drop the materialised facts (temporary tables) of this run."""
        for key in list(self._cache):
            value = self._cache.pop(key)
            release = getattr(value, "release", None)
            if key in self._materialised and release is not None:
                release()

    def __enter__(self) -> CheckContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- raw and filtered tables -------------------------------------------------------------
    def table(self, name: str) -> Any:
        return self.store.table(name)

    def count(self, name: str) -> int:
        key = f"count:{name}"
        if key not in self._cache:
            self._cache[key] = self.store.count(name)
        return int(self._cache[key])

    def now(self) -> dt.datetime:
        assert self.as_of is not None
        return self.as_of

    def team_reps(self) -> Any:
        reps = self.table("reps")
        return reps.filter(reps.team == self.team) if self.team else reps

    def deals(self) -> Any:
        """Deals in scope: the team's reps' deals, created since `since`."""
        deals = self.table("deals")
        if self.team:
            deals = deals.filter(deals.rep.isin(self.team_reps().id))
        if self.since:
            deals = deals.filter(deals.created_at >= self.since)
        return deals

    def activities(self) -> Any:
        """Activities in scope (the team's reps, since `since`), not after `as_of`."""
        acts = self.table("activities")
        if self.team:
            acts = acts.filter(acts.rep.isin(self.team_reps().id))
        if self.since:
            acts = acts.filter(acts.at >= self.since)
        return acts

    # -- shared facts ------------------------------------------------------------------------
    def fact(self, name: str, build: Callable[[CheckContext], Any]) -> Any:
        """A shared derived table, built once per run (materialised when caching is on)."""
        if name not in self._cache:
            expr = build(self)
            self._cache[name] = expr.cache() if self.cache_facts else expr
            if self.cache_facts:
                self._materialised.add(name)
        return self._cache[name]

    def small(self, name: str, build: Callable[[CheckContext], Any]) -> Any:
        """A small Python value computed once per run (baselines, stage lists)."""
        if name not in self._cache:
            self._cache[name] = build(self)
        return self._cache[name]

    def stages(self) -> list[StageInfo]:
        def build(ctx: CheckContext) -> list[StageInfo]:
            rows = ctx.table("stages").to_pyarrow().to_pylist()
            by_name: dict[str, StageInfo] = {}
            for r in sorted(rows, key=lambda r: (r["pipeline"] != "default", r["stage_order"])):
                by_name.setdefault(
                    r["name"],
                    StageInfo(r["name"], int(r["stage_order"]), bool(r["closed"]), bool(r["won"])),
                )
            return sorted(by_name.values(), key=lambda s: s.order)

        result: list[StageInfo] = self.small("stages", build)
        return result

    def open_stages(self) -> list[StageInfo]:
        return [s for s in self.stages() if not s.closed]

    def stage_order_expr(self, column: Any) -> Any:
        """An Ibis expression mapping a stage-name column to its order (null when unknown)."""
        cases = [(column == s.name, s.order) for s in self.stages()]
        if not cases:
            return ibis.null().cast("int64")
        return ibis.cases(*cases, else_=ibis.null().cast("int64"))

    def stage_order(self, name: str, default: int) -> int:
        for s in self.stages():
            if s.name.lower() == name.lower():
                return s.order
        return default

    # -- money -------------------------------------------------------------------------------
    def reference_value(self) -> float:
        """The scale money at stake is judged against: open pipeline or won revenue, larger."""

        def build(ctx: CheckContext) -> float:
            d = ctx.deals()
            amount = d.amount.fill_null(0)
            row = (
                d.aggregate(
                    open=(d.outcome == "open").ifelse(amount, 0).sum(),
                    won=(d.outcome == "won").ifelse(amount, 0).sum(),
                )
                .to_pyarrow()
                .to_pylist()[0]
            )
            return float(max(row["open"] or 0, row["won"] or 0, 1.0))

        value: float = self.small("reference_value", build)
        return value

    def severity(self, money: float) -> Literal["high", "medium", "low"]:
        share = money / self.reference_value()
        return "high" if share >= 0.05 else "medium" if share >= 0.01 else "low"

    def _latest_timestamp(self) -> dt.datetime:
        candidates: list[dt.datetime] = []
        for table, col in (("deals", "created_at"), ("deals", "closed_at"), ("activities", "at")):
            value = self.store.table(table)[col].max().to_pyarrow().as_py()
            if value is not None:
                candidates.append(value)
        return max(candidates) if candidates else dt.datetime(2000, 1, 1)
