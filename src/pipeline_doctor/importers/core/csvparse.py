"""Split CSV text into rows and string columns, with the line where each row starts.

Two parsers give the same result: PyArrow's (fast, used when the file's structure is clean)
and Python's csv module (exact line numbers for damaged files: blank lines, rows with the
wrong number of fields, bare carriage returns). Rows that cannot be split into the header's
columns become rejects (`wrong_column_count`, `footer`, `repeated_header`, `empty_row`).
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.rejects import ROW, Reject

DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawFile:
    """A parsed CSV file: string columns (nulls for empty cells), one line number per row."""

    name: str
    table: pa.Table
    lines: np.ndarray
    rows_read: int
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    delimiter: str = ","

    @property
    def columns(self) -> list[str]:
        return list(self.table.column_names)


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most fields (quotes respected)."""
    best, best_count = ",", 0
    for candidate in DELIMITERS:
        count = len(next(csv.reader([header], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def _split_header(text: str, delimiter: str) -> tuple[list[str], int, int]:
    """The header fields, how many physical lines the header takes, and where the body starts
    (read from a growing prefix: the header may hold quoted newlines, the file may be
    gigabytes and copying it whole for the header alone costs seconds)."""
    size = 1 << 16
    while True:
        prefix = text[:size]
        stream = io.StringIO(prefix, newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            return [], 0, len(text)
        if stream.tell() < len(prefix) or len(prefix) == len(text):
            return header, reader.line_num, stream.tell()
        size *= 4  # the header may go on past the prefix


def _unique_names(header: list[str], name: str, notes: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(header, start=1):
        clean = raw.strip() or f"column_{position}"
        if clean in seen:
            seen[clean] += 1
            renamed = f"{clean}_{seen[clean]}"
            notes.append(
                f"{name}: duplicated header {clean!r} (column {position}) read as {renamed!r}"
            )
            clean = renamed
        else:
            seen[clean] = 1
        names.append(clean)
    return names


def _fast(body: str, names: list[str], delimiter: str, first_line: int) -> RawFile | None:
    """PyArrow's parser, or None when the structure needs the exact (slow) parser.

    PyArrow skips blank lines without saying where, which would shift every later line
    number; so the rows and their embedded newlines must account for every physical line of
    the body, or the exact parser runs instead."""
    carriage_returns = body.count("\r")
    if carriage_returns and carriage_returns != body.count("\r\n"):
        return None  # a bare carriage return: PyArrow and Python split it differently
    invalid: list[object] = []

    def keep(row: object) -> str:
        invalid.append(row)
        return "skip"

    data = body.encode("utf-8")
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(
                column_names=names, block_size=max(1 << 22, min(len(data) + 1, 1 << 26))
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=keep
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if invalid or (len(names) == 1 and any(not line.strip() for line in body.splitlines())):
        return None
    end = len(body)
    while end and body[end - 1] in "\r\n":
        end -= 1  # trailing line breaks end the last row; they are not blank rows
    physical = body.count("\n", 0, end) + 1 if end else 0
    if physical == table.num_rows:  # one line per row: no newline inside any value
        lines = first_line + np.arange(table.num_rows, dtype=np.int64)
        return RawFile("", table, lines, table.num_rows)
    embedded = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        counts = pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
        embedded += counts.astype(np.int64)
    steps = embedded + 1
    if int(steps.sum()) != physical:
        return None  # blank lines between rows: only the exact parser knows where
    lines = first_line + np.concatenate(([0], np.cumsum(steps)[:-1])) if len(steps) else steps
    return RawFile("", table, lines.astype(np.int64), table.num_rows)


def _slow(body: str, names: list[str], delimiter: str, first_line: int, name: str) -> RawFile:
    """Python's csv module: exact start line for every row, damaged rows kept as rejects."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    good: list[list[str]] = []
    good_lines: list[int] = []
    bad: list[tuple[int, list[str]]] = []
    previous = 0
    width = len(names)
    for row in reader:
        start = first_line + previous
        previous = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            continue  # a blank line is not a row
        if len(row) != width:
            bad.append((start, row))
            continue
        good.append(row)
        good_lines.append(start)
    columns = list(zip(*good, strict=True)) if good else [() for _ in names]
    table = pa.table(
        {n: pa.array(c, type=pa.string()) for n, c in zip(names, columns, strict=True)}
    )
    last_good = good_lines[-1] if good_lines else 0
    rejects = [
        Reject(
            name,
            line,
            ROW,
            delimiter.join(row),
            "footer" if line > last_good else "wrong_column_count",
            f"{len(row)} fields where the header has {width}"
            + (
                " (a report footer or trailing text)"
                if line > last_good
                else " (a stray delimiter or a broken quote)"
            ),
        )
        for line, row in bad
    ]
    raw = RawFile(name, table, np.array(good_lines, dtype=np.int64), len(good) + len(bad))
    raw.rejects.extend(rejects)
    return raw


def _blank(column: pa.ChunkedArray) -> np.ndarray:
    """Cells that are empty or only whitespace (a scan, no trimmed copy of the text)."""
    blank = pc.or_(pc.equal(pc.utf8_length(column), 0), pc.utf8_is_space(column))
    return np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)


def _drop_noise_rows(
    raw: RawFile, names: list[str], blanks: list[np.ndarray]
) -> tuple[RawFile, list[np.ndarray]]:
    """Reject rows that repeat the header and rows with every field empty (`blanks`: each
    column's blank cells); return the rest and their blank cells."""
    table = raw.table
    if table.num_rows == 0:
        return raw, blanks
    empty = np.logical_and.reduce(blanks) if blanks else np.ones(table.num_rows, dtype=bool)
    # a repeated header: the first column holds its own name (cheap), then the rest agree
    first = pc.utf8_trim_whitespace(table.column(0))
    repeat = np.asarray(pc.equal(first, names[0]).to_numpy(zero_copy_only=False), dtype=bool)
    for index in np.flatnonzero(repeat):
        row = [table.column(c)[int(index)].as_py() for c in range(table.num_columns)]
        repeat[index] = [str(v).strip() for v in row] == names
    drop = repeat | empty
    if not drop.any():
        return raw, blanks
    for index in np.flatnonzero(drop):
        reason = "repeated_header" if repeat[index] else "empty_row"
        message = (
            "the header row appears again (files joined together?)"
            if repeat[index]
            else "every field is empty"
        )
        raw.rejects.append(Reject(raw.name, int(raw.lines[index]), ROW, None, reason, message))
    keep = pa.array(~drop)
    raw.table = table.filter(keep)
    raw.lines = raw.lines[~drop]
    return raw, [blank[~drop] for blank in blanks]


def _unclosed_quote(raw: RawFile, body: str) -> RawFile:
    """A quote never closed swallows the rest of the file into the last row: reject it."""
    if body.count('"') % 2 == 0 or raw.table.num_rows == 0:
        return raw
    last = raw.table.slice(raw.table.num_rows - 1).to_pylist()[0]
    joined = raw.delimiter.join(v or "" for v in last.values())
    if "\n" not in joined:
        return raw
    line = int(raw.lines[-1])
    raw.rejects.append(
        Reject(
            raw.name,
            line,
            ROW,
            joined,
            "unclosed_quote",
            f"a quote opened on line {line} is never closed, so the {joined.count(chr(10))} lines "
            "after it were read as one field",
        )
    )
    raw.table = raw.table.slice(0, raw.table.num_rows - 1)
    raw.lines = raw.lines[:-1]
    return raw


def _nulls_for_empty(table: pa.Table, blanks: list[np.ndarray]) -> pa.Table:
    """Empty or all-blank cells become null; other values keep their exact text."""
    arrays = [
        pc.if_else(pa.array(blank), None, column) if blank.any() else column
        for column, blank in zip(table.columns, blanks, strict=True)
    ]
    return pa.table(arrays, names=table.column_names)


def parse_csv(text: str, name: str, delimiter: str | None = None) -> RawFile:
    """Parse CSV `text` from file `name` (header on the first line)."""
    if not text or text.isspace():
        raise PipelineDoctorError(f"{name} is empty: it has no header row and no data.")
    first = text[: text.find("\n")] if "\n" in text[:1_000_000] else text[:1_000_000]
    chosen = delimiter or sniff_delimiter(first.rstrip("\r"))
    header, header_lines, offset = _split_header(text, chosen)
    notes: list[str] = []
    names = _unique_names(header, name, notes)
    body = text[offset:]
    first_line = header_lines + 1
    raw = _fast(body, names, chosen, first_line) or _slow(body, names, chosen, first_line, name)
    raw.name = name
    raw.delimiter = chosen
    raw.notes.extend(notes)
    raw = _unclosed_quote(raw, body)
    raw, blanks = _drop_noise_rows(raw, names, [_blank(c) for c in raw.table.columns])
    raw.table = _nulls_for_empty(raw.table, blanks)
    return raw
