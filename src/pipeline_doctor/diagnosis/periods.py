"""Calendar periods for figures over time: months for data spanning under a year, quarters
otherwise. Pure date arithmetic (no data): the trend and the headline strip share it, so "this
quarter" means the same thing in both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Grain = Literal["month", "quarter"]
QUARTERS_FROM = 365
"""Days of data from which periods are quarters (shorter spans use months)."""
MOST_PERIODS = {"month": 12, "quarter": 8}
"""The latest periods shown: two years of quarters, one year of months."""


@dataclass(frozen=True)
class Window:
    """One calendar period [start, end)."""

    label: str
    start: dt.date
    end: dt.date
    partial: bool
    """The data stops before the period ends."""


def grain_for(first: dt.date, last: dt.date) -> Grain:
    return "quarter" if (last - first).days >= QUARTERS_FROM else "month"


def _start(day: dt.date, grain: Grain) -> dt.date:
    month = day.month if grain == "month" else 3 * ((day.month - 1) // 3) + 1
    return dt.date(day.year, month, 1)


def _next(start: dt.date, grain: Grain) -> dt.date:
    months = start.month - 1 + (1 if grain == "month" else 3)
    return dt.date(start.year + months // 12, months % 12 + 1, 1)


def label(start: dt.date, grain: Grain) -> str:
    """ "2026 Q2" or "Apr 2026"."""
    if grain == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%b %Y")


def windows(first: dt.date, last: dt.date, grain: Grain | None = None) -> list[Window]:
    """The calendar periods from the one holding `first` to the one holding `last` (the data's
    last day), at most the latest `MOST_PERIODS`; the last is partial when `last` is not its
    final day."""
    grain = grain or grain_for(first, last)
    out: list[Window] = []
    start = _start(first, grain)
    while start <= last:
        end = _next(start, grain)
        out.append(Window(label(start, grain), start, end, partial=last < end - dt.timedelta(1)))
        start = end
    return out[-MOST_PERIODS[grain] :]


def latest_complete(periods: list[Window]) -> tuple[Window, Window] | None:
    """The latest complete period and the one before it, when there are two."""
    complete = [w for w in periods if not w.partial]
    return (complete[-1], complete[-2]) if len(complete) >= 2 else None
