"""One rep's review: results against quota and the team, the funnel and activity against the
team's, the rep's findings ranked, and a coaching plan naming the skills to develop with the
evidence and the moments to discuss. `build_review(store, rep)` builds the `Review` every view
renders (terminal, JSON, later the web app); `team_coaching(diagnosis)` the plan of
every rep with a finding, for the report.

The skills themselves live beside the checks (`checks.skills`): each check declares the skill
its findings call for, and this package reads those declarations."""

from __future__ import annotations

from pipeline_doctor.checks.skills import SKILLS, Skill
from pipeline_doctor.coaching.result import (
    REVIEW_SCHEMA_VERSION,
    ActivityVolume,
    CheckNote,
    CoachingPlan,
    Moment,
    PlanItem,
    QuotaPeriod,
    Quotas,
    RateFigure,
    RepCoaching,
    Review,
    ReviewFinding,
    StageFunnel,
    StageRow,
    Standing,
)
from pipeline_doctor.coaching.review import build_review
from pipeline_doctor.coaching.team import team_coaching

__all__ = [
    "REVIEW_SCHEMA_VERSION",
    "SKILLS",
    "ActivityVolume",
    "CheckNote",
    "CoachingPlan",
    "Moment",
    "PlanItem",
    "QuotaPeriod",
    "Quotas",
    "RateFigure",
    "RepCoaching",
    "Review",
    "ReviewFinding",
    "Skill",
    "StageFunnel",
    "StageRow",
    "Standing",
    "build_review",
    "team_coaching",
]
