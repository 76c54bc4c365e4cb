"""Score a review against a simulator's ground truth: the skill a planted rep-level weakness calls
for (the skill declared by the check that answers the planted kind) must be the first item of
the planted rep's coaching plan. Used by tests and benchmarks/bench_review."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.registry import BUILTIN_CHECKS
from pipeline_doctor.coaching.result import Review
from pipeline_doctor.simulate import PLANT_KINDS


def planted_skills(checks: Iterable[type[Check]] = BUILTIN_CHECKS) -> dict[str, str]:
    """Rep-level planted kind -> the key of the skill it calls for, read from the checks'
    declarations (`answers` and `skill`); kinds no check with a skill answers are left out."""
    return {
        kind: cls.skill.key
        for cls in checks
        if cls.skill is not None
        for kind in cls.answers
        if PLANT_KINDS[kind][1] == "rep"
    }


PLANTED_SKILLS: dict[str, str] = planted_skills()
REP_KINDS: tuple[str, ...] = tuple(k for k in PLANT_KINDS if k in PLANTED_SKILLS)
"""The rep-level planted kinds a coaching plan can be scored on, in the simulator's order."""


@dataclass(frozen=True)
class PlanScore:
    """Whether a review's first skill is the one the planted kind calls for."""

    kind: str
    seed: int
    rep: str
    expected: str
    first: str | None
    status: str
    skills: tuple[str, ...]

    @property
    def hit(self) -> bool:
        return self.first == self.expected


def score_review(review: Review, kind: str, seed: int) -> PlanScore:
    skills = tuple(item.skill.key for item in review.plan.items)
    return PlanScore(
        kind=kind,
        seed=seed,
        rep=review.rep,
        expected=PLANTED_SKILLS[kind],
        first=skills[0] if skills else None,
        status=review.plan.status,
        skills=skills,
    )
