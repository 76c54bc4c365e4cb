"""Link 9, support: late-stage deals single-threaded (one contact, no decision maker) or with
no technical help involved."""

from __future__ import annotations

from typing import ClassVar

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import outcome_split, rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords
from pipeline_doctor.checks.judgement import Measured, Measurement
from pipeline_doctor.checks.skills import MULTITHREADING, Skill
from pipeline_doctor.facts import population_facts


class LateStageSupport(HabitCheck):
    """Deals that reached the late stages (`late_stage` on) with a single contact or no decision
    maker involved: the team's share against a ceiling, and reps who single-thread far more
    than the rest of the team. The cost is the win rate of such deals against the others."""

    id: ClassVar[str] = "late_stage_support"
    area: ClassVar[int] = 9
    title: ClassVar[str] = "Single-threaded late-stage deals"
    skill: ClassVar[Skill | None] = MULTITHREADING
    requires: ClassVar[tuple[Need, ...]] = (
        "deals", "activities", "activities.contact", "contacts", "stage_changes", "stages"
    )  # fmt: skip
    answers: ClassVar[tuple[str, ...]] = ("single_threaded",)
    action: ClassVar[str] = (
        "From the proposal stage on, bring in the decision maker and a technical contact "
        "(and your own technical help); a deal resting on one person is at risk."
    )
    late_stage: str = "Proposal"
    """The first stage counted as late."""
    max_share: float = 0.5
    """Ceiling on the share of single-threaded late-stage deals."""

    def measure(self, ctx: CheckContext) -> Measurement:
        d = population_facts(
            ctx, "rep", "outcome", "amount", "reached_order", "single_contact", "n_decision_maker"
        )
        late = d.filter(d.reached_order >= ctx.stage_order(self.late_stage, 3))
        single = late.single_contact | (late.n_decision_maker == 0)
        per_rep = late.group_by(late.rep).aggregate(
            n=late.count(), k=late.count(where=single), **outcome_split(late, single)
        )
        return Measurement({"main": per_rep, "reps": rep_records(ctx)})

    def habit_words(self, measured: Measured) -> HabitWords:
        return HabitWords(
            share="involved one contact or no decision maker",
            records=f"deal that reached {self.late_stage}",
            records_plural=f"deals that reached {self.late_stage}",
            record_kind="deal",
            team_title="Late-stage deals rest on one person",
            rep_title=lambda name: f"{name} single-threads late-stage deals",
            cost_subject="such deals",
        )
