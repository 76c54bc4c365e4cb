"""The traits of a deal that can explain a loss, each measured per deal from the store with the
same rule as the check of its link, declared once: what it is called, how a loss it explains
is filed (DESIGN link 10), which recorded reasons are consistent with it, what data it needs,
and which of the simulator's planted kinds it answers (for scoring, as checks declare).

`trait_columns` builds one row per deal of the population with a column per measurable
feature (larger = further from good practice); a deal where a feature cannot be measured (no
meetings, no emails) has a null there, which the model reads as typical of a won deal.

A habit (`Trait.habit`: agendas, next steps, discovery, follow-up) shows in a deal only through
its few meetings, emails or one call, a noisy sample of how its rep works; read alone, that
noise hides what the habit costs (a rep who agrees next steps in 12% of meetings has deals
at 0%, 50% and 100%). So the model also reads, beside the deal's own value, the average of
its rep's deals (`<feature>_rep`, null where the deal's own is), and the team's outcomes decide
how much each tells, as for every other feature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis

from pipeline_doctor.casework.models import LossCategory
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.follow_up_quality import FollowUpQuality
from pipeline_doctor.checks.next_step import MissingNextStep
from pipeline_doctor.facts import (
    BANT,
    discovery_calls,
    email_facts,
    meeting_facts,
    meeting_preparation,
    population_facts,
)
from pipeline_doctor.model.labels import value_label
from pipeline_doctor.wording import plural

REP = "_rep"
"""Suffix of a habit feature's average over the deal's rep's deals."""

Words = Callable[[dict[str, Any], dict[str, float]], str]
"""The evidence in a sentence, from the deal's values and the won deals' averages."""


@dataclass(frozen=True)
class Trait:
    key: str
    label: str
    category: LossCategory
    consistent: frozenset[str]
    """Recorded lost-reason categories this cause is consistent with."""
    needs: tuple[str | tuple[str, ...], ...]
    """Data the trait needs, every one (a tuple entry of options: any one)."""
    features: tuple[str, ...]
    words: Words
    answers: tuple[str, ...] = ()
    encoded: str | None = None
    """A deal-facts column whose categories are replaced by how rarely they win (source,
    industry): the feature is then `features[0]`."""
    habit: bool = False
    """A habit of the rep, seen in a deal's few events: its rep's average is read too."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The model's features: `features`, and for a habit each one's rep average."""
        return self.features + tuple(f"{f}{REP}" for f in self.features if self.habit)


def _source(source: Any) -> str:
    return value_label("deals.source", source) if source else "an unrecorded source"


def _pct(x: Any) -> str:
    return "—" if x is None else f"{100 * float(x):.0f}%"


def _questions(negated: Any) -> str:
    return "—" if negated is None else plural(-float(negated), "question")


def _n(x: Any) -> str:
    return "—" if x is None else f"{float(x):.0f}"


def _neg(x: Any) -> Any:
    return None if x is None else -float(x)


TRAITS: tuple[Trait, ...] = (
    Trait(
        "single_threaded",
        "Single-threaded: one contact, or no decision maker involved",
        "no_decision",
        frozenset({"no_decision", "timing"}),
        ("activities.contact", "contacts"),
        ("single_threaded",),
        lambda v, w: (
            f"{'one contact' if v.get('single_contact') else 'several contacts'} and "
            f"{_n(v.get('n_decision_maker'))} touches of a decision maker; "
            f"{_pct(1 - w['single_threaded'])} of won deals involved several contacts and a "
            "decision maker"
        ),
        answers=("single_threaded",),
    ),
    Trait(
        "unqualified",
        "Not qualified: budget, authority, need or timing unknown",
        "sales_tactic",
        frozenset({"price", "timing", "no_decision", "sales_tactic"}),
        (tuple(f"deals.{f}" for f in BANT),),
        ("unknown_share",),
        lambda v, w: (
            f"{', '.join(v.get('unknown_fields') or []) or 'nothing'} unknown; won deals had "
            f"{_pct(w['unknown_share'])} of these fields unknown on average"
        ),
        answers=("unqualified_deals",),
    ),
    Trait(
        "unprepared",
        "Meetings held unprepared (no agenda, no research note)",
        "sales_tactic",
        frozenset({"sales_tactic"}),
        ("activities.agenda",),
        ("unprepared_share",),
        lambda v, w: (
            f"{_pct(v.get('unprepared_share'))} of its meetings unprepared (the rep's deals: "
            f"{_pct(v.get('unprepared_share_rep'))}); won deals {_pct(w['unprepared_share'])}"
        ),
        answers=("no_preparation",),
        habit=True,
    ),
    Trait(
        "shallow_discovery",
        "Shallow discovery: few questions, the rep doing the talking",
        "sales_tactic",
        frozenset({"sales_tactic", "functionality"}),
        ("transcript_segments",),
        ("few_questions", "rep_talk_share"),
        lambda v, w: (
            f"the rep asked {_questions(v.get('few_questions'))} on the discovery call and "
            f"talked {_pct(v.get('rep_talk_share'))} of the time (on the rep's deals "
            f"{_n(_neg(v.get('few_questions_rep')))} and {_pct(v.get('rep_talk_share_rep'))}); "
            f"on won deals {_questions(w.get('few_questions'))} and {_pct(w['rep_talk_share'])}"
        ),
        answers=("weak_discovery",),
        habit=True,
    ),
    Trait(
        "no_next_step",
        "Meetings ended without an agreed next step",
        "sales_tactic",
        frozenset({"sales_tactic", "no_decision", "timing"}),
        ("activities.next_step",),
        ("no_next_step_share",),
        lambda v, w: (
            f"{_pct(v.get('no_next_step_share'))} of its meetings ended without a next step "
            f"within a week (the rep's deals: {_pct(v.get('no_next_step_share_rep'))}); won "
            f"deals {_pct(w['no_next_step_share'])}"
        ),
        answers=("no_next_step",),
        habit=True,
    ),
    Trait(
        "weak_follow_up",
        "Follow-up about us, asking for nothing",
        "sales_tactic",
        frozenset({"sales_tactic", "no_decision"}),
        ("activities.body",),
        ("weak_email_share",),
        lambda v, w: (
            f"{_pct(v.get('weak_email_share'))} of its emails asked for nothing, were about us, or "
            f"were a template (the rep's deals: {_pct(v.get('weak_email_share_rep'))}); won deals "
            f"{_pct(w['weak_email_share'])}"
        ),
        answers=("self_focused_followup",),
        habit=True,
    ),
    Trait(
        "buyer_silent",
        "The buyer stopped answering",
        "no_decision",
        frozenset({"no_decision", "timing"}),
        ("activities",),
        ("unanswered_share",),
        lambda v, w: (
            f"{_pct(v.get('unanswered_share'))} of outbound touches went unanswered; won deals "
            f"{_pct(w['unanswered_share'])}"
        ),
        answers=("radio_silence",),
    ),
    Trait(
        "cold_source",
        "A lead source that rarely buys here",
        "no_decision",
        frozenset({"no_decision", "price", "timing"}),
        ("deals.source",),
        ("source_loss",),
        lambda v, w: (
            f"it came from {_source(v.get('source'))}, whose deals win "
            f"{_pct(v.get('source_rate'))} here; the average won deal's source wins "
            f"{_pct(w.get('source_rate'))}"
        ),
        answers=("cold_sourcing",),
        encoded="source",
    ),
    Trait(
        "poor_fit",
        "A customer segment that rarely buys here",
        "functionality",
        frozenset({"functionality", "price"}),
        ("accounts.industry",),
        ("industry_loss",),
        lambda v, w: (
            f"the account is in {v.get('acc_industry') or 'an unrecorded industry'}, where deals "
            f"win {_pct(v.get('industry_rate'))}; the average won deal's industry wins "
            f"{_pct(w.get('industry_rate'))}"
        ),
        answers=("poor_fit_segment",),
        encoded="acc_industry",
    ),
)


