"""Link 6, next step: meetings not followed by an agreed, scheduled next step."""

from __future__ import annotations

from typing import ClassVar

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords, per_rep_habit
from pipeline_doctor.checks.judgement import Measured, Measurement
from pipeline_doctor.checks.skills import NEXT_STEP, Skill
from pipeline_doctor.facts import meeting_facts

WORDS = HabitWords(
    share="ended without a next step scheduled within a week",
    records="held meeting",
    record_kind="activity",
    team_title="Meetings end without an agreed next step",
    rep_title=lambda name: f"{name}'s meetings end without a next step",
    cost_subject="deals whose meetings mostly ended without one",
)


class MissingNextStep(HabitCheck):
    """Held meetings that end without an agreed next step scheduled within a working week: the
    team's share against a ceiling, and reps who leave meetings open far more often than the
    rest of the team. The cost is measured on deals where most meetings ended without one."""

    id: ClassVar[str] = "missing_next_step"
    area: ClassVar[int] = 6
    title: ClassVar[str] = "Meetings end without a next step"
    skill: ClassVar[Skill | None] = NEXT_STEP
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "activities.next_step")
    answers: ClassVar[tuple[str, ...]] = ("no_next_step",)
    action: ClassVar[str] = (
        "End every meeting by agreeing the next step with the buyer and putting it in both "
        "calendars before leaving the call."
    )
    within_days: float = 7.0
    """A next step counts when it is due within this many days of the meeting."""
    max_share: float = 0.4
    """Ceiling on the share of meetings without a next step: above it (beyond its 95%
    interval) the team, or the scope's rep, is flagged."""

    def measure(self, ctx: CheckContext) -> Measurement:
        m = meeting_facts(ctx)
        ok = m.has_next_step & m.due_days.notnull() & (m.due_days <= self.within_days)
        per_deal = m.group_by(m.deal).aggregate(meetings=m.count(), missing=m.count(where=~ok))
        per_rep = per_rep_habit(ctx, per_deal, "meetings", "missing")
        return Measurement({"main": per_rep, "reps": rep_records(ctx)})

    def habit_words(self, measured: Measured) -> HabitWords:
        return WORDS
