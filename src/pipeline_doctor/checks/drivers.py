"""What separates won from lost deals, asked of the data directly: every attribute the store
holds about a deal, each value against the rest, whatever the sales lore expects."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.attributes import (
    Attribute,
    account_attributes,
    deal_attributes,
    extra_numbers,
    numeric_attributes,
)
from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.contrast import Contrast, attribute_rows, contrasts
from pipeline_doctor.checks.driver_findings import (
    Phrasing,
    attribute_finding,
    by_attribute,
    contrasts_by_attribute,
    strength,
)
from pipeline_doctor.checks.findings import Finding
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import Skill
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.wording import MIXED, money, plural

NUMBER_SUFFIX = "#number"
"""Marks an extra column read as a number, next to the same column read as text."""


class WinDrivers(Check):
    """Compares the win rate of every value of every attribute the store holds about deals —
    product, pipeline, competitor, rep, team, the account's demographics and psychographics,
    every extra column kept from the source, and amount, age, touches and close-date pushes cut
    into quartiles — with the win rate of all other closed deals. A value is reported when the
    difference survives Benjamini–Hochberg false-discovery control over every comparison made,
    its 95% interval (Newcombe) excludes no difference, both sides have `min_samples` closed
    deals, and the gap is at least `min_gap`: in both directions, ranked by the wins it gains or
    costs. Attributes another check of the run compares (lead source, budget/authority/need/
    timing, account segments) are left to it."""

    id: ClassVar[str] = "win_drivers"
    area: ClassVar[int] = 0
    title: ClassVar[str] = "What separates won from lost deals"
    skill: ClassVar[Skill | None] = None
    requires: ClassVar[tuple[str, ...]] = ("deals",)
    action: ClassVar[str] = (
        "Aim prospecting and qualification at what won deals have in common, and qualify deals "
        "like the lost ones harder."
    )
    min_gap: float = 0.1
    """Smallest win-rate gap (absolute) worth reporting: a difference a manager acts on."""
    fdr: float = 0.05
    """False-discovery rate: Benjamini–Hochberg over every comparison made."""
    max_findings: int = 10
    """Most attributes reported (the ones gaining or costing the most wins)."""
    max_levels: int = 12
    """An extra column with more distinct values than this that reads as numbers is cut into
    quartiles instead of compared value by value."""

    def measure(self, ctx: CheckContext) -> Measurement:
        t = deal_facts(ctx)
        covered = ctx.covered_elsewhere(self)
        attributes: list[Attribute] = [
            a
            for a in (*deal_attributes(ctx, t), *account_attributes(ctx, t))
            if a.name not in covered
        ]
        attributes += numeric_attributes(ctx, t)
        numbers = [
            Attribute(a.name + NUMBER_SUFFIX, a.label, a.expr, a.unit)
            for a in extra_numbers(ctx, t)
        ]
        notes = {
            "labels": {a.name: a.label for a in (*attributes, *numbers)},
            "units": {a.name: a.unit for a in (*attributes, *numbers) if a.unit},
        }
        return Measurement({"main": attribute_rows(t, [*attributes, *numbers])}, notes)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        if basis.closed < 2 * self.min_samples:
            j.little(
                f"{plural(basis.closed, 'closed deal')}; {2 * self.min_samples} needed to "
                "compare won with lost"
            )
            return j
        rows = self._chosen(by_attribute(measured.main))
        made = contrasts(
            (r for values in rows.values() for r in values),
            min_samples=self.min_samples,
            min_gap=self.min_gap,
            fdr=self.fdr,
        )
        labels: dict[str, str] = measured.notes["labels"]
        units: dict[str, str] = measured.notes["units"]
        findings = []
        for attribute, found in contrasts_by_attribute(made).items():
            name = attribute.removesuffix(NUMBER_SUFFIX)
            if _recorded_after(found, self.min_samples):
                j.cannot(
                    f"{labels[attribute]}: left out, because its values split won from lost "
                    "deals almost perfectly, so it looks recorded after the outcome (such as an "
                    "amount set only on won deals)"
                )
                continue
            shown = (
                _rep_label(basis)
                if name == "deals.rep"
                else _bin_label(rows[attribute], units.get(attribute), basis.currency)
            )
            phrasing = _phrasing(name, labels[attribute], shown)
            finding = attribute_finding(self, basis, found, rows[attribute], phrasing)
            if finding is not None:
                findings.append(finding)
        findings.sort(key=lambda f: (-strength(f), f.id))
        j.keep_strongest(_distinct(findings, j), self.max_findings, f"{self.id}.max_findings")
        compared = len({c.attribute for c in made})
        if compared == 0:
            j.little(
                f"no value of any attribute has {self.min_samples} closed deals on both sides "
                f"of the comparison ({plural(basis.closed, 'closed deal')} in all)"
            )
        elif not findings:
            j.healthy(
                f"compared {plural(len(made), 'value')} of {plural(compared, 'attribute')}; "
                f"none wins {round(100 * self.min_gap)} points more or less than the rest after "
                f"false-discovery control at {self.fdr:.0%}"
            )
        return j

    def _chosen(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Each extra column either as text or, when it has many values that read as numbers,
        as quartiles of the number; never both."""
        chosen = {}
        for attribute, values in rows.items():
            if attribute.endswith(NUMBER_SUFFIX):
                continue
            numbers = rows.get(attribute + NUMBER_SUFFIX)
            if numbers is not None and _numeric(values, numbers, self.max_levels):
                chosen[attribute + NUMBER_SUFFIX] = numbers
            else:
                chosen[attribute] = values
        return chosen


