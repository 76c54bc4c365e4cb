"""Days and times as people write them ("Tuesday the 14th", "2:30pm"), and the date lines of
quoted emails, for whole arrays of timestamps at once. Phrases are built once per distinct day
and looked up (Arrow's strftime is far slower)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _clock(hour: int, minute: int, form: int) -> str:
    h12, half = (hour - 1) % 12 + 1, "am" if hour < 12 else "pm"
    if form == 0:
        return f"{hour}:{minute:02d}"
    if form == 1:
        return f"{h12}{'' if minute == 0 else f':{minute:02d}'}{half}"
    if form == 2:
        return f"{h12}:{minute:02d}"
    return f"{h12}{'' if minute == 0 else f'.{minute:02d}'} {half}"


_TIME_FORMS = 4
_TIMES = pa.array(
    [_clock(h, m, f) for f in range(_TIME_FORMS) for h in range(24) for m in (0, 15, 30, 45)]
)
_CLOCK_12 = pa.array(
    [f"{(h - 1) % 12 + 1}:{m:02d} {'AM' if h < 12 else 'PM'}" for h in range(24) for m in range(60)]
)


def _days(at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct days, each row's index among them)."""
    days = np.asarray(at).astype("datetime64[D]")
    distinct, index = np.unique(days, return_inverse=True)
    return distinct, index


def _day_table(distinct: np.ndarray) -> list[tuple[str, str, str, str, str]]:
    """Per distinct day: (weekday, "Tuesday the 14th", "Tuesday 14 March", "Tue, Mar 14, 2026",
    "Tuesday, March 14, 2026")."""
    out = []
    for day in distinct.astype(object):
        name, month = WEEKDAYS[day.weekday()], MONTHS[day.month - 1]
        out.append(
            (
                name,
                f"{name} the {_ordinal(day.day)}",
                f"{name} {day.day} {month}",
                f"{name[:3]}, {month[:3]} {day.day}, {day.year}",
                f"{name}, {month} {day.day}, {day.year}",
            )
        )
    return out


def _lookup(at: np.ndarray, column: int) -> pa.Array:
    distinct, index = _days(at)
    return pa.array([row[column] for row in _day_table(distinct)]).take(index)


def working_day_after(at: np.ndarray, days: np.ndarray) -> np.ndarray:
    """`days` calendar days after `at`, moved past a weekend to Monday (datetime64[D])."""
    day = at.astype("datetime64[D]") + days.astype("timedelta64[D]")
    weekday = (day.astype(np.int64) + 3) % 7
    return np.asarray(day + np.where(weekday >= 5, 7 - weekday, 0).astype("timedelta64[D]"))


def working_day_before(at: np.ndarray, days: np.ndarray) -> np.ndarray:
    """`days` calendar days before `at`, moved back from a weekend to Friday."""
    day = at.astype("datetime64[D]") - days.astype("timedelta64[D]")
    weekday = (day.astype(np.int64) + 3) % 7
    return np.asarray(day - np.where(weekday >= 5, weekday - 4, 0).astype("timedelta64[D]"))


def weekday_names(day: np.ndarray) -> pa.Array:
    return _lookup(day, 0)


def day_phrases(day: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """ "Tuesday", "Tuesday the 14th" or "Tuesday 14 March", mostly the first."""
    distinct, index = _days(day)
    table = pa.array([form for row in _day_table(distinct) for form in row[:3]])
    form = rng.choice(3, len(index), p=(0.6, 0.25, 0.15))
    return table.take(index * 3 + form)


def clock_phrases(n: int, rng: np.random.Generator) -> pa.Array:
    """Working-hour times of day in one of a few written forms ("14:30", "2:30pm", "10am",
    "3 pm")."""
    quarter = 4 * rng.integers(9, 17, n) + rng.choice((0, 2), n, p=(0.7, 0.3))
    form = rng.integers(0, _TIME_FORMS, n)
    return _TIMES.take(form * 96 + quarter)


def _minute(at: np.ndarray) -> np.ndarray:
    return np.asarray((at - at.astype("datetime64[D]")).astype("timedelta64[m]").astype(np.int64))


def gmail_dates(at: np.ndarray) -> pa.Array:
    """ "Tue, Mar 3, 2026 at 10:14 AM"."""
    return pc.binary_join_element_wise(_lookup(at, 3), _CLOCK_12.take(_minute(at)), " at ")


def outlook_dates(at: np.ndarray) -> pa.Array:
    """ "Tuesday, March 3, 2026 10:14 AM"."""
    return pc.binary_join_element_wise(_lookup(at, 4), _CLOCK_12.take(_minute(at)), " ")
