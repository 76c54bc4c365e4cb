"""Whether each finding is new, growing or shrinking: the checks that found something run again
on the deals created in the earlier and in the later half of the data (split at the median
created date), through the same scope, rules and statistics; each finding's gap (its value
against its baseline) is compared between the halves.

Deal lists (zombies, stalled, past due …) describe today's open deals and are not dated."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline_doctor.checks.base import Check, run_check
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.driver_findings import QUARTILES
from pipeline_doctor.checks.findings import CheckResult, Finding, Metric
from pipeline_doctor.diagnosis.result import FindingTrend
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import Z95
from pipeline_doctor.wording import figure

if TYPE_CHECKING:
    from pipeline_doctor.facts import DataScope

JUDGED = ("findings", "healthy")
MIN_DEALS_PER_HALF = 100
"""Fewer deals than this in either half: nothing is dated (each check would say too little)."""


def datable(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a direction can be measured for: not today's deal lists, and not a range
    of quartiles (each half cuts its own)."""
    return [
        f for f in findings
        if f.deal_list is None and f.scope.attributes.get("values") != QUARTILES
    ]  # fmt: skip


def split_date(ctx: CheckContext) -> dt.datetime | None:
    """The median created date of the population's deals, when both halves hold enough."""
    if not ctx.has("deals.created_at"):
        return None
    d = deal_facts(ctx, "created_at")
    dated = d.filter(d.created_at.notnull())
    row = dated.aggregate(n=dated.count(), mid=dated.created_at.epoch_seconds().median())
    values = row.to_pyarrow().to_pylist()[0]
    if values["n"] < 2 * MIN_DEALS_PER_HALF or values["mid"] is None:
        return None
    return dt.datetime.fromtimestamp(float(values["mid"]), dt.UTC).replace(
        tzinfo=None, hour=0, minute=0, second=0, microsecond=0
    )


def run_halves(
    ctx: CheckContext,
    checks: dict[str, Check],
    split: dt.datetime,
    step: Callable[[str], None] | None = None,
) -> tuple[list[CheckResult], list[CheckResult]]:
    """The `checks` run on deals created before `split` and on those created since."""
    halves: list[list[CheckResult]] = []
    scope: DataScope = ctx.scope
    for since, until in ((scope.since, split), (split, None)):
        window = replace(scope, since=since, until=until)
        with CheckContext(ctx.store, scope=window, as_of=ctx.now(), checks=checks) as half:
            results = []
            for check in checks.values():
                if step:
                    step(check.title)
                results.append(run_check(check, half))
            halves.append(results)
    return halves[0], halves[1]


def _gap(metric: Metric) -> float | None:
    return None if metric.baseline is None else metric.value - metric.baseline


def _se(finding: Finding) -> float | None:
    """The standard error of the finding's gap: its value's (from its 95% interval) and, for a
    rate, its baseline's (a rate over the rest of the population)."""
    metric, evidence = finding.metric, finding.evidence
    if metric.low is None or metric.high is None or metric.baseline is None:
        return None
    se = (metric.high - metric.low) / (2 * Z95)
    rest = evidence.population - evidence.affected
    if metric.unit == "rate" and rest > 0:
        se = math.hypot(se, math.sqrt(metric.baseline * (1 - metric.baseline) / rest))
    return se


def _comparable(present: Finding, whole: Finding) -> bool:
    """Whether the half without the finding held at least as many of the subject's records as
    the half with it (the halves split the deals, so the whole's count minus the present
    half's is the absent half's): only then is its absence a judgement, not too little data."""
    return whole.evidence.affected - present.evidence.affected >= present.evidence.affected


def _said(metric: Metric) -> str:
    value = figure(metric.value, metric.unit)
    if metric.baseline is None:
        return value
    return f"{value} against {figure(metric.baseline, metric.unit)}"


def direction(
    finding: Finding, earlier: CheckResult, later: CheckResult, split: dt.datetime
) -> FindingTrend:
    """The finding's direction from its two halves' results."""
    day = split.date().isoformat()
    before = next((f for f in earlier.findings if f.id == finding.id), None)
    since = next((f for f in later.findings if f.id == finding.id), None)

    def trend(direction: str, text: str) -> FindingTrend:
        return FindingTrend(
            finding=finding.id, direction=direction, text=text, split=day,  # type: ignore[arg-type]
            earlier=_gap(before.metric) if before else None,
            later=_gap(since.metric) if since else None,
        )  # fmt: skip

    if since is not None and before is None:
        if earlier.status in JUDGED and _comparable(since, finding):
            return trend(
                "new",
                f"New: not found in deals created before {day}; since then {_said(since.metric)}.",
            )
        return trend(
            "undated", f"Found in deals created since {day}; too few before it to compare."
        )
    if before is not None and since is None:
        if later.status in JUDGED and _comparable(before, finding):
            return trend(
                "shrinking",
                f"Shrinking: found in deals created before {day} ({_said(before.metric)}), "
                "not in those created since.",
            )
        return trend("undated", f"Found in deals created before {day}; too few since to compare.")
    if before is None or since is None:
        return trend("undated", "Too little data in each half of the data to date it.")
    return _compare(before, since, day, trend)


def _compare(
    before: Finding, since: Finding, day: str, trend: Callable[[str, str], FindingTrend]
) -> FindingTrend:
    """Growing or shrinking when the gap's size changed beyond noise (a z-test of the two
    gaps' sizes), steady otherwise; undated when the metric carries no interval."""
    both = f"{_said(before.metric)} in deals created before {day}, {_said(since.metric)} since"
    g_before, g_since = _gap(before.metric), _gap(since.metric)
    se_before, se_since = _se(before), _se(since)
    if g_before is None or g_since is None or se_before is None or se_since is None:
        return trend("undated", f"Found in both halves of the data ({both}).")
    spread = math.hypot(se_before, se_since)
    z = (abs(g_since) - abs(g_before)) / spread if spread else 0.0
    if z > Z95:
        return trend("growing", f"Growing: {both}.")
    if z < -Z95:
        return trend("shrinking", f"Shrinking: {both}.")
    return trend("steady", f"Steady: {both}.")


def date_findings(
    findings: Sequence[Finding],
    earlier: Sequence[CheckResult],
    later: Sequence[CheckResult],
    split: dt.datetime,
) -> list[FindingTrend]:
    by_check = {r.check: (r, later[i]) for i, r in enumerate(earlier)}
    out = []
    for f in datable(findings):
        if f.check in by_check:
            out.append(direction(f, *by_check[f.check], split))
    return out
