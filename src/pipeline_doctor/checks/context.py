"""What every check sees: the scoped data of `FactContext`, the run's configured checks (so a
check that reuses another's rule uses the instance the user configured) and the run's `Basis`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline_doctor.checks.judgement import Basis
from pipeline_doctor.facts.context import FactContext
from pipeline_doctor.facts.conversations import conversation_analyses
from pipeline_doctor.facts.deals import deal_facts, population_facts
from pipeline_doctor.facts.funnel import rep_stage_funnel
from pipeline_doctor.facts.norms import stage_norms, won_cycle

if TYPE_CHECKING:
    from pipeline_doctor.checks.base import Check

C = TypeVar("C", bound="Check")


@dataclass
class CheckContext(FactContext):
    """Per-run inputs of the checks. Not shared between runs (no global state)."""

    checks: dict[str, Check] = field(default_factory=dict)
    _basis: Basis | None = field(default=None, repr=False)
    _prepared: bool = field(default=False, repr=False)

    def check(self, cls: type[C]) -> C:
        """The run's configured instance of `cls` (its defaults when not in the run)."""
        found = self.checks.get(cls.id)
        return found if isinstance(found, cls) else cls()

    def covered_elsewhere(self, me: Check) -> frozenset[str]:
        """Deal attributes other checks of this run judge (declared in their `covers`)."""
        return frozenset(a for c in self.checks.values() if c.id != me.id for a in c.covers)

    def prepare(self) -> None:
        """Materialise the facts several checks share, before any check measures (so that a
        check's `measure` only builds queries and never runs one)."""
        if self._prepared:
            return
        self._prepared = True
        if self.has("deals"):
            population_facts(self)
            won_cycle(self)
            if self.has("stage_changes"):
                stage_norms(self)
            if self.has("stages"):
                rep_stage_funnel(self)
            if self.has("activities.body") or self.has("transcript_segments"):
                conversation_analyses(self)

    def basis(self) -> Basis:
        """The subject's totals and what money can be said, computed once per run."""
        if self._basis is None:
            self._basis = _compute_basis(self)
        return self._basis


def _compute_basis(ctx: CheckContext) -> Basis:
    d = deal_facts(ctx, "outcome", "amount", "currency", "amount_estimated")
    is_open, won = d.outcome == "open", d.outcome == "won"
    priced = d.amount.notnull() & (d.amount > 0)
    row: dict[str, Any] = (
        d.aggregate(
            deals=d.count(),
            won=d.count(where=won),
            lost=d.count(where=d.outcome == "lost"),
            open_deals=d.count(where=is_open),
            open_priced=d.count(where=is_open & priced),
            won_priced=d.count(where=won & priced),
            open_amount=d.amount.sum(where=is_open).fill_null(0.0),
            won_amount=d.amount.sum(where=won).fill_null(0.0),
            estimated_open=d.count(where=is_open & d.amount_estimated),
            currencies=d.currency.nunique(),
            currency=d.currency.max(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    if row["open_deals"]:
        money_known = row["open_priced"] >= row["open_deals"] / 2
    else:
        money_known = row["won_priced"] > 0 and row["won_priced"] >= row["won"] / 2
    currency = (
        None if not row["currencies"] else "mixed" if row["currencies"] > 1 else row["currency"]
    )
    return Basis(
        scope=ctx.scope,
        as_of=ctx.now(),
        rep_names=dict(ctx.profile.rep_names),
        deals=int(row["deals"]),
        won=int(row["won"]),
        lost=int(row["lost"]),
        open_deals=int(row["open_deals"]),
        open_amount=float(row["open_amount"]),
        won_amount=float(row["won_amount"]),
        money_known=bool(money_known),
        currency=currency,
        estimated_open=int(row["estimated_open"]),
    )
