"""Win rate and pipeline created per month or quarter, and the period-over-period changes that
are beyond noise stated in words (pure: the counts come from `over_time.monthly`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from pipeline_doctor.diagnosis.over_time import Monthly
from pipeline_doctor.diagnosis.periods import Window, grain_for, latest_complete, windows
from pipeline_doctor.diagnosis.result import Period, Trend
from pipeline_doctor.stats import Z95, Difference, Rate, difference, wilson
from pipeline_doctor.wording import money, pct, plural, points

NO_DATES = "Your export has no created or close dates, so nothing can be shown over time."


def _in(window: Window, counts: Mapping[tuple[int, int], float]) -> float:
    return sum(v for (y, m), v in counts.items() if window.start <= dt.date(y, m, 1) < window.end)


def period_of(window: Window, data: Monthly, money_known: bool) -> Period:
    won, lost = int(_in(window, data.won)), int(_in(window, data.lost))
    rate = wilson(won, won + lost) if won + lost else None
    has_amounts = money_known and bool(data.created_amount)
    return Period(
        label=window.label + (" (so far)" if window.partial else ""),
        start=window.start.isoformat(),
        end=window.end.isoformat(),
        partial=window.partial,
        created=int(_in(window, data.created)),
        created_amount=_in(window, data.created_amount) if has_amounts else None,
        won=won,
        lost=lost,
        win_rate=rate.value if rate else None,
        low=rate.low if rate else None,
        high=rate.high if rate else None,
    )


def trend_windows(data: Monthly, last: dt.date) -> list[Window]:
    """The calendar periods of the trend: from the first dated deal to `last` (the data's last
    day); none without dates."""
    return [] if data.first is None else windows(data.first, last)


def win_rate_change(now: Period, before: Period) -> tuple[Rate, Rate, Difference] | None:
    """Two periods' win rates and their difference (Newcombe), when both closed deals."""
    a, b = wilson(now.won, now.won + now.lost), wilson(before.won, before.won + before.lost)
    return (a, b, difference(a, b)) if a.n and b.n else None


def build_trend(data: Monthly, last: dt.date, money_known: bool, currency: str | None) -> Trend:
    """The periods of `trend_windows`, and what changed from the period before the latest
    complete one to that one, when beyond noise."""
    grid = trend_windows(data, last)
    if data.first is None:
        return Trend(grain="month", note=NO_DATES)
    grain = grain_for(data.first, last)  # as `windows` chose it
    periods = [period_of(w, data, money_known) for w in grid]
    if len(periods) < 2:
        note = "The data spans one period only: nothing to compare over time yet."
        return Trend(grain=grain, periods=periods, note=note)
    statements: list[str] = []
    pair = latest_complete(grid)
    if pair is not None:
        now, before = (periods[grid.index(w)] for w in pair)
        statements += _win_rate_change(before, now)
        statements += _created_change(before, now, currency)
    return Trend(grain=grain, periods=periods, statements=statements)


def _win_rate_change(before: Period, now: Period) -> list[str]:
    change = win_rate_change(now, before)
    if change is None:
        return []
    a, b, d = change
    if d.low <= 0 <= d.high:
        return []
    verb = "rose" if d.value > 0 else "fell"
    return [
        f"Win rate {verb} from {pct(b.value)} in {before.label} to {pct(a.value)} in "
        f"{now.label} ({points(d.value)}, 95% interval {points(d.low)} to {points(d.high)}; "
        f"{plural(b.n, 'closed deal')} then, {plural(a.n, 'closed deal')} now)."
    ]


def counts_differ(k_then: float, k_now: float) -> bool:
    """Whether two counts over equal periods differ beyond chance: the conditional test of two
    Poisson counts (k_now given k_then + k_now is binomial with p = 1/2), normal approximation
    (a line, not scipy: scipy costs a second to import)."""
    n = k_then + k_now
    return n > 0 and abs(k_now - k_then) / math.sqrt(n) > Z95


def _created_change(before: Period, now: Period, currency: str | None) -> list[str]:
    if not counts_differ(before.created, now.created):
        return []
    verb = "rose" if now.created > before.created else "fell"

    def amount(p: Period) -> str:
        deals = plural(p.created, "deal")
        return (
            deals if p.created_amount is None else f"{money(p.created_amount, currency)} in {deals}"
        )

    return [
        f"New pipeline {verb} from {amount(before)} created in {before.label} to "
        f"{amount(now)} in {now.label}."
    ]
