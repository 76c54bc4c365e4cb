"""Every check declares the skill its findings call for (`Check.skill`), from the one catalogue;
the planted rep-level kinds each call for a skill; the package's public API is pinned and it
imports without the diagnosis (the checks import it to declare their skills)."""

from __future__ import annotations

import re
import subprocess
import sys

import pipeline_doctor.coaching as coaching
from pipeline_doctor.checks import BUILTIN_CHECKS
from pipeline_doctor.coaching import SKILLS, Skill
from pipeline_doctor.coaching.evaluate import PLANTED_SKILLS, REP_KINDS
from pipeline_doctor.coaching.moments import FINDERS
from pipeline_doctor.simulate import PLANT_KINDS


def test_every_check_declares_its_skill_in_its_own_body() -> None:
    undeclared = [cls.id for cls in BUILTIN_CHECKS if "skill" not in vars(cls)]
    assert undeclared == []


def test_declared_skills_come_from_the_catalogue_and_each_is_used() -> None:
    declared = {cls.skill for cls in BUILTIN_CHECKS if cls.skill is not None}
    assert declared <= set(SKILLS)
    assert set(SKILLS) == declared, "a skill no check declares is never coached"
    keys = [s.key for s in SKILLS]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", k) for k in keys)
    assert len({s.name for s in SKILLS}) == len(SKILLS)


def test_symptoms_and_differences_call_for_no_one_skill() -> None:
    for cls in BUILTIN_CHECKS:
        if cls.symptom or cls.area == 0:
            assert cls.skill is None, cls.id
        else:
            assert cls.skill is not None, f"{cls.id} judges a habit but names no skill"


def test_every_rep_level_planted_kind_calls_for_a_skill() -> None:
    rep_kinds = {k for k, (_, target, _) in PLANT_KINDS.items() if target == "rep"}
    assert set(REP_KINDS) == rep_kinds
    assert len(rep_kinds) == 10
    # each planted weakness calls for a skill of its own, so a plan can tell them apart
    assert len(set(PLANTED_SKILLS.values())) == len(PLANTED_SKILLS)


def test_moments_are_found_for_every_skill_without_deal_lists() -> None:
    listing = {cls.skill.key for cls in BUILTIN_CHECKS if cls.skill and cls.deal_list}
    habits = {cls.skill.key for cls in BUILTIN_CHECKS if cls.skill and not cls.deal_list}
    assert habits - listing <= set(FINDERS)
    assert set(FINDERS) <= {s.key for s in SKILLS}


def test_a_skill_round_trips_through_json() -> None:
    for skill in SKILLS:
        assert Skill.model_validate_json(skill.model_dump_json()) == skill
        assert skill.practice.endswith(".")
        assert len(skill.practice) < 200


def test_public_api() -> None:
    assert sorted(coaching.__all__) == sorted(
        [
            "REVIEW_SCHEMA_VERSION", "SKILLS", "ActivityVolume", "CheckNote", "CoachingPlan",
            "Moment", "PlanItem", "QuotaPeriod", "Quotas", "RateFigure", "RepCoaching",
            "Review", "ReviewFinding", "Skill", "StageFunnel", "StageRow", "Standing",
            "build_review", "team_coaching",
        ]
    )  # fmt: skip
    for name in coaching.__all__:
        assert getattr(coaching, name) is not None


def test_the_checks_import_neither_the_coaching_nor_the_diagnosis() -> None:
    """The one-way flow: the checks declare their skills and know nothing above them."""
    code = (
        "import sys, pipeline_doctor.checks.registry; "
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('pipeline_doctor.')"
        " and m.split('.')[1] in ('coaching', 'diagnosis', 'casework', 'views', 'cli')}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_docs_table_lists_each_skill_with_the_checks_that_declare_it() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "review.md").read_text()
    rows = re.findall(r"^\| (.+?) \| `([a-z_]+)` \| (.+?) \|$", doc, flags=re.MULTILINE)
    documented = {
        key: (name, set(re.findall(r"`([a-z_]+)`", checks))) for name, key, checks in rows
    }
    declared = {
        s.key: (s.name, {cls.id for cls in BUILTIN_CHECKS if cls.skill == s}) for s in SKILLS
    }
    assert documented == declared
