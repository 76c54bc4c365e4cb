"""The data a run reads: the store through one scope (team, since, until, rep), the store's profile,
and a per-run cache of derived tables so each is built once.

Every table a check or a fact reads comes through here, filtered by the scope; nothing else
applies the scope, so nothing can forget it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import ibis

from pipeline_doctor.facts.profile import StageInfo, StoreProfile, load_profile
from pipeline_doctor.facts.scope import DataScope

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

EPOCH = dt.datetime(2000, 1, 1)


@dataclass
class FactContext:
    """Per-run inputs of facts and checks. Not shared between runs (no global state)."""

    store: Store
    scope: DataScope = field(default_factory=DataScope)
    as_of: dt.datetime | None = None
    cache_facts: bool = True
    profile: StoreProfile = field(init=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _materialised: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self.profile = load_profile(self.store)
        if self.as_of is None:
            self.as_of = self.profile.latest or EPOCH

    def close(self) -> None:
        """Drop the materialised facts (temporary tables) of this run."""
        for key in list(self._cache):
            value = self._cache.pop(key)
            release = getattr(value, "release", None)
            if key in self._materialised and release is not None:
                release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the store holds ----------------------------------------------------------------
    def has(self, need: str) -> bool:
        """`table` has rows, or `table.column` was provided by an import."""
        table, _, column = need.partition(".")
        if not column:
            return self.profile.has_rows(table)
        return self.profile.is_provided(table, column)

    def count(self, name: str) -> int:
        """Rows of a canonical table in the whole store (not the scope)."""
        return self.profile.counts.get(name, 0)

    def now(self) -> dt.datetime:
        assert self.as_of is not None
        return self.as_of

    # -- tables through the scope ----------------------------------------------------------
    def table(self, name: str) -> Any:
        """An unscoped canonical table (accounts, contacts, stages: not the scope's subject)."""
        return self.store.table(name)

    def team_rep_ids(self) -> list[str]:
        teams = self.profile.rep_teams
        return sorted(
            r for r, t in teams.items() if self.scope.team is None or t == self.scope.team
        )

    def _by_team(self, t: Any, rep_column: str) -> Any:
        if self.scope.team is None:
            return t
        return t.filter(t[rep_column].isin(self.team_rep_ids()))

    def _since(self, t: Any, column: str) -> Any:
        """Rows whose `column` falls in the scope's window (all rows when it has none)."""
        if self.scope.since is not None:
            t = t.filter(t[column] >= self.scope.since)
        if self.scope.until is not None:
            t = t.filter(t[column] < self.scope.until)
        return t

    def population_deals(self) -> Any:
        """Deals of the team's reps created since `since` (a rep's comparison population)."""
        return self._since(self._by_team(self.table("deals"), "rep"), "created_at")

    def deals(self) -> Any:
        """The subject's deals: the population, narrowed to the scope's rep."""
        d = self.population_deals()
        return d if self.scope.rep is None else d.filter(d.rep == self.scope.rep)

    def population_activities(self) -> Any:
        """Activities by the team's reps since `since`, not after `as_of`."""
        a = self._since(self._by_team(self.table("activities"), "rep"), "at")
        return a.filter(a.at <= self.now())

    def activities(self) -> Any:
        a = self.population_activities()
        return a if self.scope.rep is None else a.filter(a.rep == self.scope.rep)

    def population_leads(self) -> Any:
        return self._since(self._by_team(self.table("leads"), "rep"), "created_at")

    def leads(self) -> Any:
        leads = self.population_leads()
        return leads if self.scope.rep is None else leads.filter(leads.rep == self.scope.rep)

    def referrals(self) -> Any:
        r = self._by_team(self.table("referrals"), "rep")
        if self.scope.windowed:
            r = r.mutate(_when=r.asked_at.fill_null(r.introduced_at))
            r = self._since(r, "_when").drop("_when")
        return r if self.scope.rep is None else r.filter(r.rep == self.scope.rep)

    def in_subject(self, rep_column: Any) -> Any:
        """A boolean expression: the row belongs to the subject (always true without a rep)."""
        return ibis.literal(True) if self.scope.rep is None else rep_column == self.scope.rep

    # -- shared facts ------------------------------------------------------------------------
    def fact(
        self, name: str, build: Callable[[FactContext], Any], *, materialise: bool = True
    ) -> Any:
        """A shared derived table, built once per run; materialised (a query runs) when caching
        is on and `materialise`, else kept as an expression."""
        if name not in self._cache:
            expr = build(self)
            keep = self.cache_facts and materialise
            self._cache[name] = expr.cache() if keep else expr
            if keep:
                self._materialised.add(name)
        return self._cache[name]

    # -- stages ------------------------------------------------------------------------------
    def stages(self) -> list[StageInfo]:
        return list(self.profile.stages)

    def open_stages(self) -> list[StageInfo]:
        return [s for s in self.profile.stages if not s.closed]

    def stage_order_expr(self, column: Any) -> Any:
        """An Ibis expression mapping a stage-name column to its order (null when unknown)."""
        cases = [(column == s.name, s.order) for s in self.profile.stages]
        if not cases:
            return ibis.null().cast("int64")
        return ibis.cases(*cases, else_=ibis.null().cast("int64"))

    def stage_order(self, name: str, default: int) -> int:
        for s in self.profile.stages:
            if s.name.lower() == name.lower():
                return s.order
        return default
