"""Dates and times from CRM exports: ISO, Salesforce's "2023-10-28 20:45:25", day/month or
month/day with slashes, dots or dashes, 2- or 4-digit years, AM/PM, zone offsets, epoch ms.

Day/month order is never guessed: it comes from a declared format or from values that settle
it (a first part above 12 means day first). Results are naive UTC; naive source values are in
the source time zone. Calendar-impossible values (2023-02-30) are failures, not roll-overs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.values import Parsed

Order = Literal["dmy", "mdy"]
_ISO = (
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:[+-]\d{2}:?\d{2})?$"
)
_PARTS = r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{2}|\d{4})(?:$| )"
_EPOCH_MS = r"^\d{12,13}$"
_TIMES = (" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", "")
_NULL_TS = pa.scalar(None, pa.timestamp("us"))


def normalise(values: pa.Array) -> pa.Array:
    """One spelling for the variants: 'T' separator, fractions of a second, Z/UTC, spacing."""
    text = pc.utf8_trim_whitespace(values)
    text = pc.replace_substring_regex(text, r"^(\d{4}-\d{2}-\d{2})T", r"\1 ")
    text = pc.replace_substring_regex(text, r"(:\d{2})[.,]\d+", r"\1")
    text = pc.replace_substring_regex(text, r"\s*(?:Z|UTC|GMT)$", "+0000")
    text = pc.replace_substring_regex(text, r"\s+([+-]\d{2}:?\d{2})$", r"\1")
    return pc.replace_substring_regex(text, r"\s+", " ")


def order_evidence(values: pa.Array) -> set[Order]:
    """Which day/month orders the values prove: a part above 12 can only be a day."""
    parts = pc.extract_regex(normalise(values), _PARTS)
    valid = pc.is_valid(parts)
    if not pc.any(valid).as_py():
        return set()
    first = pc.cast(pc.filter(pc.struct_field(parts, "a"), valid), pa.int64())
    second = pc.cast(pc.filter(pc.struct_field(parts, "b"), valid), pa.int64())
    found: set[Order] = set()
    if pc.any(pc.greater(first, 12)).as_py():
        found.add("dmy")
    if pc.any(pc.greater(second, 12)).as_py():
        found.add("mdy")
    return found


PLAIN_ISO = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?$"
"""ISO without a zone, as exports and our own `export csv` write it (fractions of a second
included): Arrow casts it directly, no normalising needed."""


def _plain_iso(values: pa.Array) -> pa.Array | None:
    """Fast path: every value is plain ISO (what most exports write); None otherwise."""
    if not pc.all(pc.match_substring_regex(values, PLAIN_ISO)).as_py():
        return None
    try:
        return pc.cast(values, pa.timestamp("us"))
    except pa.ArrowInvalid:
        return None  # an impossible date somewhere: the careful path names it


def has_day_month(values: pa.Array) -> bool:
    """True when some values are written day/month or month/day (need an order)."""
    if pc.all(pc.match_substring_regex(values, PLAIN_ISO)).as_py():
        return False
    return bool(pc.any(pc.match_substring_regex(normalise(values), _PARTS)).as_py())


def _try(text: pa.Array, formats: list[str], zoned: bool) -> pa.Array:
    unit = pa.timestamp("us", "UTC") if zoned else pa.timestamp("us")
    candidates = [pc.strptime(text, format=f, unit="us", error_is_null=True) for f in formats]
    out = pc.coalesce(*[pc.cast(c, unit) for c in candidates]) if candidates else None
    return pc.cast(out, pa.timestamp("us")) if zoned else out


def _part(parts: pa.Array, key: str) -> pa.Array:
    field = pc.if_else(
        pc.is_valid(parts), pc.struct_field(parts, key), pa.scalar(None, pa.string())
    )
    return pc.cast(field, pa.int64())


def _last_two(years: pa.Array) -> pa.Array:
    return pc.subtract(years, pc.multiply(pc.divide(years, 100), 100))


def _check_calendar(result: pa.Array, parts: pa.Array, y: str, m: str, d: str) -> pa.Array:
    """Null where the parsed date rolled over (31 April became 1 May)."""
    ok = pc.and_(
        pc.and_(
            pc.equal(pc.month(result), _part(parts, m)), pc.equal(pc.day(result), _part(parts, d))
        ),
        pc.equal(_last_two(pc.year(result)), _last_two(_part(parts, y))),
    )
    return pc.if_else(pc.fill_null(ok, False), result, _NULL_TS)


def _iso(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    naive = _try(text, ["%Y-%m-%d" + t for t in _TIMES[:2]] + ["%Y-%m-%d"], zoned=False)
    zoned = _try(text, ["%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M%z"], zoned=True)
    parts = pc.extract_regex(text, _ISO)
    naive = _check_calendar(naive, parts, "y", "m", "d")
    return naive, zoned


def _day_month(text: pa.Array, order: Order) -> pa.Array:
    text = pc.replace_substring_regex(text, r"^(\d{1,2})[.-](\d{1,2})[.-](\d{2,4})", r"\1/\2/\3")
    date = "%d/%m" if order == "dmy" else "%m/%d"
    four = pc.match_substring_regex(text, r"^\d{1,2}/\d{1,2}/\d{4}")
    long_years = _try(text, [f"{date}/%Y{t}" for t in _TIMES], zoned=False)
    short_years = _try(text, [f"{date}/%y{t}" for t in _TIMES], zoned=False)
    result = pc.if_else(four, long_years, short_years)
    parts = pc.extract_regex(text, _PARTS)
    day, month = ("a", "b") if order == "dmy" else ("b", "a")
    return _check_calendar(result, parts, "y", month, day)


def _to_utc(naive: pa.Array, timezone: str) -> pa.Array:
    """Naive times read in `timezone`, as naive UTC."""
    if timezone in ("UTC", "Etc/UTC"):
        return naive
    local = pc.assume_timezone(naive, timezone, ambiguous="earliest", nonexistent="earliest")
    return pc.cast(local, pa.timestamp("us"))


FIRST_DAY = pa.scalar(datetime(1, 1, 1), pa.timestamp("us"))
LAST_DAY = pa.scalar(datetime(9999, 12, 31, 23, 59, 59, 999999), pa.timestamp("us"))


def _in_calendar(stamps: pa.Array) -> pa.Array:
    """Null for times before year 1 or after 9999 (year 0000 parses, then nothing can show it)."""
    inside = pc.and_(pc.greater_equal(stamps, FIRST_DAY), pc.less_equal(stamps, LAST_DAY))
    return pc.if_else(pc.fill_null(inside, False), stamps, _NULL_TS)


def parse_timestamp(
    values: pa.Array, order: Order | None, timezone: str = "UTC", date_format: str | None = None
) -> Parsed:
    """Parse to naive UTC timestamps; `order` settles day/month values (None: they fail)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    plain = None if date_format else _plain_iso(values)
    if plain is not None:
        plain = _in_calendar(plain)
        bad = pc.and_(pc.is_valid(values), pc.is_null(plain))
        return Parsed(_to_utc(plain, timezone), bad, "bad_date", "a date from year 1 to 9999")
    text = normalise(values)
    if date_format:
        naive = _try(text, [date_format], zoned=False)
        zoned = pa.nulls(len(values), pa.timestamp("us"))
    else:
        naive, zoned = _iso(text)
        if order is not None:
            naive = pc.coalesce(naive, _day_month(text, order))
        epoch = pc.match_substring_regex(text, _EPOCH_MS)
        millis = pc.cast(pc.if_else(epoch, text, pa.scalar(None, pa.string())), pa.int64())
        epoch_ts = pc.cast(pc.cast(millis, pa.timestamp("ms")), pa.timestamp("us"))
        zoned = pc.coalesce(zoned, epoch_ts)
    result = _in_calendar(pc.coalesce(_to_utc(naive, timezone), zoned))
    bad = pc.and_(pc.is_valid(values), pc.is_null(result))
    return Parsed(result, bad, "bad_date", "a date such as 2025-03-31 or 2025-03-31 14:05")


def parse_date(
    values: pa.Array, order: Order | None, timezone: str = "UTC", date_format: str | None = None
) -> Parsed:
    """Like parse_timestamp, then keep the calendar date (no zone shift for date-only values)."""
    stamped = parse_timestamp(values, order, "UTC", date_format)
    return Parsed(
        pc.cast(stamped.values, pa.date32()), stamped.bad, stamped.reason, stamped.expected
    )
