"""Charts of a finding and of the overview: the measured figure as a bar beside its baseline's,
one chart per breakdown the views know how to draw, win rate per lead source and the open
pipeline per stage. A chart that would show one bar (or none) is not drawn: its function
returns None, and the report shows the figure in words only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline_doctor.checks.findings import Breakdown, Cell, Finding, Metric
from pipeline_doctor.store.overview import Overview
from pipeline_doctor.views.charts import (
    COMPLETE,
    INTERVAL_NOTE,
    Spec,
    amount_title,
    bar_chart,
    period_rate_chart,
    plain,
)
from pipeline_doctor.wording import figure, pct, plural

UNIT_TITLES = {"rate": "%", "days": "days", "count": "count", "ratio": "×"}
SUBJECTS = {"team": "the team", "rep": "the rep", "segment": "the segment"}
"""Who a finding is about when its scope has no label (never its internal key)."""


def metric_title(metric: Metric, currency: str | None = None) -> str:
    """The axis title of a metric, with its unit: "Win rate, lead source Referral (%)",
    "Open amount (USD)"."""
    name = _capital(metric.name)
    if metric.unit == "amount":
        return amount_title(name, currency)
    return f"{name} ({UNIT_TITLES[metric.unit]})"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def metric_counts(finding: Finding) -> tuple[int | None, int | None]:
    """How many records the finding's figure and its baseline are rates of, where the
    evidence says so: a won-against-lost difference compares its `affected` closed deals with
    the rest of the `population`; a link's rate that is its `affected` records (or the rest)
    of its `population` is a rate of the population. Otherwise unknown (None)."""
    metric, evidence = finding.metric, finding.evidence
    if metric.unit != "rate" or evidence.population <= 0:
        return None, None
    if finding.kind == "driver":
        return evidence.affected, evidence.population - evidence.affected
    share = evidence.affected / evidence.population
    if abs(metric.value - share) < 1e-9 or abs(metric.value - (1 - share)) < 1e-9:
        return evidence.population, None
    return None, None


def figure_text(
    value: float, unit: str, currency: str | None, n: float | None = None, noun: str = ""
) -> str:
    """A bar's figure as the report writes it, with the count a rate is of: "53% of 740
    closed deals", "1,250 USD", "43 days"."""
    text = figure(value, unit, currency)
    return f"{text} of {plural(n, noun)}" if unit == "rate" and n is not None else text


def metric_chart(finding: Finding, currency: str | None = None) -> Spec | None:
    """The finding's figure (and its 95% interval) as a bar beside its baseline's; None when
    the metric has no baseline (one bar compares nothing; the card says the figure)."""
    metric = finding.metric
    if metric.baseline is None:
        return None
    n, baseline_n = metric_counts(finding)
    noun = "closed deal" if finding.kind == "driver" else finding.evidence.record_kind
    subject = plain(finding.scope.label or SUBJECTS[finding.scope.kind])
    against = metric.baseline_label or "baseline"
    if against.lower() == subject.lower():
        against += " (baseline)"
    rows = [
        {
            "label": _capital(subject),
            "value": metric.value,
            "low": metric.low,
            "high": metric.high,
            "text": figure_text(metric.value, metric.unit, currency, n, noun),
            "role": "value",
        },
        {
            "label": _capital(against),
            "value": metric.baseline,
            "low": None,
            "high": None,
            "text": figure_text(metric.baseline, metric.unit, currency, baseline_n, noun),
            "role": "baseline",
        },
    ]
    name = _capital(metric.name)
    # a won-against-lost difference names its segment in the metric already
    named = subject.lower() in name.lower()
    title = f"{name}, against {against}" if named else f"{name}: {subject} against {against}"
    return bar_chart(
        title,
        rows,
        value_title=metric_title(metric, currency),
        unit=metric.unit,
        subtitle=INTERVAL_NOTE if metric.low is not None and metric.high is not None else None,
    )


def _number(cell: Cell) -> float | None:
    return float(cell) if isinstance(cell, int | float) else None


FUNNEL_COUNTS = {"lead_to_deal": "lead", "lead_to_won": "lead", "win_rate": "closed deal"}
"""The records each conversion of the funnel is a rate of (leads, or won and lost deals)."""


def _funnel_n(row: dict[str, Cell], rate: str) -> float | None:
    if FUNNEL_COUNTS.get(rate) == "lead":
        return _number(row.get("leads"))
    won, lost = _number(row.get("won")), _number(row.get("lost"))
    return None if won is None or lost is None else won + lost


def conversion_by_source_chart(
    breakdown: Breakdown, finding: Finding, currency: str | None = None
) -> Spec | None:
    """Each conversion step of each lead source as a bar with its 95% interval and the
    number of leads or closed deals it is a rate of."""
    key = breakdown.columns[0].name
    rates = [c for c in breakdown.columns if c.unit == "rate" and c.low and c.high]
    rows: list[dict[str, Any]] = []
    for row in breakdown.rows:
        for c in rates:
            value = _number(row.get(c.name))
            if value is None:
                continue
            n = _funnel_n(row, c.name)
            rows.append(
                {
                    "label": plain(str(row[key])),
                    "group": c.label,
                    "value": value,
                    "low": _number(row.get(str(c.low))),
                    "high": _number(row.get(str(c.high))),
                    "text": figure_text(value, "rate", None, n, FUNNEL_COUNTS.get(c.name, "")),
                }
            )
    if len(rows) < 2:
        return None
    groups = [c.label for c in rates if any(r["group"] == c.label for r in rows)]
    return bar_chart(
        breakdown.title,
        rows,
        value_title="Conversion rate (%)",
        unit="rate",
        category_title=breakdown.columns[0].label,
        subtitle=INTERVAL_NOTE,
        groups=groups,
        group_title="Conversion",
    )


