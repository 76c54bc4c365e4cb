"""What a CSV file (or a workbook's sheet) holds, column by column, read from its first part:
how many cells are filled, the distinct values with their counts, and how many cells read as
numbers or dates.
`--suggest-mapping` guesses from these profiles and lists the values for the user to map."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core import dates, values
from pipeline_doctor.importers.core.chunks import can_split, read_parts
from pipeline_doctor.importers.core.csvparse import RawFile, parse_csv
from pipeline_doctor.importers.core.textio import ensure_text_file, read_text
from pipeline_doctor.importers.core.xlsx import is_workbook
from pipeline_doctor.importers.generic.read import read_input

SAMPLE_BYTES = 32 << 20
"""Bytes read from a larger file: hundreds of thousands of rows, enough to see its values."""
LISTED = 50
"""Distinct values kept per column, most frequent first."""
PARSED = 20_000
"""Distinct values per column parsed to tell numbers and dates (the most frequent)."""
_POINT = r"^\s*[+-]?\d*\.\d+\s*$"
_COMMA = r"^\s*[+-]?\d*,\d+\s*$"


@dataclass(frozen=True)
class ColumnProfile:
    """One column of the sample: filled cells, distinct values and what they read as."""

    name: str
    filled: int
    distinct: int
    top: tuple[tuple[str, int], ...]  # up to LISTED values with their counts, most frequent first
    numbers: int  # filled cells that read as numbers
    dates: int  # filled cells that read as dates
    first: str | None = None  # the earliest and latest date, when there are dates
    last: str | None = None
    day_month: bool = False  # some dates are written day/month or month/day

    @property
    def unlisted(self) -> int:
        """Distinct values beyond those in `top`."""
        return self.distinct - len(self.top)

    @property
    def unlisted_rows(self) -> int:
        """Filled cells holding a value beyond those in `top`."""
        return self.filled - sum(count for _, count in self.top)


@dataclass(frozen=True)
class Sample:
    """The profiles of a file's columns, from `rows` rows (the whole file when `complete`)."""

    name: str
    rows: int
    complete: bool
    delimiter: str
    decimal: str
    columns: tuple[ColumnProfile, ...]
    date_orders: frozenset[str]  # the day/month orders the dates prove (none, one, or both)

    def column(self, name: str) -> ColumnProfile:
        return next(c for c in self.columns if c.name == name)

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]


def read_sample(path: Path) -> tuple[RawFile, bool]:
    """The file parsed whole (a workbook's first sheet), or the first part of about
    SAMPLE_BYTES of a large CSV file; True when whole. A file that is not text is refused."""
    if is_workbook(path):
        return read_input(path), True
    ensure_text_file(path)
    if path.stat().st_size <= SAMPLE_BYTES or not can_split(path, None):
        return parse_csv(read_text(path).text, path.name), True
    raw, _ = next(read_parts(path, path.name, None, None, SAMPLE_BYTES))
    return raw, False  # a part ends at the last row boundary before SAMPLE_BYTES: rows remain


def _decimal(raw: RawFile) -> str:
    """The decimal mark the values use; the importer's default for the delimiter if unsure."""
    point = comma = 0
    for column in raw.table.columns:
        point += pc.sum(pc.match_substring_regex(column, _POINT)).as_py() or 0
        comma += pc.sum(pc.match_substring_regex(column, _COMMA)).as_py() or 0
    if point == comma:
        return "," if raw.delimiter == ";" else "."
    return "." if point > comma else ","


def _weighted(valid: pa.Array, counts: pa.Array, filled: int) -> int:
    """The filled cells whose value is valid, from distinct values and their counts."""
    counted = pc.sum(counts).as_py() or 0
    hits = pc.sum(pc.filter(counts, pc.fill_null(valid, False))).as_py() or 0
    return round(hits * filled / counted) if counted else 0


def _profile(name: str, column: pa.Array, decimal: str) -> tuple[ColumnProfile, set[str]]:
    """Counts come from the distinct values (at most PARSED of them are parsed): parsing
    every cell of every column would take seconds per column of a large file."""
    filled = len(column) - column.null_count
    counted = pc.value_counts(pc.drop_null(pc.utf8_trim_whitespace(column)))
    ranked = pa.table({"v": counted.field("values"), "c": counted.field("counts")}).sort_by(
        [("c", "descending"), ("v", "ascending")]
    )
    distinct = ranked.num_rows
    names, counts = ranked.column("v").combine_chunks(), ranked.column("c").combine_chunks()
    pairs = list(zip(names[:LISTED].to_pylist(), counts[:LISTED].to_pylist(), strict=True))
    names, counts = names[:PARSED], counts[:PARSED]
    numbers = _weighted(pc.is_valid(values.parse_float(names, decimal).values), counts, filled)
    orders = dates.order_evidence(names)
    order_used: dates.Order = "dmy" if orders == {"dmy"} else "mdy"
    stamps = dates.parse_timestamp(names, order_used).values
    found = _weighted(pc.is_valid(stamps), counts, filled)
    first = last = None
    if found:
        low, high = pc.min_max(stamps).values()
        first, last = str(low.as_py().date()), str(high.as_py().date())
    profile = ColumnProfile(
        name,
        filled,
        distinct,
        tuple(pairs),
        numbers,
        found,
        first,
        last,
        dates.has_day_month(names),
    )
    return profile, set(orders)


def profile_file(path: Path) -> Sample:
    """Profile the columns of the file at `path` (refused when it is not text)."""
    return profile(*read_sample(path), name=path.name)


def profile(raw: RawFile, complete: bool, name: str | None = None) -> Sample:
    """Profile the columns of a parsed file; `complete`: it holds every row of the file;
    `name`: the file's name as a mapping gives it (default: the parsed file's)."""
    decimal = _decimal(raw)
    profiles: list[ColumnProfile] = []
    orders: set[str] = set()
    for column in raw.columns:
        found, proven = _profile(column, raw.table.column(column).combine_chunks(), decimal)
        profiles.append(found)
        if found.day_month and found.dates:
            orders |= proven
    return Sample(
        name or raw.name,
        raw.table.num_rows,
        complete,
        raw.delimiter,
        decimal,
        tuple(profiles),
        frozenset(orders),
    )
