"""Link 2, ideal customer: win rate by demographic and psychographic segment of the accounts;
effort spent on segments that almost never buy, and the segments that buy best."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from pipeline_doctor.checks.attributes import ACCOUNT_ATTRIBUTES, account_attributes
from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.common import rate_metric
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.contrast import Contrast, contrasts
from pipeline_doctor.checks.driver_findings import Phrasing, attribute_finding
from pipeline_doctor.checks.findings import Evidence, Finding, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import TARGETING, Skill
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.model.labels import deals_phrase, segment_phrase
from pipeline_doctor.wording import count_of, days, money, pct, plural, points

COUNTS = ("won", "lost", "open_deals", "open_amount", "effort", "won_days")


def _phrasing(attribute: str, label: str) -> Phrasing:
    return Phrasing(attribute, title=f"account {label}", heading=label[:1].upper() + label[1:])


class IcpFit(Check):
    """Segments of accounts (industry, size bands, region, country, reach, price sensitivity,
    innovation appetite) compared by win rate with the rest, with the statistics of win_drivers.
    A segment that wins below `max_ratio` of the rest's rate is effort spent where customers
    almost never buy (a broken link, with its share of the team's activity); segments are
    judged one at a time, each after removing those already found, so a segment that merely
    overlaps a poor one is not blamed. Other clear differences, better or worse, are reported
    as what separates won from lost."""

    id: ClassVar[str] = "icp_fit"
    area: ClassVar[int] = 2
    title: ClassVar[str] = "Effort on segments that rarely buy"
    skill: ClassVar[Skill | None] = TARGETING
    requires: ClassVar[tuple[Need, ...]] = ("deals", "accounts", "deals.account")
    answers: ClassVar[tuple[str, ...]] = ("poor_fit_segment",)
    covers: ClassVar[tuple[str, ...]] = ACCOUNT_ATTRIBUTES
    action: ClassVar[str] = (
        "Stop prospecting this segment (or qualify it out early) and move the effort to "
        "segments that buy; write the ideal-customer profile down."
    )
    max_ratio: float = 0.5
    """A segment is poor when its win rate is below this fraction of the rest's."""
    min_samples: int = 30
    """Fewest closed deals in a segment (and outside it) before it is judged."""
    max_segments: int = 5
    """Most poor segments reported."""
    min_effect: float = 0.1
    """Smallest win-rate gap between a segment and the rest worth reporting."""
    fdr: float = 0.05
    """False-discovery rate over this check's comparisons (Benjamini–Hochberg)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        t = deal_facts(ctx)
        t = t.filter(t.account.notnull())
        dims = {a.name: a.expr.cast("string") for a in account_attributes(ctx, t)
                if not a.name.startswith("accounts.extra.")}  # fmt: skip
        keyed = t.mutate(**{f"d{i}": e for i, e in enumerate(dims.values())})
        won = keyed.outcome == "won"
        is_open = keyed.outcome == "open"
        keys = [f"d{i}" for i in range(len(dims))]
        grouped = keyed.group_by(keys) if keys else keyed  # no segment field: one total row
        cells = grouped.aggregate(
            won=keyed.count(where=won),
            lost=keyed.count(where=keyed.outcome == "lost"),
            open_deals=keyed.count(where=is_open),
            open_amount=keyed.amount.sum(where=is_open).fill_null(0.0),
            effort=keyed.n_activities.sum(),
            won_days=keyed.age_days.sum(where=won).fill_null(0.0),
        )
        labels = {a.name: a.label for a in account_attributes(ctx, t)}
        return Measurement({"main": cells}, {"dims": list(dims), "labels": labels})

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        dims: list[str] = measured.notes["dims"]
        labels: dict[str, str] = measured.notes["labels"]
        if not dims:
            j.cannot("your accounts have no industry, size, region or other segment fields")
            return j
        cells = [{dims[i]: c[f"d{i}"] for i in range(len(dims))} | c for c in measured.main]
        poor = self._poor_segments(basis, cells, dims)
        j.findings += poor
        rows = _marginals(cells, dims)
        made = self._contrasts(rows)
        reported = {f.scope.key for f in poor}
        for dim in dims:
            found = [c for c in made if c.attribute == dim and f"{dim}={c.label}" not in reported]
            if not found:
                continue
            phrasing = _phrasing(dim, labels[dim])
            finding = attribute_finding(self, basis, found, rows[dim], phrasing)
            if finding is not None:
                j.findings.append(finding)
        if not made:
            closed = sum(int(c["won"]) + int(c["lost"]) for c in cells)
            j.little(
                f"no account segment has {self.min_samples} closed deals inside and outside it "
                f"({plural(closed, 'closed deal')} with an account)"
            )
        elif not j.findings:
            j.healthy(
                f"compared {plural(len(made), 'account segment')} with the rest: none wins "
                f"{round(100 * self.min_effect)} points more or less after false-discovery control"
            )
        return j

    def _contrasts(self, rows: dict[str, list[dict[str, Any]]]) -> list[Contrast]:
        return contrasts(
            [r for values in rows.values() for r in values],
            min_samples=self.min_samples,
            min_gap=self.min_effect,
            fdr=self.fdr,
        )

    def _poor_segments(
        self, basis: Basis, cells: list[dict[str, Any]], dims: list[str]
    ) -> list[Finding]:
        found: list[Finding] = []
        for _ in range(self.max_segments):
            made = self._contrasts(_marginals(cells, dims))
            poor = [
                c
                for c in made
                if c.clear and not c.better and c.value is not None
                and c.rate.value <= self.max_ratio * c.rest.value
            ]  # fmt: skip
            if not poor:
                break
            worst = max(
                poor, key=lambda c: (c.gap / max(c.rate.high - c.rate.value, 1e-9), c.label)
            )
            found.append(self._finding(basis, worst, cells))
            cells = [c for c in cells if c[worst.attribute] != worst.value]
        return found

    def _finding(self, basis: Basis, c: Contrast, cells: list[dict[str, Any]]) -> Finding:
        inside = [x for x in cells if x[c.attribute] == c.value]
        effort = sum(float(x["effort"] or 0) for x in inside)
        total_effort = sum(float(x["effort"] or 0) for x in cells)
        won_days = sum(float(x["won_days"] or 0) for x in inside)
        cycle = f"; won deals there took {days(won_days / c.rate.k)}" if c.rate.k else ""
        effort_text = (
            f", yet take {pct(effort / total_effort)} of {basis.whose} activity"
            if total_effort
            else ""
        )
        segment = segment_phrase(c.attribute, c.value)
        deals = deals_phrase(c.attribute, c.value)
        how = (
            f"the segment's {plural(c.open_deals, 'open deal')} "
            f"({money(c.open_amount, basis.currency)}) × how much less often its deals win than "
            f"other segments' ({points(c.gap, signed=False)})"
        )
        return self.finding(
            basis,
            title=f"{segment} rarely buy",
            summary=(
                f"{deals} win {pct(c.rate.value)} ({count_of(c.rate.k, c.rate.n, 'closed deal')}) "
                f"against {pct(c.rest.value)} elsewhere{effort_text}{cycle}."
            ),
            metric=rate_metric(
                f"win rate of {deals_phrase(c.attribute, c.value, start=False)}",
                c.rate,
                c.rest.value,
                "other segments",
            ),
            scope=Scope(
                kind="segment",
                key=f"{c.attribute}={c.value}",
                label=segment,
                attributes={"direction": "worse"},
            ),
            evidence=Evidence(affected=c.deals, population=int(c.rate.n + c.rest.n) + c.open_deals),
            impact=basis.impact(c.open_deals * c.gap, c.open_amount * c.gap, how),
        )


def _marginals(cells: list[dict[str, Any]], dims: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per dimension, its values' totals (the rows `contrasts` compares)."""
    out: dict[str, dict[Any, dict[str, Any]]] = defaultdict(dict)
    for c in cells:
        for dim in dims:
            row = out[dim].setdefault(
                c[dim], {"attribute": dim, "value": c[dim], **dict.fromkeys(COUNTS, 0.0)}
            )
            for k in COUNTS:
                row[k] += float(c[k] or 0)
    return {dim: list(values.values()) for dim, values in out.items()}
