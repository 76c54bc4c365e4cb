"""Per-activity facts from what reps write and say: each sent email and each deal's discovery
call joined with its analysis (`pipeline_doctor.conversations`), and each held meeting with
whether it was prepared. Scoped like every other fact: deals of the population, up to now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.conversations import current_analyses
from pipeline_doctor.facts.activity import population_deal_activities

if TYPE_CHECKING:
    from pipeline_doctor.facts.context import FactContext

PREPARATION_DAYS = 2.0
"""A note or task on the deal at most this many days before a meeting counts as research."""


def conversation_analyses(ctx: FactContext) -> tuple[Any, Any]:
    """(email analyses, call analyses): the store's, analysed first when missing or stale
    (`conversations.current_analyses`); read once per run."""
    out: tuple[Any, Any] = ctx.fact(
        "conversation_analyses", lambda c: current_analyses(c.store), materialise=False
    )
    return out


def _email_facts(ctx: FactContext) -> Any:
    a = population_deal_activities(ctx)
    sent = a.filter(a.kind == "email").select("id", "deal", "rep", "at")
    an = conversation_analyses(ctx)[0]
    j = sent.join(an, sent.id == an.activity)
    return j.select(
        "id",
        "deal",
        "rep",
        "at",
        "words",
        "grade",
        "buyer_focus",
        "call_to_action",
        "personalised",
        "template_copies",
        "moments",
        has_ask=j.call_to_action.notnull(),
        self_focused=j.buyer_focus.notnull() & (j.buyer_focus < 0.5),
    )


def email_facts(ctx: FactContext) -> Any:
    """One row per analysed email the rep sent on a deal of the population: its words, grade,
    buyer focus, call to action, personalisation, template copies and quoted moments."""
    return ctx.fact("email_facts", _email_facts, materialise=False)


def _discovery_calls(ctx: FactContext) -> Any:
    a = population_deal_activities(ctx)
    calls = a.filter(a.kind.isin(("call", "meeting"))).select("id", "deal", "rep", "at")
    an = conversation_analyses(ctx)[1]
    j = calls.join(an, calls.id == an.activity)
    # a deal's first transcribed conversation is its discovery call
    first = j.mutate(order=ibis.row_number().over(group_by=j.deal, order_by=[j.at, j.id]))
    return first.filter(first.order == 0).drop("order", "activity")


def discovery_calls(ctx: FactContext) -> Any:
    """One row per deal of the population that has a transcribed call or meeting: its first
    one (the discovery call) with its analysis."""
    return ctx.fact("discovery_calls", _discovery_calls, materialise=False)


def _meeting_preparation(ctx: FactContext) -> Any:
    a = population_deal_activities(ctx)
    held = (a.kind == "meeting") & (a.outcome.isnull() | (a.outcome == "held"))
    m = a.filter(held).select("id", "deal", "rep", "at", "agenda")
    notes = a.filter(a.kind.isin(("note", "task"))).select(note_deal="deal", note_at="at")
    window = ibis.interval(seconds=int(PREPARATION_DAYS * 86400))
    j = m.left_join(
        notes,
        (m.deal == notes.note_deal) & (notes.note_at < m.at) & (notes.note_at >= m.at - window),
    )
    per = j.group_by(["id", "deal", "rep", "at", "agenda"]).aggregate(research=j.note_at.count())
    has_agenda = per.agenda.notnull() & (per.agenda.strip().length() > 0)
    return per.select(
        "id",
        "deal",
        "rep",
        "at",
        has_agenda=has_agenda,
        has_research=per.research > 0,
        prepared=has_agenda | (per.research > 0),
    )


def meeting_preparation(ctx: FactContext) -> Any:
    """One row per held meeting on a deal of the population: whether it had an agenda, a
    research note or task on the deal in the days before, and so was prepared."""
    return ctx.fact("meeting_preparation", _meeting_preparation, materialise=False)
