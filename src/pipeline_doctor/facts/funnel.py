"""Stage facts: every visit of a deal to a stage and how long it lasted, the furthest open
stage each deal reached, and each rep's reach/advance counts per stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

if TYPE_CHECKING:
    from pipeline_doctor.facts.context import FactContext


def _stage_visits(ctx: FactContext) -> Any:
    sc = ctx.table("stage_changes")
    deals = ctx.population_deals().select(deal_id=ibis._.id, outcome=ibis._.outcome)
    sc = sc.join(deals, sc.deal == deals.deal_id).drop("deal_id")
    w = ibis.window(group_by=sc.deal, order_by=[sc.at, sc.to_stage])
    nxt = sc.at.lead().over(w)
    left = nxt.fill_null(ibis.literal(ctx.now()))
    return sc.select(
        deal=sc.deal,
        outcome=sc.outcome,
        stage=sc.to_stage,
        stage_order=ctx.stage_order_expr(sc.to_stage),
        entered_at=sc.at,
        left_at=nxt,
        days=(left.epoch_seconds() - sc.at.epoch_seconds()) / 86400.0,
    )


def stage_visits(ctx: FactContext) -> Any:
    """One row per (deal, entry into a stage): days spent there (until now if still there)."""
    return ctx.fact("stage_visits", _stage_visits)


def deal_stage_reach(ctx: FactContext) -> Any:
    """Per deal: the furthest open stage reached and when its current stage was entered."""
    v = stage_visits(ctx)
    open_orders = [s.order for s in ctx.open_stages()]
    is_open_stage = v.stage_order.isin(open_orders) if open_orders else ibis.literal(False)
    # the current stage was entered at the latest entry of any stage
    return v.group_by(v.deal).aggregate(
        reached_order=v.stage_order.max(where=is_open_stage),
        stage_entered_at=v.entered_at.max(),
    )


def rep_stage_funnel(ctx: FactContext) -> Any:
    """Per (rep, open stage), over the population: closed deals that reached the stage and how
    many went further (materialised: the rep funnel check and the diagnosis both read it).

    A won deal passed every stage; a lost deal stopped at its furthest open stage."""
    return ctx.fact("rep_stage_funnel", _rep_stage_funnel)


def _rep_stage_funnel(ctx: FactContext) -> Any:
    from pipeline_doctor.facts.deals import population_facts

    d = population_facts(ctx, "rep", "outcome", "reached_order", "amount")
    closed = d.filter(d.outcome.isin(("won", "lost")))
    rows = []
    stages = ctx.open_stages()
    for s in stages:
        reached = closed.filter((closed.outcome == "won") | (closed.reached_order >= s.order))
        went_on = (reached.outcome == "won") | (reached.reached_order > s.order)
        rows.append(
            reached.group_by(reached.rep).aggregate(
                stage=ibis.literal(s.name),
                stage_order=ibis.literal(s.order),
                reached=reached.count(),
                advanced=went_on.sum(),
                lost_amount=(~went_on).ifelse(reached.amount, 0.0).sum(),
            )
        )
    if not rows:
        return (
            closed.group_by(closed.rep)
            .aggregate(
                stage=ibis.literal(""),
                stage_order=ibis.literal(0),
                reached=closed.count(),
                advanced=closed.count(),
                lost_amount=ibis.literal(0.0),
            )
            .limit(0)
        )
    return ibis.union(*rows)