def available_traits(ctx: CheckContext) -> tuple[list[Trait], list[Trait]]:
    """(the traits the store can measure, those it cannot)."""

    def ok(t: Trait) -> bool:
        return all(any(ctx.has(o) for o in (n if isinstance(n, tuple) else (n,))) for n in t.needs)

    return [t for t in TRAITS if ok(t)], [t for t in TRAITS if not ok(t)]


def trait_columns(ctx: CheckContext, traits: list[Trait]) -> Any:
    """One row per deal of the population: id, outcome, the encoded categories and every
    feature of `traits` (an Ibis table)."""
    keys = {t.key for t in traits}
    d = population_facts(
        ctx, "id", "rep", "outcome", "source", "acc_industry", "single_contact", "n_decision_maker",
        "n_unknown_bant", "n_unanswered", "n_outbound", *(f"{f}_unknown" for f in BANT),
    )  # fmt: skip
    d = d.mutate(unanswered_share=d.n_unanswered / d.n_outbound.nullif(0))
    if "single_threaded" in keys:
        d = d.mutate(single_threaded=(d.single_contact | (d.n_decision_maker == 0)).cast("float64"))
    if "unqualified" in keys:
        known = [f for f in BANT if ctx.has(f"deals.{f}")]
        d = d.mutate(unknown_share=d.n_unknown_bant / float(len(known)))
    if "unprepared" in keys:
        m = meeting_preparation(ctx)
        per = m.group_by(m.deal).aggregate(unprepared_share=m.count(where=~m.prepared) / m.count())
        d = d.left_join(per, d.id == per.deal).drop("deal")
    if "no_next_step" in keys:
        m = meeting_facts(ctx)
        within = ctx.check(MissingNextStep).within_days
        ok = m.has_next_step & m.due_days.notnull() & (m.due_days <= within)
        per = m.group_by(m.deal).aggregate(no_next_step_share=m.count(where=~ok) / m.count())
        d = d.left_join(per, d.id == per.deal).drop("deal")
    if "shallow_discovery" in keys:
        c = discovery_calls(ctx)
        per = c.select(
            call_deal=c.deal, few_questions=-c.rep_questions.cast("float64"),
            rep_talk_share=c.rep_talk_share,
        )  # fmt: skip
        d = d.left_join(per, d.id == per.call_deal).drop("call_deal")
    if "weak_follow_up" in keys:
        e = email_facts(ctx)
        copies = ctx.check(FollowUpQuality).template_copies
        weak = ~e.has_ask | e.self_focused | ((e.template_copies >= copies) & ~e.personalised)
        per = e.group_by(e.deal).aggregate(weak_email_share=e.count(where=weak) / e.count())
        d = d.left_join(per, d.id == per.deal).drop("deal")
    for t in traits:
        for f in t.features if t.habit else ():
            of_rep = d[f].mean().over(ibis.window(group_by=d.rep))
            d = d.mutate(**{f"{f}{REP}": ibis.ifelse(d[f].isnull(), ibis.null("float64"), of_rep)})
    return d.drop("rep")
