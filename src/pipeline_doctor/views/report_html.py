"""The self-contained HTML report: one file, charts as inline SVG, no JavaScript, no network.

All CRM text reaches the page through Jinja2 autoescaping; only SVG produced by vl-convert from
our own specs is inserted unescaped (SVG text nodes are escaped by the renderer)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import jinja2

from pipeline_doctor.casework.models import QualifyOutEmail
from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.findings import Cell, Column, Finding, Metric
from pipeline_doctor.coaching.result import RepCoaching
from pipeline_doctor.diagnosis.rank import impact_text, summary_repeats_title
from pipeline_doctor.diagnosis.result import Diagnosis, FindingTrend, RepDiagnosis
from pipeline_doctor.model.labels import SOURCE_LABELS
from pipeline_doctor.store.overview import NOT_RECORDED, Overview, PipelineSlice
from pipeline_doctor.views.charts import to_svg
from pipeline_doctor.views.finding_charts import (
    finding_charts,
    open_pipeline_by_stage_chart,
    win_rate_by_source_chart,
)
from pipeline_doctor.views.headline_strip import shown
from pipeline_doctor.views.trend_charts import trend_charts
from pipeline_doctor.wording import days, figure, money, pct, plural, points, ratio

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
    trend: FindingTrend | None = None


def _metric_value(metric: Metric, value: float | None) -> str:
    return figure(value, metric.unit)


def _numeric(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _cell(column: Column, row: dict[str, Cell], currency: str | None) -> tuple[str, str]:
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
        return pct(value), "" if low is None or high is None else f"({pct(low)} to {pct(high)})"
    if column.unit == "points":
        interval = "" if low is None or high is None else f"({points(low)} to {points(high)})"
        return points(value), interval
    if column.unit == "ratio":
        interval = "" if low is None or high is None else f"({ratio(low)} to {ratio(high)})"
        return ratio(value), interval
    if column.unit == "days":
        return days(value), ""
    if column.unit == "count":
        return f"{value:,.0f}", ""
    return money(value, currency), ""


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
        svgs = [to_svg(spec) for spec in finding_charts(finding, diagnosis.currency)]
        main, extra = (svgs[0], tuple(svgs[1:])) if svgs else ("", ())
        trend = diagnosis.finding_trend(finding.id)
        cards.append(NumberedFinding(rank, finding, main, extra, trend))
    return cards


def _subtitle(overview: Overview | None, diagnosis: Diagnosis, stamp: str) -> str:
    parts = [f"Pipeline Doctor report · generated {stamp}"]
    first = overview.first_activity if overview else None
    last = overview.last_activity if overview else None
    periods = diagnosis.trend.periods if diagnosis.trend else []
    if first is None and periods:
        first, last = periods[0].start, diagnosis.as_of[:10]
    parts.append(f"data from {first} to {last}" if first and last else "no dates in your data")
    counts = plural(diagnosis.team.deals, "deal")
    if overview is not None and overview.rows.get("activities"):
        counts += f", {plural(overview.rows.get('activities', 0), 'activity')}"
    parts.append(counts)
    if diagnosis.filters:
        parts.append("; ".join(f"{k} {v}" for k, v in diagnosis.filters.items()))
    return " · ".join(parts)


def _has_finding(rep: RepDiagnosis) -> bool:
    link = rep.weakest_link
    return bool(rep.explained_by or rep.other_findings or (link is not None and link.clear))


def _sources(overview: Overview | None) -> list[PipelineSlice]:
    """The lead-source rows in a manager's words; none when no deal records a source."""
    if overview is None or all(s.label == NOT_RECORDED for s in overview.by_source):
        return []
    return [replace(s, label=SOURCE_LABELS.get(s.label, s.label)) for s in overview.by_source]


def render_report(
    overview: Overview | None,
    diagnosis: Diagnosis,
    generated_at: datetime | None = None,
    emails: list[QualifyOutEmail] | None = None,
    coaching: list[RepCoaching] | None = None,
) -> str:
    """Render the report to one HTML string (`overview` adds where the pipeline comes from;
    without it, e.g. in a notebook, the diagnosis alone; `emails`, the qualify-out email of
    each listed deal, each in a section the deal tables link to; `coaching`, the plan of each
    rep with a finding, linked from the rep table)."""
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    currency = diagnosis.currency
    cards = _number(diagnosis)
    qualify_out = [d for f in diagnosis.findings if f.deal_list == "qualify_out" for d in f.deals]
    qualify_checks = [s for s in diagnosis.checks if s.deal_list == "qualify_out"]
    titles = {f.id: f.title for f in diagnosis.findings}
    anchors = {c.finding.id: f"finding-{c.number}" for c in cards}
    sources = _sources(overview)
    overview_specs = (
        [win_rate_by_source_chart(overview), open_pipeline_by_stage_chart(overview, currency)]
        if overview is not None
        else []
    )
    trend = diagnosis.trend
    trend_specs = trend_charts(trend, currency) if trend is not None else []
    complete = [p for p in trend.periods if not p.partial] if trend else []
    template = _environment().get_template("report.html.j2")
    return template.render(
        subtitle=_subtitle(overview, diagnosis, stamp),
        overview=overview,
        overview_svgs=[to_svg(s) for s in overview_specs if s],
        sources=sources,
        diagnosis=diagnosis,
        strip=shown(diagnosis.figures, currency),
        top=diagnosis.causes[:3],
        cards=cards,
        trend_svgs=[to_svg(s) for s in trend_specs],
        latest_label=complete[-1].label if complete else "",
        previous_label=complete[-2].label if len(complete) > 1 else "",
        reps_with=[r for r in diagnosis.reps if _has_finding(r)],
        reps_rest=[r for r in diagnosis.reps if not _has_finding(r)],
        qualify_out=qualify_out,
        emails=emails or [],
        deal_anchors={e.deal: f"deal-{i}" for i, e in enumerate(emails or [], start=1)},
        qualify_checks=qualify_checks,
        coaching=coaching or [],
        rep_anchors={c.rep: f"rep-{i}" for i, c in enumerate(coaching or [], start=1)},
        status_words=STATUS_WORDS,
        impact=lambda i: impact_text(i, currency),
        repeats=summary_repeats_title,
        plural=plural,
        finding_titles=titles,
        anchors=anchors,
        area_names=AREAS,
        pct=pct,
        money=lambda v: money(v, currency),
        days=days,
        metric=_metric_value,
        cell=lambda c, row: _cell(c, row, currency),
    )
