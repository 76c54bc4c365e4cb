"""Charts of a finding: the measured figure, its interval and the baseline it is judged by,
plus one per breakdown the views know how to draw (conversion per source, share per quarter)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline_doctor.checks.findings import Breakdown, Finding, Metric
from pipeline_doctor.store.overview import Overview
from pipeline_doctor.views.charts import (
    Spec,
    bar_chart,
    grouped_interval_chart,
    interval_chart,
    trend_chart,
)

UNIT_AXIS = {
    "rate": ("share (%)", ".0%"),
    "days": ("days", ",.0f"),
    "count": ("count", ",.0f"),
    "ratio": ("ratio (×)", ",.1f"),
    "amount": ("amount", ",.0f"),
}


def metric_axis(metric: Metric) -> tuple[str, str]:
    """Axis title (with unit) and number format for a metric."""
    unit_title, fmt = UNIT_AXIS[metric.unit]
    return f"{metric.name} — {unit_title}", fmt


def finding_chart(finding: Finding) -> Spec:
    """The finding's metric (with interval when known) against its baseline."""
    metric = finding.metric
    axis_title, fmt = metric_axis(metric)
    label = finding.scope.label or finding.scope.key or "team"
    rows = [
        {
            "label": label,
            "value": metric.value,
            "low": metric.low if metric.low is not None else metric.value,
            "high": metric.high if metric.high is not None else metric.value,
        }
    ]
    if metric.baseline is not None:
        baseline_label = metric.baseline_label or "baseline"
        rows.append(
            {
                "label": baseline_label,
                "value": metric.baseline,
                "low": metric.baseline,
                "high": metric.baseline,
            }
        )
    return interval_chart(
        finding.title,
        rows,
        category_title="",
        value_title=axis_title,
        value_format=fmt,
        width=340,
    )


def conversion_by_source_chart(breakdown: Breakdown) -> Spec:
    """Each conversion step of each lead source as a point with its 95% interval."""
    key = breakdown.columns[0].name
    rates = [c for c in breakdown.columns if c.unit == "rate" and c.low and c.high]
    rows = [
        {
            "label": row[key],
            "group": c.label,
            "value": row[c.name],
            "low": row[str(c.low)],
            "high": row[str(c.high)],
        }
        for row in breakdown.rows
        for c in rates
        if row.get(c.name) is not None
    ]
    return grouped_interval_chart(
        f"{breakdown.title} (95% intervals)",
        rows,
        category_title=breakdown.columns[0].label,
        group_title="Conversion",
        value_title="Conversion rate (%)",
    )


def share_by_quarter_chart(breakdown: Breakdown) -> Spec:
    """The share per quarter joined by a line, with 95% intervals."""
    rows = [
        {
            "period": r["quarter"],
            "value": r["share"],
            "low": r["share_low"],
            "high": r["share_high"],
        }
        for r in breakdown.rows
        if r.get("share") is not None
    ]
    return trend_chart(
        f"{breakdown.title} (95% intervals)",
        rows,
        period_title="Quarter the deal was created",
        value_title="Share of new deals (%)",
    )


BREAKDOWN_CHARTS: dict[str, Callable[[Breakdown], Spec]] = {
    "source_funnel": conversion_by_source_chart,
    "referral_share_by_quarter": share_by_quarter_chart,
}
"""Breakdown name -> its chart; breakdowns not listed are shown as tables only."""


def finding_charts(finding: Finding) -> list[Spec]:
    """The metric chart, then a chart per breakdown that has one."""
    extra = [BREAKDOWN_CHARTS[b.name](b) for b in finding.breakdowns if b.name in BREAKDOWN_CHARTS]
    return [finding_chart(finding), *extra]


def win_rate_by_source_chart(overview: Overview) -> Spec:
    rows = [
        {"source": s.label, "win_rate": s.win_rate, "closed": s.won + s.lost}
        for s in overview.by_source
        if s.win_rate is not None
    ]
    return bar_chart(
        "Win rate of closed deals by lead source",
        rows,
        category="source",
        value="win_rate",
        category_title="Lead source",
        value_title="Win rate (% of closed deals)",
        value_format=".0%",
        width=760,
    )


def open_pipeline_by_stage_chart(overview: Overview) -> Spec:
    rows = [
        {"stage": s.label, "open_amount": s.open_amount}
        for s in overview.by_stage
        if s.open_deals > 0
    ]
    return bar_chart(
        "Open pipeline by stage",
        rows,
        category="stage",
        value="open_amount",
        category_title="Stage",
        value_title="Open amount (currency units)",
        sort=[s.label for s in overview.by_stage if s.open_deals > 0],
        width=760,
    )
