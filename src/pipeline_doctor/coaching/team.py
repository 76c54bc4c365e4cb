"""The coaching plan of every rep the team's diagnosis found something about, for the report:
the rep's findings taken from the diagnosis already run (no second diagnosis per rep), grouped
by the skill each check declares, with the moments the findings carry (quoted sentences, the
rep's listed deals).

Moments from the rep's own records (the meetings without a next step, the won customers never
asked for a referral) are left to `pipeline-doctor review REP`: they need the shared facts built
for that one rep, about 0.6 s a rep, which for a team of 40 would triple the report's time.

A rep whose findings name no skill (a stage leak, a difference between won and lost deals) gets
no plan here: the report's rep table already links those findings, and "no skill gap" would be
a verdict the team's diagnosis cannot give about one rep (`review` can)."""

from __future__ import annotations

from pipeline_doctor.checks.skills import Skill
from pipeline_doctor.coaching.plan import build_plan, review_findings
from pipeline_doctor.coaching.result import Moment, RepCoaching
from pipeline_doctor.diagnosis.result import Diagnosis


def _no_record_moments(skill: Skill, most: int) -> list[Moment]:
    return []


def team_coaching(diagnosis: Diagnosis) -> list[RepCoaching]:
    """One plan per rep with a finding whose check declares a skill, in the order of the
    diagnosis's reps."""
    out: list[RepCoaching] = []
    for rep in diagnosis.reps:
        found = review_findings(diagnosis, rep.rep)
        if not any(f.skill for f in found):
            continue
        plan = build_plan(
            found,
            [],
            name=rep.name,
            closed=rep.won + rep.lost,
            currency=diagnosis.currency,
            moments_for=_no_record_moments,
        )
        out.append(RepCoaching(rep=rep.rep, name=rep.name, team=rep.team, plan=plan))
    return out
