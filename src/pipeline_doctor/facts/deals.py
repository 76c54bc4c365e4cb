"""The per-deal fact table: outcome, age, BANT gaps, activity, close-date pushes, reopenings,
furthest stage reached and when the current stage was entered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.facts.activity import deal_activity
from pipeline_doctor.facts.funnel import deal_stage_reach

if TYPE_CHECKING:
    from pipeline_doctor.checks.context import CheckContext

BANT = ("budget", "authority", "need", "timing")


def days_between(later: Any, earlier: Any) -> Any:
    """Fractional days between two timestamp expressions (portable across backends)."""
    return (later.epoch_seconds() - earlier.epoch_seconds()) / 86400.0


def _field_history(ctx: CheckContext) -> Any:
    f = ctx.table("field_changes")
    push = (f.field == "expected_close") & (f.new_value > f.old_value)
    reopen = (f.field == "outcome") & (f.new_value == "open") & f.old_value.isin(("won", "lost"))
    return f.group_by(f.deal).aggregate(n_pushes=push.sum(), n_reopens=reopen.sum())


def _deal_facts(ctx: CheckContext) -> Any:
    d = ctx.deals()
    now = ibis.literal(ctx.now())
    end = d.closed_at.fill_null(now)
    base = d.select(
        id=d.id,
        rep=d.rep,
        account=d.account,
        source=d.source,
        amount=d.amount.fill_null(0.0),
        outcome=d.outcome,
        stage=d.stage,
        stage_order=ctx.stage_order_expr(d.stage),
        created_at=d.created_at,
        closed_at=d.closed_at,
        age_days=days_between(end, d.created_at),
        lost_reason_category=d.lost_reason_category,
        lost_reason_text=d.lost_reason_text,
        n_unknown_bant=sum(((d[c] == "unknown").cast("int64") for c in BANT), ibis.literal(0)),
        **{f"{c}_unknown": d[c] == "unknown" for c in BANT},
    )
    acts = deal_activity(ctx)
    hist = _field_history(ctx)
    reach = deal_stage_reach(ctx)
    j = base.left_join(acts, base.id == acts.deal).drop("deal")
    j = j.left_join(hist, j.id == hist.deal).drop("deal")
    j = j.left_join(reach, j.id == reach.deal).drop("deal")
    zero = (
        "n_activities", "n_touches", "n_outbound", "n_inbound", "n_unanswered", "n_meetings",
        "n_asks", "n_responses", "n_decision_maker", "n_technical",
    )  # fmt: skip
    fills = {c: j[c].fill_null(0) for c in (*zero, "n_pushes", "n_reopens")}
    fills["single_contact"] = j.contact_min.isnull() | (j.contact_min == j.contact_max)
    first_open = min((s.order for s in ctx.open_stages()), default=0)
    fills["reached_order"] = ibis.greatest(
        j.reached_order.fill_null(first_open),
        (j.outcome == "open").ifelse(j.stage_order.fill_null(first_open), first_open),
    )
    fills["stage_entered_at"] = j.stage_entered_at.fill_null(j.created_at)
    return j.mutate(**fills).drop("contact_min", "contact_max")


def deal_facts(ctx: CheckContext) -> Any:
    """One row per deal in scope with everything the checks ask about a deal."""
    return ctx.fact("deal_facts", _deal_facts)
