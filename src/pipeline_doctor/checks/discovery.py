"""Link 5, discovery: first calls where the rep asks few questions or does most of the talking,
judged against the team's own won deals, with the moments quoted."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import outcome_split, rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.quotes import attach_quotes, worst_per_rep
from pipeline_doctor.checks.skills import DISCOVERY, Skill
from pipeline_doctor.facts import discovery_calls, population_facts
from pipeline_doctor.wording import pct, plural

REFERENCE_QUESTIONS = 11.0
"""Questions on a discovery call that go with better outcomes in public call research (Gong
Labs, 25,537 calls: 11-14); used only while the team has too few won deals to set its own."""


def _words(floor: float, max_share: float) -> HabitWords:
    return HabitWords(
        share=(
            f"were shallow (the rep asked fewer than {floor:.0f} questions or talked more than "
            f"{pct(max_share)} of the time)"
        ),
        records="discovery call",
        record_kind="activity",
        team_title="Discovery calls are shallow",
        rep_title=lambda name: f"{name}'s discovery calls ask too little",
        cost_subject="deals whose discovery call was shallow",
    )


class DiscoveryDepth(HabitCheck):
    """Each deal's first transcribed call or meeting (its discovery call): shallow when the rep
    asks fewer than half as many questions as the median discovery call of the team's won deals
    (the reference 11 while fewer than `min_samples` won deals have one), or talks more than
    `max_talk_share` of the time. The team's share of shallow calls against a ceiling, and reps
    far above the rest of the team, with their questions, talk share and quoted moments."""

    id: ClassVar[str] = "discovery_depth"
    area: ClassVar[int] = 5
    title: ClassVar[str] = "Shallow discovery calls"
    skill: ClassVar[Skill | None] = DISCOVERY
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "transcript_segments")
    answers: ClassVar[tuple[str, ...]] = ("weak_discovery",)
    action: ClassVar[str] = (
        "Prepare ten open questions about the buyer's goals, costs and decision before each "
        "discovery call; ask, then listen: the buyer should talk more than half the time."
    )
    max_talk_share: float = 0.65
    """A call where the rep talks more than this share of the time is shallow."""
    max_share: float = 0.5
    """Ceiling on the share of shallow discovery calls for the team (or the scope's rep)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        c = discovery_calls(ctx)
        d = population_facts(ctx, "id", "outcome", "amount").rename(deal_id="id")
        j = c.join(d, c.deal == d.deal_id)
        won = j.filter(j.outcome == "won")
        norm = won.aggregate(calls=won.count(), questions=won.rep_questions.median())
        enough = norm.calls >= self.min_samples
        floor = ibis.cases((enough, norm.questions / 2.0), else_=REFERENCE_QUESTIONS / 2.0)
        share = j.rep_talk_share.fill_null(0.0)
        shallow = (j.rep_questions < floor.as_scalar()) | (share > self.max_talk_share)
        per_deal = j.mutate(shallow=shallow)
        per_rep = per_deal.group_by(per_deal.rep).aggregate(
            n=per_deal.count(),
            k=per_deal.count(where=per_deal.shallow),
            questions=per_deal.rep_questions.median(),
            talk_share=per_deal.rep_talk_share.median(),
            **outcome_split(per_deal, per_deal.shallow),
        )
        score = share - per_deal.rep_questions / 100.0
        quotes = worst_per_rep(per_deal, per_deal.shallow, score)
        team = per_deal.aggregate(
            questions=per_deal.rep_questions.median(),
            talk_share=per_deal.rep_talk_share.median(),
        )
        return Measurement(
            {
                "main": per_rep,
                "reps": rep_records(ctx),
                "norm": norm.mutate(floor=floor),
                "team": team,
                "quotes": quotes,
            }
        )

    def habit_words(self, measured: Measured) -> HabitWords:
        return _words(float(measured["norm"][0]["floor"]), self.max_talk_share)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = super().judge(measured, basis)
        _describe(j, measured.main, measured["team"][0])
        return attach_quotes(j, measured["quotes"])


def _describe(j: Judgement, rows: list[dict[str, Any]], team: dict[str, Any]) -> None:
    """Each rep finding says how many questions the rep asks and how much they talk."""
    by_rep = {str(r["rep"]): r for r in rows}
    for i, f in enumerate(j.findings):
        r = by_rep.get(str(f.scope.key))
        if f.scope.kind != "rep" or r is None or r["questions"] is None:
            continue
        talk = (
            f" and talks {pct(r['talk_share'])} of the time (team {pct(team['talk_share'])})"
            if r["talk_share"] is not None and team["talk_share"] is not None
            else ""
        )
        said = (
            f" On a typical discovery call {f.scope.label} asks "
            f"{plural(r['questions'], 'question')} (team {team['questions']:.0f}){talk}."
        )
        j.findings[i] = f.model_copy(update={"summary": f.summary + said})
