"""Link 10, lost-deal learning: lost reasons left blank or vague."""

from __future__ import annotations

from typing import ClassVar

import ibis

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import LOSS_REVIEW, Skill
from pipeline_doctor.facts import population_facts
from pipeline_doctor.wording import pct, plural

VAGUE = ("", "other", "n/a", "na", "none", "lost", "-", "unknown", "no reason", "?")
FIELDS = ("deals.lost_reason_category", "deals.lost_reason_text")


class LostReasonHygiene(HabitCheck):
    """Lost deals with no reason, or only "other" with no usable explanation: the team's share
    against a ceiling, and reps who leave reasons blank far more often than the rest of the
    team. Skipped when the export has no lost-reason field at all (then nothing was ever
    recorded, and saying "100% blank" would only describe the export)."""

    id: ClassVar[str] = "lost_reason_hygiene"
    area: ClassVar[int] = 10
    title: ClassVar[str] = "Lost reasons missing or vague"
    skill: ClassVar[Skill | None] = LOSS_REVIEW
    requires: ClassVar[tuple[Need, ...]] = ("deals", FIELDS)
    answers: ClassVar[tuple[str, ...]] = ("lost_reason_blank",)
    action: ClassVar[str] = (
        "Record a specific root cause for every loss (price, functionality, sales tactic, "
        "timing, no decision, competitor) and review losses monthly."
    )
    min_text_chars: int = 15
    """An "other" reason needs at least this much explanation to be usable."""
    max_share: float = 0.25
    """Ceiling on the share of lost deals without a usable reason."""
    learnable_share: float = 0.1
    """Share of the unexplained losses assumed avoidable once losses are learned from."""

    def measure(self, ctx: CheckContext) -> Measurement:
        d = population_facts(ctx, "rep", "outcome", "lost_reason_category", "lost_reason_text")
        lost = d.filter(d.outcome == "lost")
        text = lost.lost_reason_text.strip().lower()
        vague_text = text.isnull() | text.isin(VAGUE) | (text.length() < self.min_text_chars)
        if ctx.has("deals.lost_reason_category"):
            cat = lost.lost_reason_category
            bad = cat.isnull() | ((cat == "other") & vague_text)
        else:
            bad = vague_text
        per_rep = lost.group_by(lost.rep).aggregate(
            n=lost.count(),
            k=lost.count(where=bad),
            open_gap=lost.count(where=bad),
            open_gap_amount=ibis.literal(0.0),
        )
        return Measurement({"main": per_rep, "reps": rep_records(ctx)})

    def habit_words(self, measured: Measured) -> HabitWords:
        return HabitWords(
            share="have no usable lost reason",
            records="lost deal",
            record_kind="deal",
            team_title="Lost deals without a usable reason",
            rep_title=lambda name: f"{name} leaves lost reasons blank",
            cost_subject=None,
        )

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = super().judge(measured, basis)
        # unexplained losses cost what learning from them would save, not a win-rate gap
        share = self.learnable_share
        for i, f in enumerate(j.findings):
            if f.check == self.id:
                wins = f.evidence.affected * share
                how = (
                    f"{plural(f.evidence.affected, 'unexplained loss', 'unexplained losses')} × "
                    f"the {pct(share)} assumed avoidable once losses are learned from"
                )
                money = wins * basis.avg_won_amount
                j.findings[i] = f.model_copy(update={"impact": basis.impact(wins, money, how)})
        return j
