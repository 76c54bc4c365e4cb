"""The self-contained HTML report: one file, charts as inline SVG, no JavaScript, no network.

All CRM text reaches the page through Jinja2 autoescaping; only SVG produced by vl-convert from
our own specs is inserted unescaped (SVG text nodes are escaped by the renderer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import jinja2

from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.findings import Cell, Column, Finding, Metric
from pipeline_doctor.diagnosis.rank import impact_text
from pipeline_doctor.diagnosis.result import Diagnosis
from pipeline_doctor.store.overview import Overview
from pipeline_doctor.views.charts import to_svg
from pipeline_doctor.views.finding_charts import (
    finding_charts,
    open_pipeline_by_stage_chart,
    win_rate_by_source_chart,
)
from pipeline_doctor.wording import money, pct, plural, points

STATUS_WORDS = {
    "findings": "findings",
    "healthy": "healthy",
    "too_little_data": "too little data",
    "skipped": "skipped",
    "error": "error",
}


@dataclass(frozen=True)
class NumberedFinding:
    """A finding with its place in the report (its anchor is finding-<number>)."""

    number: int
    finding: Finding
    svg: str = ""
    breakdown_svgs: tuple[str, ...] = ()


def _metric_value(metric: Metric, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.unit == "rate":
        return f"{value:.0%}"
    if metric.unit == "ratio":
        return f"{value:,.1f}×"
    if metric.unit == "days":
        return f"{value:,.0f} days"
    return f"{value:,.0f}"


def _numeric(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _cell(column: Column, row: dict[str, Cell]) -> tuple[str, str]:
    """One breakdown cell as text and, for rates and ratios, its 95% interval ("" if none); a
    dash when the value is unknown."""
    value = row.get(column.name)
    if value is None:
        return "—", ""
    if isinstance(value, str):
        return value, ""
    low = _numeric(row.get(column.low or ""))
    high = _numeric(row.get(column.high or ""))
    if column.unit == "rate":
        return pct(value), "" if low is None or high is None else f"({pct(low)}–{pct(high)})"
    if column.unit == "points":
        interval = "" if low is None or high is None else f"({points(low)} to {points(high)})"
        return points(value), interval
    if column.unit == "ratio":
        interval = "" if low is None or high is None else f"({low:,.1f}–{high:,.1f}×)"
        return f"{value:,.1f}×", interval
    if column.unit == "days":
        return f"{value:,.0f} days", ""
    return money(value), ""


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline_doctor.views", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
    )


def _number(diagnosis: Diagnosis) -> list[NumberedFinding]:
    """Every finding as a card in rank order (its anchor is finding-<rank>), with its charts."""
    cards: list[NumberedFinding] = []
    for rank, finding in enumerate(diagnosis.findings, start=1):
        main, *extra = (to_svg(spec) for spec in finding_charts(finding))
        cards.append(NumberedFinding(rank, finding, main, tuple(extra)))
    return cards


def render_report(
    overview: Overview, diagnosis: Diagnosis, generated_at: datetime | None = None
) -> str:
    """Render the report to one HTML string."""
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    cards = _number(diagnosis)
    qualify_out = [d for f in diagnosis.findings if f.deal_list == "qualify_out" for d in f.deals]
    qualify_checks = [s for s in diagnosis.checks if s.deal_list == "qualify_out"]
    titles = {f.id: f.title for f in diagnosis.findings}
    charts = {
        "source": to_svg(win_rate_by_source_chart(overview)),
        "stage": to_svg(open_pipeline_by_stage_chart(overview)),
    }
    template = _environment().get_template("report.html.j2")
    return template.render(
        generated_at=stamp,
        overview=overview,
        diagnosis=diagnosis,
        headline=[diagnosis.headline, *diagnosis.answer],
        cards=cards,
        qualify_out=qualify_out,
        qualify_checks=qualify_checks,
        status_words=STATUS_WORDS,
        impact=lambda i: impact_text(i, diagnosis.currency),
        plural=plural,
        finding_titles=titles,
        charts=charts,
        area_names=AREAS,
        pct=pct,
        money=money,
        metric_value=_metric_value,
        cell=_cell,
    )
