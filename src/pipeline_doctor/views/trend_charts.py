"""Charts of the diagnosis's trend: the win rate per period with its 95% interval and the
closed deals behind it, and the pipeline created per period. A period that is not over yet is
drawn lighter and labelled "(so far)"; with fewer than two periods to draw there is no chart."""

from __future__ import annotations

from pipeline_doctor.diagnosis.result import Period, Trend
from pipeline_doctor.views.charts import (
    COMPLETE,
    INTERVAL_NOTE,
    SO_FAR,
    Spec,
    amount_title,
    period_bar_chart,
    period_rate_chart,
)
from pipeline_doctor.wording import figure, pct, plural

PERIOD_TITLES = {"month": "Month", "quarter": "Quarter"}
SO_FAR_LABEL = " (so far)"


def period_label(period: Period) -> str:
    """The period's label, with "(so far)" when it is not over yet."""
    if period.partial and not period.label.endswith(SO_FAR_LABEL):
        return period.label + SO_FAR_LABEL
    return period.label


def _status(period: Period) -> str:
    return SO_FAR if period.partial else COMPLETE


def win_rate_trend_chart(trend: Trend) -> Spec | None:
    """Win rate of the deals closed in each period, with its 95% interval and how many deals
    closed; a period with no closed deal has no point. None with fewer than two points."""
    rows = [
        {
            "period": period_label(p),
            "value": p.win_rate,
            "low": p.low,
            "high": p.high,
            "lines": [pct(p.win_rate), f"of {plural(p.won + p.lost, 'deal')}"]
            if p.win_rate is not None
            else ["no deal", "closed"],
            "status": _status(p),
        }
        for p in trend.periods
    ]
    if sum(r["value"] is not None for r in rows) < 2:
        return None
    return period_rate_chart(
        f"Win rate by {trend.grain}",
        rows,
        period_title=f"{PERIOD_TITLES[trend.grain]} the deal closed",
        value_title="Win rate (% of closed deals)",
        subtitle="Above each point: the win rate and how many deals closed (won or lost) in "
        f"the {trend.grain}. {INTERVAL_NOTE}",
    )


def pipeline_created_chart(trend: Trend, currency: str | None = None) -> Spec | None:
    """The pipeline created in each period: the amount of the new deals with its currency, or
    their number when deals carry no amounts; the number of new deals written above each bar.
    None with fewer than two periods."""
    if len(trend.periods) < 2:
        return None
    amounts = any(p.created_amount is not None for p in trend.periods)
    rows = [
        {
            "period": period_label(p),
            "value": p.created_amount if amounts else p.created,
            "text": plural(p.created, "deal") if amounts else f"{p.created:,}",
            "status": _status(p),
        }
        for p in trend.periods
    ]
    title = PERIOD_TITLES[trend.grain]
    if amounts:
        total = sum(p.created_amount or 0.0 for p in trend.periods)
        return period_bar_chart(
            f"Pipeline created by {trend.grain}",
            rows,
            period_title=f"{title} the deal was created",
            value_title=amount_title("Amount of new deals", currency),
            unit="amount",
            subtitle=f"{figure(total, 'amount', currency)} created in these "
            f"{plural(len(rows), trend.grain)}; above each bar: how many deals were created.",
        )
    return period_bar_chart(
        f"New deals by {trend.grain}",
        rows,
        period_title=f"{title} the deal was created",
        value_title="New deals (count)",
        unit="count",
        subtitle="Your deals carry no amounts: the chart counts them.",
    )


def trend_charts(trend: Trend | None, currency: str | None = None) -> list[Spec]:
    """The trend's charts that have something to show (win rate, then pipeline created)."""
    if trend is None:
        return []
    specs = (win_rate_trend_chart(trend), pipeline_created_chart(trend, currency))
    return [s for s in specs if s is not None]
