"""Read one sheet of an Excel workbook (.xlsx) as the parsed rows a CSV file gives (`RawFile`):
text cells, the header row, one line number per row (the sheet's row number). Mapping, checks,
rejects and the row accounting are then exactly those of a CSV file.

Each cell becomes the text a CSV export of the sheet would hold, in forms the value parsers
read: dates and times in ISO ("2025-03-04 10:30:00"), numbers without exponent or thousands
separators (Excel stores every number as a float: 12345.0 is the id "12345"), TRUE/FALSE,
empty cells empty. Error cells (#N/A) arrive empty from the reader and stay empty. Rows with
no cell at all are the sheet's blank lines: skipped, not counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.filekind import HEAD_BYTES, WORKBOOK, looks_like
from pipeline_doctor.importers.core.csvparse import (
    RawFile,
    _blank,
    _drop_noise_rows,
    _nulls_for_empty,
    _unique_names,
)

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

SUFFIXES = (".xlsx", ".xlsm")
Cell = int | float | str | bool | time | date | datetime | timedelta


def _duration(value: timedelta) -> str:
    """A duration as Excel shows it: [h]:mm:ss."""
    seconds = int(value.total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def is_workbook(path: Path) -> bool:
    """True for a file named as an Excel workbook (read as one, never as CSV text)."""
    return path.suffix.lower() in SUFFIXES


class CellText:
    """Cell values to text, as a CSV export writes them (`decimal`: the mapping's decimal
    mark; `date_format`: the mapping's, so the date parser reads dates back)."""

    def __init__(self, decimal: str = ".", date_format: str | None = None) -> None:
        self.decimal = decimal
        self.date_format = date_format
        self.by_type: dict[type, Callable[[Any], str]] = {
            str: str,
            bool: lambda value: "TRUE" if value else "FALSE",
            float: self.number,
            int: str,
            datetime: self.stamp,
            date: self.day,
            time: time.isoformat,
            timedelta: _duration,
        }

    def __call__(self, value: Cell) -> str:
        return self.by_type.get(type(value), str)(value)

    def column(self, cells: tuple[Cell, ...]) -> pa.Array:
        """A column's cells as text; columns of text cells (most) or of whole numbers (ids,
        counts) at once."""
        kinds = set(map(type, cells))
        if kinds <= {str}:
            return pa.array(cells, type=pa.string())
        if kinds == {float}:
            values = np.asarray(cells, dtype=np.float64)
            if np.all(values == np.floor(values)) and np.all(np.abs(values) < 2.0**53):
                return pa.array(values.astype(np.int64)).cast(pa.string())
        return pa.array([self(cell) for cell in cells], type=pa.string())

    def day(self, value: date) -> str:
        return value.strftime(self.date_format) if self.date_format else value.isoformat()

    def stamp(self, value: datetime) -> str:
        """ISO, or the mapping's date format when it keeps the time of day (a format without
        hours would drop it silently: ISO then fails to parse and the cell is a reject)."""
        fmt = self.date_format
        if fmt and (value.time() == time(0) or "%H" in fmt or "%I" in fmt):
            return value.strftime(fmt)
        return str(value)

    def number(self, value: float) -> str:
        """Integer-valued floats as integers with every digit; others in their shortest exact
        form, never in scientific notation (the number parser would take 1e-07 but a value
        map would not)."""
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" in text and math.isfinite(value):
            text = np.format_float_positional(value, trim="-")
        return text if self.decimal == "." else text.replace(".", self.decimal)


def _check(path: Path, name: str) -> None:
    """One sentence when a file named as a workbook is something else (a CSV renamed .xlsx,
    a password-protected workbook, which is an OLE2 file, ...)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    found = looks_like(path, head)
    if found is None or found[0] != WORKBOOK:
        what = found[0] if found else "text (a CSV file?)"
        raise PipelineDoctorError(f"{name} is named as an Excel workbook but looks like {what}.")


def choose_sheet(names: list[str], visible: list[str], sheet: str | None, file: str) -> str:
    """`sheet` (matched as Excel does, ignoring case), or the first visible sheet."""
    if sheet is None:
        return (visible or names)[0]
    for candidate in names:
        if candidate.casefold() == sheet.casefold():
            return candidate
    listed = ", ".join(repr(n) for n in names)
    raise PipelineDoctorError(f"{file} has no sheet {sheet!r}; its sheets are {listed}.")


def _letters(index: int) -> str:
    """Excel's name of the column at 0-based `index` (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _table(
    header: list[Cell], rows: list[list[Cell]], text: CellText, name: str, notes: list[str]
) -> pa.Table:
    """Text columns named by the header row; a column with neither a name nor a value is
    left out, one with values but no name is named by its letter ("column_H")."""
    columns = list(zip(*rows, strict=True)) or [() for _ in header]
    kept = [i for i, cell in enumerate(header) if cell != "" or any(c != "" for c in columns[i])]
    labels = [text(header[i]) or f"column_{_letters(i)}" for i in kept]
    arrays = [text.column(columns[i]) for i in kept]
    return pa.table(arrays, names=_unique_names(labels, name, notes))


def _visible(book: CalamineWorkbook) -> list[str]:
    """The worksheets a user sees in Excel, in order (no hidden or chart sheets)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    return [
        m.name
        for m in book.sheets_metadata
        if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
    ]


def read_sheet(
    path: Path,
    file: str | None = None,
    sheet: str | None = None,
    *,
    decimal: str = ".",
    date_format: str | None = None,
) -> RawFile:
    """Sheet `sheet` (default: the first visible one) of workbook `path` as a `RawFile` named
    "FILE (sheet NAME)", as the mapping names the file (`file`, default the file's name)."""
    from python_calamine import CalamineError, CalamineWorkbook

    file = file or path.name
    _check(path, file)
    try:
        with CalamineWorkbook.from_path(path) as book:
            names = list(book.sheet_names)
            chosen = choose_sheet(names, _visible(book), sheet, file)
            rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise PipelineDoctorError(f"{file} cannot be read as an Excel workbook: {exc}.") from None
    name = f"{file} (sheet {chosen})"
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if row.count("") != len(row)]
    if not numbered:
        raise PipelineDoctorError(f"{name} is empty: it has no header row and no data.")
    (_, header), body = numbered[0], numbered[1:]
    notes: list[str] = []
    table = _table(header, [row for _, row in body], CellText(decimal, date_format), name, notes)
    lines = np.array([n for n, _ in body], dtype=np.int64)
    raw = RawFile(name, table, lines, len(body), notes=notes)
    if len(names) > 1:
        others = ", ".join(repr(n) for n in names if n != chosen)
        raw.notes.insert(0, f"{file}: read sheet {chosen!r}; the workbook also has {others}")
    raw, blanks = _drop_noise_rows(raw, raw.columns, [_blank(c) for c in raw.table.columns])
    raw.table = _nulls_for_empty(raw.table, blanks)
    return raw
