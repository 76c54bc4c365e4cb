"""Per-deal activity aggregates and per-meeting next-step facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

if TYPE_CHECKING:
    from pipeline_doctor.checks.context import CheckContext

UNANSWERED = ("no_answer", "voicemail", "bounced", "no_show")
TOUCH_KINDS = ("call", "email", "meeting")


def _deal_activity(ctx: CheckContext) -> Any:
    a = ctx.activities()
    a = a.filter(a.deal.notnull() & (a.at <= ctx.now()))
    touch = a.kind.isin(TOUCH_KINDS)
    out = touch & (a.direction == "outbound")
    inbound = touch & ((a.direction == "inbound") | (a.outcome == "replied"))
    held = (a.kind == "meeting") & (a.outcome.isnull() | (a.outcome == "held"))
    # asks: outbound calls and emails; responses: a call that connected or a reply
    ask = a.kind.isin(("call", "email")) & (a.direction == "outbound")
    response = ((a.kind == "call") & (a.outcome == "connected")) | (a.outcome == "replied")
    return a.group_by(a.deal).aggregate(
        n_asks=ask.sum(),
        n_responses=response.sum(),
        last_response_at=response.ifelse(a.at, ibis.null().cast("timestamp")).max(),
        n_activities=a.count(),
        n_touches=touch.sum(),
        n_outbound=out.sum(),
        n_inbound=inbound.sum(),
        n_unanswered=(out & a.outcome.isin(UNANSWERED)).sum(),
        n_meetings=held.sum(),
        # min/max instead of a distinct count: "one contact or none" is all the checks ask,
        # and a distinct count over every activity costs several times the whole aggregate.
        contact_min=a.contact.min(),
        contact_max=a.contact.max(),
        first_activity_at=a.at.min(),
        last_activity_at=a.at.max(),
        last_inbound_at=inbound.ifelse(a.at, ibis.null().cast("timestamp")).max(),
    )


def deal_activity(ctx: CheckContext) -> Any:
    """One row per deal with touches, outbound/inbound/unanswered counts, meetings, contacts."""
    return ctx.fact("deal_activity", _deal_activity)


def _meeting_facts(ctx: CheckContext) -> Any:
    a = ctx.activities()
    held = (a.kind == "meeting") & (a.outcome.isnull() | (a.outcome == "held"))
    m = a.filter(held & a.deal.notnull() & (a.at <= ctx.now()))
    due_days = (m.next_step_due.epoch_seconds() - m.at.epoch_seconds()) / 86400.0
    return m.select(
        id=m.id,
        deal=m.deal,
        rep=m.rep,
        at=m.at,
        has_next_step=m.next_step.notnull() & (m.next_step.strip().length() > 0),
        due_days=due_days,
    )


def meeting_facts(ctx: CheckContext) -> Any:
    """One row per held meeting on a deal: whether a next step was agreed and when it is due."""
    return ctx.fact("meeting_facts", _meeting_facts)
