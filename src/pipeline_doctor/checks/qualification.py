"""Link 3, qualification: win rate with each of budget, authority, need and timing known or
unknown; deals advanced past qualification with one unknown; reps who advance them."""

from __future__ import annotations

from typing import ClassVar

from pipeline_doctor.checks.attributes import Attribute
from pipeline_doctor.checks.base import Need
from pipeline_doctor.checks.common import outcome_split, rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.contrast import attribute_rows, contrasts
from pipeline_doctor.checks.driver_findings import (
    Phrasing,
    attribute_finding,
    by_attribute,
    contrasts_by_attribute,
)
from pipeline_doctor.checks.habits import HabitCheck, HabitWords
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import QUALIFICATION, Skill
from pipeline_doctor.facts import BANT, deal_facts, population_facts
from pipeline_doctor.model.labels import absent_phrase, field_label
from pipeline_doctor.wording import plural

FIELDS = tuple(f"deals.{c}" for c in BANT)


def _phrasing(field: str) -> Phrasing:
    name = field_label(field)
    return Phrasing(
        field,
        title=name,
        worse_action=(
            f"Establish {name} before a deal leaves qualification; where it cannot be "
            "established, qualify the deal out."
        ),
        better_action=f"Make confirming {name} part of every qualification call.",
    )


class QualificationGaps(HabitCheck):
    """Qualification field by field: the win rate of deals with budget, authority, need or
    timing known, unknown or not recorded, each against the rest (the same statistics as
    win_drivers); the share of deals moved past qualification with one of them unknown (with
    stage history; without it, every deal), against a ceiling; and reps who do it far more
    often than the rest of the team. Fields the export does not have are named and skipped."""

    id: ClassVar[str] = "qualification_gaps"
    area: ClassVar[int] = 3
    title: ClassVar[str] = "Deals advanced unqualified"
    skill: ClassVar[Skill | None] = QUALIFICATION
    requires: ClassVar[tuple[Need, ...]] = ("deals", FIELDS)
    answers: ClassVar[tuple[str, ...]] = ("unqualified_deals",)
    covers: ClassVar[tuple[str, ...]] = FIELDS
    action: ClassVar[str] = (
        "Before a deal leaves qualification, confirm budget, authority, need and timing; "
        "qualify out deals where they can't be established."
    )
    max_share: float = 0.4
    """Ceiling on the share of advanced deals with a field unknown."""
    qualification_stage: str = "Qualification"
    """The stage a deal must have moved past to count as advanced."""
    min_effect: float = 0.1
    """Smallest win-rate gap between known and unknown worth reporting."""
    fdr: float = 0.05
    """False-discovery rate over this check's comparisons (Benjamini–Hochberg)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        fields = [f for f in FIELDS if ctx.has(f)]
        d = deal_facts(ctx)
        by_field = attribute_rows(
            d, [Attribute(f, field_label(f), d[f.removeprefix("deals.")]) for f in fields]
        )
        p = population_facts(ctx)
        history = ctx.has("stage_changes") and ctx.has("stages")
        adv = (
            p.filter(p.reached_order > ctx.stage_order(self.qualification_stage, 1))
            if history
            else p
        )
        gap = sum((adv[f"{f.removeprefix('deals.')}_unknown"].cast("int64") for f in fields), 0) > 0
        per_rep = adv.group_by(adv.rep).aggregate(
            n=adv.count(), k=adv.count(where=gap), **outcome_split(adv, gap)
        )
        absent = [f for f in FIELDS if f not in fields]
        return Measurement(
            {"main": per_rep, "fields": by_field, "reps": rep_records(ctx)},
            {"history": history, "absent": absent},
        )

    def habit_words(self, measured: Measured) -> HabitWords:
        history = measured.notes["history"]
        return HabitWords(
            share="had budget, authority, need or timing unknown",
            records="deal past qualification" if history else "deal",
            records_plural="deals past qualification" if history else "deals",
            record_kind="deal",
            team_title="Deals pass qualification with budget, authority or timing unknown",
            rep_title=lambda name: f"{name} advances deals without qualifying them",
            cost_subject="deals with one unknown",
        )

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = super().judge(measured, basis)
        rows = by_attribute(measured["fields"])
        made = contrasts(
            (r for values in rows.values() for r in values),
            min_samples=self.min_samples,
            min_gap=self.min_effect,
            fdr=self.fdr,
        )
        for field, found in sorted(contrasts_by_attribute(made).items()):
            finding = attribute_finding(self, basis, found, rows[field], _phrasing(field))
            if finding is not None:
                j.findings.append(finding)
        if made and not any(c.clear for c in made):
            j.healthy(
                f"win rates with each field known or unknown compared ({plural(len(made), 'value')}"
                f"): no gap of {round(100 * self.min_effect)} points or more"
            )
        absent = measured.notes["absent"]
        if absent:
            j.cannot(absent_phrase(*absent))
        if not measured.notes["history"]:
            j.cannot(
                "without stage history, every deal is judged, not only those past qualification"
            )
        return j
