"""Per-deal activity aggregates and per-meeting next-step facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline_doctor.facts.context import FactContext

UNANSWERED = ("no_answer", "voicemail", "bounced", "no_show")
TOUCH_KINDS = ("call", "email", "meeting")


def population_deal_activities(ctx: FactContext) -> Any:
    """Every activity (by anyone, up to now) on a deal of the population."""
    a = ctx.table("activities")
    a = a.filter(a.deal.notnull() & (a.at <= ctx.now()))
    if ctx.scope.team is None and not ctx.scope.windowed:
        return a  # every deal is in the population: no join over every activity
    deals = ctx.population_deals().select(deal_id="id")
    return a.join(deals, a.deal == deals.deal_id).drop("deal_id")


def _deal_activity(ctx: FactContext) -> Any:
    a = population_deal_activities(ctx)
    contacts = ctx.table("contacts")
    # membership tests, not a join: joining 30M activities to their contacts doubled the cost
    decision_makers = contacts.filter(contacts.buying_role == "decision_maker").id
    touch = a.kind.isin(TOUCH_KINDS)
    out = touch & (a.direction == "outbound")
    inbound = touch & ((a.direction == "inbound") | (a.outcome == "replied"))
    held = (a.kind == "meeting") & (a.outcome.isnull() | (a.outcome == "held"))
    # asks: outbound calls and emails; responses: a call that connected or a reply
    ask = a.kind.isin(("call", "email")) & (a.direction == "outbound")
    response = ((a.kind == "call") & (a.outcome == "connected")) | (a.outcome == "replied")
    # Filtered aggregates (COUNT(*) FILTER (WHERE ...)) rather than sums of cast booleans:
    # one pass over every activity, about twice as fast on DuckDB (benchmarks/bench_diagnose).
    return a.group_by(a.deal).aggregate(
        n_asks=a.count(where=ask),
        n_responses=a.count(where=response),
        n_activities=a.count(),
        n_touches=a.count(where=touch),
        n_outbound=a.count(where=out),
        n_inbound=a.count(where=inbound),
        n_unanswered=a.count(where=out & a.outcome.isin(UNANSWERED)),
        n_meetings=a.count(where=held),
        # touches of the buyer's decision maker (link 9)
        n_decision_maker=a.count(where=a.contact.isin(decision_makers)),
        # min/max instead of a distinct count: "one contact or none" is all the checks ask,
        # and a distinct count over every activity costs several times the whole aggregate.
        contact_min=a.contact.min(),
        contact_max=a.contact.max(),
        last_activity_at=a.at.max(),
    )


def deal_activity(ctx: FactContext) -> Any:
    """One row per deal with touches, outbound/inbound/unanswered counts, meetings, contacts and
    touches of decision makers and technical contacts."""
    return ctx.fact("deal_activity", _deal_activity, materialise=False)


def _meeting_facts(ctx: FactContext) -> Any:
    a = population_deal_activities(ctx)
    held = (a.kind == "meeting") & (a.outcome.isnull() | (a.outcome == "held"))
    m = a.filter(held)
    due_days = (m.next_step_due.epoch_seconds() - m.at.epoch_seconds()) / 86400.0
    return m.select(
        id=m.id,
        deal=m.deal,
        rep=m.rep,
        at=m.at,
        has_next_step=m.next_step.notnull() & (m.next_step.strip().length() > 0),
        due_days=due_days,
    )


def meeting_facts(ctx: FactContext) -> Any:
    """One row per held meeting on a deal of the population: whether a next step was agreed
    and when it is due."""
    return ctx.fact("meeting_facts", _meeting_facts, materialise=False)