def _distinct(findings: list[Finding], j: Judgement) -> list[Finding]:
    """One finding per group of deals: two columns that split the deals the same way (a
    previous outcome "nonexistent" and 0 previous contacts) say one thing."""
    seen: dict[tuple[int, int, float, float], Finding] = {}
    kept = []
    for f in findings:
        key = (f.evidence.affected, f.evidence.population, round(f.metric.value, 9),
               round(f.metric.baseline or 0.0, 9))  # fmt: skip
        if key in seen:
            j.cannot(f"{f.scope.label}: the same deals as {seen[key].scope.label[:1].lower()}"
                     f"{seen[key].scope.label[1:]}")  # fmt: skip
            continue
        seen[key] = f
        kept.append(f)
    return kept


def _recorded_after(found: list[Contrast], min_samples: int) -> bool:
    """Whether values won 0% or 100% of the time hold 90% or more of the closed deals: a field
    filled in once the outcome is known, which would "predict" what it records."""
    closed = max((c.rate.n + c.rest.n for c in found), default=0.0)
    perfect = sum(
        c.rate.n
        for c in found
        if c.rate.n >= min_samples and (c.rate.value <= 0.01 or c.rate.value >= 0.99)
    )
    return closed > 0 and perfect >= 0.9 * closed


def _deals(r: dict[str, Any]) -> int:
    return int(r["won"]) + int(r["lost"]) + int(r["open_deals"])


def _numeric(text: list[dict[str, Any]], numbers: list[dict[str, Any]], max_levels: int) -> bool:
    recorded = sum(_deals(r) for r in text if r["value"] is not None)
    as_number = sum(_deals(r) for r in numbers if r["value"] is not None)
    levels = sum(1 for r in text if r["value"] is not None)
    return levels > max_levels and recorded > 0 and as_number >= 0.95 * recorded


def _format(value: float, unit: str | None) -> str:
    if unit == "amount":
        return money(value)
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if unit == "days" or float(value).is_integer() or abs(value) >= 10:
        return f"{value:.0f}"  # no separator: 1987 is more often a year than a count
    return f"{value:.2g}"


def _bin_label(rows: list[dict[str, Any]], unit: str | None, currency: str | None) -> Any:
    """Bin numbers as ranges ("12–40", amounts with their currency: "1,000–3,257 USD");
    other values as they are."""
    ranges = {r["value"]: (r["lo"], r["hi"]) for r in rows if r.get("lo") is not None}

    def label(value: Any) -> str:
        if unit is None or value not in ranges:
            return str(value)
        lo, hi = ranges[value]
        shown = _format(lo, unit) if lo == hi else f"{_format(lo, unit)}–{_format(hi, unit)}"
        if unit == "amount" and currency and currency != MIXED:
            return f"{shown} {currency}"
        return shown

    return label


def _rep_label(basis: Basis) -> Any:
    def label(value: Any) -> str:
        return basis.rep_name(str(value))

    return label


def _phrasing(attribute: str, label: str, shown: Any) -> Phrasing:
    if attribute == "deals.age_days":
        return Phrasing(
            attribute,
            title=label,
            shown=shown,
            worse_action=(
                "Look at how long deals take: set a date by which an open deal must move "
                "forward, and qualify out the ones past it."
            ),
            better_action="Keep deals moving at this pace: agree each next step with a date.",
        )
    return Phrasing(attribute, title=label, shown=shown)
