"""Link 4, preparation: meetings held with no agenda and no research on the deal beforehand."""

from __future__ import annotations

from typing import ClassVar

from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.habits import HabitCheck, HabitWords, per_rep_habit
from pipeline_doctor.checks.judgement import Measured, Measurement
from pipeline_doctor.checks.skills import PREPARATION, Skill
from pipeline_doctor.facts import meeting_preparation
from pipeline_doctor.facts.conversations import PREPARATION_DAYS
from pipeline_doctor.wording import plural

WORDS = HabitWords(
    share=(
        "had no agenda and no research note on the deal in the "
        f"{plural(PREPARATION_DAYS, 'day')} before"
    ),
    records="held meeting",
    record_kind="activity",
    team_title="Meetings are held unprepared",
    rep_title=lambda name: f"{name} goes into meetings unprepared",
    cost_subject="deals whose meetings were mostly unprepared",
)


class MeetingPreparation(HabitCheck):
    """Held meetings with no agenda and no note or task on the deal in the days before (the
    research): the team's share against a ceiling, and reps who prepare far less often than the
    rest of the team. The cost compares deals whose meetings were mostly unprepared with the
    others; prepared and unprepared meetings are told apart by what the CRM recorded, so a rep
    who prepares without writing it down looks unprepared (the finding says what was missing)."""

    id: ClassVar[str] = "meeting_preparation"
    area: ClassVar[int] = 4
    title: ClassVar[str] = "Meetings held unprepared"
    skill: ClassVar[Skill | None] = PREPARATION
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "activities.agenda")
    answers: ClassVar[tuple[str, ...]] = ("no_preparation",)
    action: ClassVar[str] = (
        "Before every meeting, research the account and the people attending and send the "
        "buyer a short agenda: their goals, what you will ask, what you both decide at the end."
    )
    max_share: float = 0.5
    """Ceiling on the share of unprepared meetings: above it (beyond its 95% interval) the
    team, or the scope's rep, is flagged."""

    def measure(self, ctx: CheckContext) -> Measurement:
        m = meeting_preparation(ctx)
        per_deal = m.group_by(m.deal).aggregate(
            meetings=m.count(), unprepared=m.count(where=~m.prepared)
        )
        per_rep = per_rep_habit(ctx, per_deal, "meetings", "unprepared")
        return Measurement({"main": per_rep, "reps": rep_records(ctx)})

    def habit_words(self, measured: Measured) -> HabitWords:
        return WORDS
