"""Link 7, follow-up copy: emails that talk about the seller, ask for nothing, or are one body
sent to everyone; and whether buyers answer such a rep less often than the rest."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords, per_rep_habit
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.quotes import attach_quotes, worst_per_rep
from pipeline_doctor.checks.skills import EMAIL_COPYWRITING, Skill
from pipeline_doctor.facts import email_facts
from pipeline_doctor.facts.activity import population_deal_activities
from pipeline_doctor.wording import pct

WORDS = HabitWords(
    share="asked for nothing, were mostly about us and the product, or were one body sent to many",
    records="follow-up email",
    record_kind="activity",
    team_title="Follow-up emails talk about us and ask for nothing",
    rep_title=lambda name: f"{name}'s follow-up emails are about us, not the buyer",
    cost_subject="deals whose follow-up was mostly like this",
)


class FollowUpQuality(HabitCheck):
    """Emails the rep sent on deals, each judged by its own words (quoted replies, signatures
    and footers removed): weak when it asks the buyer for nothing (no question to the reader,
    no proposed time), when it talks more about us and the product than about the buyer, or
    when it is a template (near-identical to `template_copies` or more bodies in the store) with
    nothing personal in it. The team's share of weak emails against a ceiling, and reps far
    above the rest of the team, with how often buyers reply to them and the emails quoted."""

    id: ClassVar[str] = "follow_up_quality"
    area: ClassVar[int] = 7
    title: ClassVar[str] = "Self-focused follow-up"
    skill: ClassVar[Skill | None] = EMAIL_COPYWRITING
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "activities.body")
    answers: ClassVar[tuple[str, ...]] = ("self_focused_followup",)
    action: ClassVar[str] = (
        "Write each follow-up about the buyer: their goal in their words, one idea that helps, "
        "and one clear ask (a question or a proposed time). Short, and never the same to all."
    )
    template_copies: int = 10
    """Near-identical bodies in the store from which an impersonal email counts as a template."""
    max_share: float = 0.5
    """Ceiling on the share of weak follow-up emails for the team (or the scope's rep)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        e = email_facts(ctx)
        template = (e.template_copies >= self.template_copies) & ~e.personalised
        e = e.mutate(no_ask=~e.has_ask, template=template)
        e = e.mutate(weak=e.no_ask | e.self_focused | e.template)
        per_deal = e.group_by(e.deal).aggregate(
            emails=e.count(),
            weak=e.count(where=e.weak),
            no_ask=e.count(where=e.no_ask),
            self_focused=e.count(where=e.self_focused),
            template=e.count(where=e.template),
        )
        per_rep = per_rep_habit(
            ctx, per_deal, "emails", "weak",
            no_ask="no_ask", self_focused="self_focused", template="template",
        )  # fmt: skip
        score = e.no_ask.cast("int8") + e.self_focused.cast("int8") + e.template.cast("int8")
        return Measurement(
            {
                "main": per_rep,
                "reps": rep_records(ctx),
                "replies": _replies(ctx),
                "quotes": worst_per_rep(e, e.weak, score),
            }
        )

    def habit_words(self, measured: Measured) -> HabitWords:
        return WORDS

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = super().judge(measured, basis)
        _describe(j, measured.main, measured["replies"])
        return attach_quotes(j, measured["quotes"])


def _replies(ctx: CheckContext) -> Any:
    """Per rep: emails sent and replies received on deals of the population."""
    a = population_deal_activities(ctx)
    em = a.filter(a.kind == "email")
    reply = (em.direction == "inbound") | (em.outcome == "replied")
    return em.group_by(em.rep).aggregate(sent=em.count(where=~reply), replies=em.count(where=reply))


def _describe(j: Judgement, rows: list[dict[str, Any]], replies: list[dict[str, Any]]) -> None:
    """Each rep finding says what is weak in the rep's emails and how often buyers reply."""
    by_rep = {str(r["rep"]): r for r in rows}
    answered = {str(r["rep"]): r for r in replies if r["rep"] is not None}
    for i, f in enumerate(j.findings):
        r = by_rep.get(str(f.scope.key))
        if f.scope.kind != "rep" or r is None or not r["n"]:
            continue
        n = float(r["n"])
        said = (
            f" Of {f.scope.label}'s emails, {pct(r['no_ask'] / n)} ask for nothing, "
            f"{pct(r['self_focused'] / n)} are mostly about us and the product and "
            f"{pct(r['template'] / n)} are one impersonal body sent to many."
        )
        mine = answered.get(str(f.scope.key))
        rest_sent = sum(float(x["sent"]) for k, x in answered.items() if k != f.scope.key)
        rest_replies = sum(float(x["replies"]) for k, x in answered.items() if k != f.scope.key)
        if mine and mine["sent"] and rest_sent:
            said += (
                f" Buyers reply to {pct(mine['replies'] / mine['sent'])} of them, against "
                f"{pct(rest_replies / rest_sent)} for the rest of the team."
            )
        j.findings[i] = f.model_copy(update={"summary": f.summary + said})
