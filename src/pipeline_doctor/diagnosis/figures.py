"""The headline strip: win rate, open pipeline, pipeline at risk, median days to win and deals
past their close date, each from the data, with its change against the previous period where
the dates allow and a note where the data cannot give it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pipeline_doctor.checks.findings import Finding
from pipeline_doctor.checks.judgement import Basis
from pipeline_doctor.diagnosis.periods import Window
from pipeline_doctor.diagnosis.result import (
    Change,
    CheckSummary,
    FigureUnit,
    HeadlineFigure,
    Period,
)
from pipeline_doctor.diagnosis.trend import win_rate_change
from pipeline_doctor.stats import median_interval, quantile
from pipeline_doctor.wording import count_of, days, money, plural


def win_rate(basis: Basis, pair: tuple[Period, Period] | None) -> HeadlineFigure:
    if not basis.closed:
        return HeadlineFigure(
            name="win_rate", label="Win rate", unit="rate", value=None,
            note="No deal is closed yet: there is no win rate.",
        )  # fmt: skip
    change = None
    compared = win_rate_change(*pair) if pair is not None else None
    if pair is not None and compared is not None:
        now, before = pair
        _, b, d = compared
        change = Change(
            period=now.label, previous_period=before.label, previous=b.value,
            difference=d.value, low=d.low, high=d.high, clear=not d.low <= 0 <= d.high,
        )  # fmt: skip
    return HeadlineFigure(
        name="win_rate",
        label="Win rate",
        unit="rate",
        value=basis.win_rate,
        detail=count_of(basis.won, basis.closed, "closed deal"),
        change=change,
    )


def open_pipeline(
    basis: Basis, before: tuple[Window, tuple[int, float | None]] | None
) -> HeadlineFigure:
    """The open pipeline now: its amount where deals carry amounts, else its deal count;
    against the pipeline open when the latest period began (rebuilt from created and close
    dates: exact, so any change is a real one)."""
    deals = plural(basis.open_deals, "open deal")
    unit: FigureUnit = "money" if basis.money_known else "count"
    if basis.money_known:
        value, detail = basis.open_amount, deals
    else:
        value, detail = float(basis.open_deals), "amounts unknown"
    change = None
    if before is not None:
        window, (n, amount) = before
        previous = (amount or 0.0) if basis.money_known else float(n)
        change = Change(
            period="now", previous_period=f"the start of {window.label}", previous=previous,
            difference=value - previous, clear=value != previous,
        )  # fmt: skip
    return HeadlineFigure(
        name="open_pipeline", label="Open pipeline", unit=unit, value=value, detail=detail,
        change=change,
    )  # fmt: skip


def at_risk(
    basis: Basis, findings: Sequence[Finding], summaries: Sequence[CheckSummary]
) -> HeadlineFigure:
    """The open deals the findings list (zombies, stalled, past due, one-sided …), each once."""
    listing = [s for s in summaries if s.deal_list is not None]
    judged = [s for s in listing if s.status in ("findings", "healthy")]
    name, label = "at_risk", "Pipeline at risk"
    if not judged:
        why = "no check that lists deals at risk could judge your data"
        if not listing:
            why = "no check that lists deals at risk ran"
        return HeadlineFigure(
            name="at_risk", label=label, unit="money" if basis.money_known else "count",
            value=None, note=f"{why[:1].upper()}{why[1:]}.",
        )  # fmt: skip
    lists = [f for f in findings if f.deal_list is not None]
    deals = {d.id: d for f in lists for d in f.deals}
    unit: FigureUnit = "money" if basis.money_known else "count"
    if not deals:
        return HeadlineFigure(
            name=name, label=label, unit=unit, value=0.0, detail="no open deal is on a deal list"
        )
    # a list shows its worst deals only: then the figure is what the listed deals hold
    cut = any(f.evidence.affected > len(f.deals) for f in lists)
    flagged = max([len(deals), *(f.evidence.affected for f in lists)])
    count = f"at least {plural(flagged, 'open deal')}" if cut else plural(flagged, "open deal")
    detail = f"{count} on the qualify-out and review lists"
    if cut and basis.money_known:
        detail += f"; the amount is of the {len(deals):,} listed"
    value = sum(d.amount or 0.0 for d in deals.values()) if basis.money_known else float(flagged)
    return HeadlineFigure(name=name, label=label, unit=unit, value=value, detail=detail)


def days_to_win(
    won: Sequence[tuple[dt.date, float]], pair: tuple[Window, Window] | None
) -> HeadlineFigure:
    """The median days from creation to a win; against the previous period (by close date)
    when the two medians' 95% intervals do not overlap."""
    label = "Median days to win"
    if not won:
        return HeadlineFigure(
            name="days_to_win", label=label, unit="days", value=None,
            note="No won deal has both a created and a close date.",
        )  # fmt: skip
    value = quantile([d for _, d in won], 0.5)
    change = None
    if pair is not None:
        now_w, before_w = pair
        now = [d for day, d in won if now_w.start <= day < now_w.end]
        before = [d for day, d in won if before_w.start <= day < before_w.end]
        a, b = median_interval(now), median_interval(before)
        if a is not None and b is not None:
            m_now, m_before = quantile(now, 0.5) or 0.0, quantile(before, 0.5) or 0.0
            change = Change(
                period=now_w.label, previous_period=before_w.label, previous=m_before,
                difference=m_now - m_before, clear=a[0] > b[1] or a[1] < b[0],
            )  # fmt: skip
    return HeadlineFigure(
        name="days_to_win", label=label, unit="days", value=value,
        detail=f"over {plural(len(won), 'won deal')}", change=change,
    )  # fmt: skip


def past_due(
    counted: tuple[int, float | None] | None, basis: Basis, grace_days: float
) -> HeadlineFigure:
    label = "Past their close date"
    if counted is None:
        return HeadlineFigure(
            name="past_due", label=label, unit="count", value=None,
            note="Your export has no expected close dates.",
        )  # fmt: skip
    n, amount = counted
    detail = f"of {plural(basis.open_deals, 'open deal')}, over {days(grace_days)} late"
    if basis.money_known and amount:
        detail += f", worth {money(amount, basis.currency)}"
    return HeadlineFigure(name="past_due", label=label, unit="count", value=float(n), detail=detail)
