"""Link 10, lost-deal learning: process signals that separate lost deals from won ones, and
the open deals that show the same signal today."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.attributes import Attribute
from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.contrast import attribute_rows, contrasts
from pipeline_doctor.checks.driver_findings import (
    Phrasing,
    attribute_finding,
    by_attribute,
    contrasts_by_attribute,
)
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import LOSS_REVIEW, Skill
from pipeline_doctor.facts import BANT, deal_facts
from pipeline_doctor.model.labels import SIGNAL_PHRASES, absent_phrase
from pipeline_doctor.wording import plural

SIGNALS: dict[str, str] = {
    "signal.no_meeting": "activities",
    "signal.one_sided": "activities",
    "signal.single_contact": "activities",
    "signal.close_pushed": "field_changes",
    "signal.reopened": "field_changes",
    **{f"deals.{c}": f"deals.{c}" for c in BANT},
}
"""Signal -> the data it needs (its words: `model.labels.SIGNAL_PHRASES`)."""


def _expressions(d: Any) -> dict[str, Any]:
    return {
        "signal.no_meeting": d.n_meetings == 0,
        "signal.one_sided": d.n_outbound >= 3 * (d.n_inbound + 1),
        "signal.single_contact": d.single_contact,
        "signal.close_pushed": d.n_pushes >= 2,
        "signal.reopened": d.n_reopens >= 1,
        **{f"deals.{c}": d[f"{c}_unknown"] for c in BANT},
    }


class LostDealPatterns(Check):
    """Process signals — no meeting held, one-sided follow-up, a single contact, the close date
    pushed twice or more, closed and reopened, and each of budget, authority, need and timing
    unknown on its own — compared by win rate: deals with the signal against deals without it,
    with the statistics of win_drivers. A signal that makes deals clearly lose more often is
    reported with the open deals that show it today. Signals whose data the export lacks are
    named; qualification fields are left to qualification_gaps when it runs."""

    id: ClassVar[str] = "lost_deal_patterns"
    area: ClassVar[int] = 10
    title: ClassVar[str] = "Losses repeat a pattern"
    skill: ClassVar[Skill | None] = LOSS_REVIEW
    requires: ClassVar[tuple[Need, ...]] = (
        "deals",
        ("activities", "field_changes", *(f"deals.{c}" for c in BANT)),
    )
    action: ClassVar[str] = (
        "Review the open deals that show this pattern now, and fix the habit behind it "
        "before they are lost the same way."
    )
    min_samples: int = 30
    """Fewest closed deals with and without a signal before it is judged."""
    min_effect: float = 0.1
    """Smallest win-rate gap between deals with and without a signal worth reporting."""
    fdr: float = 0.05
    """False-discovery rate over this check's comparisons (Benjamini–Hochberg)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        d = deal_facts(ctx)
        covered = ctx.covered_elsewhere(self)
        exprs = _expressions(d)
        chosen = [
            Attribute(name, SIGNAL_PHRASES[name][0], exprs[name].ifelse("yes", "no"))
            for name, need in SIGNALS.items()
            if ctx.has(need) and name not in covered
        ]
        missing = sorted({need for name, need in SIGNALS.items()
                          if not ctx.has(need) and name not in covered})  # fmt: skip
        return Measurement({"main": attribute_rows(d, chosen)}, {"missing": missing})

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        rows = by_attribute(measured.main)
        made = contrasts(
            [r for values in rows.values() for r in values],
            min_samples=self.min_samples,
            min_gap=self.min_effect,
            fdr=self.fdr,
        )
        for signal, found in sorted(contrasts_by_attribute(made).items()):
            yes = [c for c in found if c.value == "yes"]
            if not yes or not yes[0].clear or yes[0].better:
                continue  # only a signal that makes deals lose more often is a pattern
            finding = attribute_finding(self, basis, yes, rows[signal], _phrasing(signal))
            if finding is not None:
                j.findings.append(finding)
        signals = len({c.attribute for c in made})
        if signals == 0:
            j.little(
                f"no signal has {self.min_samples} closed deals with and without it "
                f"({plural(basis.closed, 'closed deal')} in all)"
            )
        elif not j.findings:
            j.healthy(
                f"compared won and lost deals on {plural(signals, 'signal')}: none makes deals "
                f"lose {round(100 * self.min_effect)} points more often"
            )
        for need in measured.notes["missing"]:
            j.cannot(absent_phrase(need))
        return j


def _phrasing(signal: str) -> Phrasing:
    return Phrasing(
        signal,
        title=SIGNAL_PHRASES[signal][0],
        heading="Deals",
        worse_action=(
            "Review the open deals that show this pattern now, and fix the habit behind it "
            "before they are lost the same way."
        ),
    )