def win_rate_by_value_chart(
    breakdown: Breakdown, finding: Finding, currency: str | None = None
) -> Spec | None:
    """The win rate of every value of the attribute a finding is about, best first (ranges of
    a number in their order), with its 95% interval and closed deals, the finding's own value
    in the strong colour. Two values are the finding's figure and its baseline, which the
    metric chart already draws: not repeated."""
    rows: list[dict[str, Any]] = []
    for r in breakdown.rows:
        value, n = _number(r.get("win_rate")), _number(r.get("deals"))
        if value is None:
            continue
        own = value == finding.metric.value and n == finding.evidence.affected
        rows.append(
            {
                "label": plain(str(r["value"])),
                "value": value,
                "low": _number(r.get("win_rate_low")),
                "high": _number(r.get("win_rate_high")),
                "text": figure_text(value, "rate", None, n, "closed deal"),
                "role": "value" if own else "other",
            }
        )
    if len(rows) < 3:
        return None
    if not any("lo" in r for r in breakdown.rows):  # ranges of a number keep their order
        rows.sort(key=lambda r: -r["value"])
    return bar_chart(
        breakdown.title,
        rows,
        value_title="Win rate (% of closed deals)",
        unit="rate",
        subtitle=f"{plain(finding.scope.label)} in the strong colour. {INTERVAL_NOTE}"
        if any(r["role"] == "value" for r in rows) and finding.scope.label
        else INTERVAL_NOTE,
    )


def share_by_quarter_chart(
    breakdown: Breakdown, finding: Finding, currency: str | None = None
) -> Spec | None:
    """The share per quarter with its 95% interval and the new deals it is a share of."""
    rows: list[dict[str, Any]] = []
    for r in breakdown.rows:
        value, n = _number(r.get("share")), _number(r.get("deals"))
        if value is None:
            continue
        rows.append(
            {
                "period": str(r["quarter"]),
                "value": value,
                "low": _number(r.get("share_low")),
                "high": _number(r.get("share_high")),
                "lines": [pct(value), *([f"of {plural(n, 'deal')}"] if n is not None else [])],
                "status": COMPLETE,
            }
        )
    if len(rows) < 2:
        return None
    return period_rate_chart(
        breakdown.title,
        rows,
        period_title="Quarter the deal was created",
        value_title="Share of new deals (%)",
        subtitle=f"Above each point: the share and how many new deals it is of. {INTERVAL_NOTE}",
    )


BreakdownChart = Callable[[Breakdown, Finding, str | None], Spec | None]
BREAKDOWN_CHARTS: dict[str, BreakdownChart] = {
    "source_funnel": conversion_by_source_chart,
    "referral_share_by_quarter": share_by_quarter_chart,
    "win_rate_by_value": win_rate_by_value_chart,
}
"""Breakdown name -> its chart; breakdowns not listed are shown as tables only."""


def breakdown_charts(finding: Finding, currency: str | None = None) -> list[Spec]:
    """A chart per breakdown that has one and enough to draw, in the breakdowns' order."""
    specs = (
        BREAKDOWN_CHARTS[b.name](b, finding, currency)
        for b in finding.breakdowns
        if b.name in BREAKDOWN_CHARTS
    )
    return [s for s in specs if s is not None]


def finding_charts(finding: Finding, currency: str | None = None) -> list[Spec]:
    """Every chart of a finding: its metric against the baseline (when it has one), then its
    breakdowns'. May be empty."""
    metric = metric_chart(finding, currency)
    return [*([metric] if metric else []), *breakdown_charts(finding, currency)]


def win_rate_by_source_chart(overview: Overview) -> Spec | None:
    """Win rate of closed deals per lead source, best first, with its 95% interval and the
    closed deals behind each; None with fewer than two sources that have closed deals."""
    slices = sorted(
        (s for s in overview.by_source if s.win_rate is not None),
        key=lambda s: -(s.win_rate or 0.0),
    )
    rows = [
        {
            "label": plain(s.label),
            "value": s.win_rate,
            "low": (s.win_rate_interval or (None, None))[0],
            "high": (s.win_rate_interval or (None, None))[1],
            "text": figure_text(s.win_rate or 0.0, "rate", None, s.won + s.lost, "closed deal"),
            "role": "value",
        }
        for s in slices
    ]
    if len(rows) < 2:
        return None
    return bar_chart(
        "Win rate of closed deals by lead source",
        rows,
        value_title="Win rate (% of closed deals)",
        unit="rate",
        category_title="Lead source",
    )


def open_pipeline_by_stage_chart(overview: Overview, currency: str | None = None) -> Spec | None:
    """The open pipeline per stage in stage order: its amount with the currency, or the number
    of open deals when they carry no amounts; None with fewer than two stages holding any."""
    stages = [s for s in overview.by_stage if s.open_deals > 0]
    if len(stages) < 2:
        return None
    if any(s.open_amount > 0 for s in stages):
        rows = [
            {
                "label": s.label,
                "value": s.open_amount,
                "text": f"{figure(s.open_amount, 'amount', currency)} in "
                f"{plural(s.open_deals, 'deal')}",
                "role": "value",
            }
            for s in stages
        ]
        return bar_chart(
            "Open pipeline by stage",
            rows,
            value_title=amount_title("Open pipeline", currency),
            unit="amount",
            category_title="Stage",
        )
    rows = [
        {
            "label": s.label,
            "value": s.open_deals,
            "text": plural(s.open_deals, "deal"),
            "role": "value",
        }
        for s in stages
    ]
    return bar_chart(
        "Open deals by stage",
        rows,
        value_title="Open deals (count)",
        unit="count",
        category_title="Stage",
    )
