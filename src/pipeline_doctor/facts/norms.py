"""The organisation's own norms, from its won deals: how long won deals take, in all and per
stage. Small tables (a row, a row per stage), materialised once per run so the checks that
judge against them refer to them instead of recomputing them in every query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline_doctor.facts.deals import population_facts
from pipeline_doctor.facts.funnel import stage_visits

if TYPE_CHECKING:
    from pipeline_doctor.facts.context import FactContext


def _won_cycle(ctx: FactContext) -> Any:
    d = population_facts(ctx, "outcome", "age_days")
    won = (d.outcome == "won") & d.age_days.notnull()
    return d.aggregate(
        won=d.count(where=won),
        p90=d.age_days.quantile(0.9, where=won),
        p99=d.age_days.quantile(0.99, where=won),
    )


def won_cycle(ctx: FactContext) -> Any:
    """One row: won deals of the population with a known cycle (`won`), and the 90th and 99th
    percentiles of their days from creation to close (`p90`, `p99`)."""
    return ctx.fact("won_cycle", _won_cycle)


def _stage_norms(ctx: FactContext) -> Any:
    v = stage_visits(ctx)
    won = v.filter((v.outcome == "won") & v.left_at.notnull())
    return won.group_by(won.stage).aggregate(
        won_visits=won.count(), p90=won.days.quantile(0.9), stage_order=won.stage_order.max()
    )


def stage_norms(ctx: FactContext) -> Any:
    """Per stage: visits of deals that went on to win and left it, and the 90th percentile of
    the days they spent there."""
    return ctx.fact("stage_norms", _stage_norms)
