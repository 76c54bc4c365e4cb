"""Split CSV text into rows and string columns, with the line where each row starts.

Two parsers give the same result: PyArrow's (fast, used when the file's structure is clean)
and Python's csv module (exact line numbers for damaged files: blank lines, rows with the
wrong number of fields, bare carriage returns, quotes never closed). Every line of the text is
in a loaded row or a reject; rows that cannot be read become rejects:
`wrong_column_count`, `footer` (such rows after the last good one), `repeated_header`,
`empty_row`, `unclosed_quote` (a quote never closed: the row where it opened; reading goes on
at the next line) and `bad_encoding` (a row holding bytes that are not UTF-8 in a UTF-8 file,
see `textio`). A file that cannot be read at all (a delimiter of several characters, a header
of more columns than any export has, a header whose quote never closes) is refused in one
sentence naming it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvheader import (
    Lines,
    check_delimiter,
    first_line,
    reader,
    sniff_delimiter,
    split_header,
)
from pipeline_doctor.importers.core.rejects import ROW, Reject
from pipeline_doctor.importers.core.textio import (
    BadBytes,
    bad_bytes,
    line_end,
    without_bad_bytes,
)


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
    if not delimiter.isascii():
        return None  # PyArrow splits on one byte
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
    if _may_end_in_quote(table, body):
        return None  # only the exact parser knows whether a quote was left open
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


def _may_end_in_quote(table: pa.Table, body: str) -> bool:
    """True when the text may end inside a quoted value: a quote left open takes every line
    after it into the last value of the last row, or opens on a last line without a break."""
    if table.num_rows and table.num_columns:
        last = table.column(table.num_columns - 1)[table.num_rows - 1].as_py() or ""
        if "\n" in last or "\r" in last:
            return True
    return bool(body) and body[-1] not in "\r\n" and '"' in body[body.rfind("\n") + 1 :]


def _slow(body: str, names: list[str], delimiter: str, first_line: int, name: str) -> RawFile:
    """Python's csv module: exact start line for every row, damaged rows kept as rejects.

    A quote never closed would take every later line into one value: the row where it opened
    is rejected (`unclosed_quote`, its first line as the raw value) and reading starts again at
    the next line, so the rows after it are read as rows."""
    good: list[list[str]] = []
    good_lines: list[int] = []
    bad: list[tuple[int, list[str]]] = []
    unclosed: list[Reject] = []
    width = len(names)
    offset, line = 0, first_line
    while offset < len(body):
        lines = Lines(body, offset)
        rows = reader(lines, delimiter)
        previous, at = 0, offset
        for row in rows:
            start, row_at = line + previous, at
            previous, at = rows.line_num, lines.position
            if lines.ended:
                after = line + previous - start - 1
                unclosed.append(_unclosed(body, row_at, start, after, name))
                offset, line = line_end(body, row_at), start + 1
                break
            if not row or (len(row) == 1 and not row[0].strip() and width > 1):
                continue  # a blank line is not a row
            if len(row) != width:
                bad.append((start, row))
                continue
            good.append(row)
            good_lines.append(start)
        else:
            break
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
    read = len(good) + len(bad) + len(unclosed)
    raw = RawFile(name, table, np.array(good_lines, dtype=np.int64), read)
    raw.rejects.extend(sorted([*rejects, *unclosed], key=lambda r: r.line))
    return raw


def _unclosed(body: str, at: int, line: int, after: int, name: str) -> Reject:
    """The reject of a row whose quote never closes (`at`: where it starts in `body`; `after`:
    how many lines after its first the quote would have taken)."""
    first = body[at : line_end(body, at)].rstrip("\r\n")
    taken = f"the {after:,} lines after it would be one value" if after else "the file ends"
    return Reject(
        name,
        line,
        ROW,
        first,
        "unclosed_quote",
        f"a quote in this row is never closed ({taken}); reading goes on at the next line",
    )


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


def _nulls_for_empty(table: pa.Table, blanks: list[np.ndarray]) -> pa.Table:
    """Empty or all-blank cells become null; other values keep their exact text."""
    arrays = [
        pc.if_else(pa.array(blank), None, column) if blank.any() else column
        for column, blank in zip(table.columns, blanks, strict=True)
    ]
    return pa.table(arrays, names=table.column_names)


def _reject_bad_bytes(raw: RawFile, found: list[BadBytes], first_line: int) -> RawFile:
    """Reject the rows holding bytes that are not UTF-8 (`bad_encoding`; `found`: the body's
    lines holding them, each belonging to the last row that starts at or before it)."""
    starts = np.union1d(raw.lines, [r.line for r in raw.rejects]).astype(np.int64)
    drop = np.zeros(len(raw.lines), dtype=bool)
    rejects: dict[int, Reject] = {}
    for bad in found:
        line = first_line + bad.line
        row = int(starts[max(0, int(np.searchsorted(starts, line, side="right")) - 1)])
        if row in rejects:
            continue
        more = f" (and {bad.count - 1} more)" if bad.count > 1 else ""
        where = "the row's line" if line == row else f"line {line - row + 1} of the row"
        message = (
            f"the byte at offset {bad.offset} of {where}{more} is not UTF-8 like the rest of "
            "the file (text pasted from another encoding?)"
        )
        rejects[row] = Reject(raw.name, row, ROW, bad.shown, "bad_encoding", message)
        drop |= raw.lines == row
    raw.rejects[:0] = rejects.values()  # first: the reason the row is counted under
    raw.table = raw.table.filter(pa.array(~drop))
    raw.lines = raw.lines[~drop]
    return raw


def parse_csv(text: str, name: str, delimiter: str | None = None) -> RawFile:
    """Parse CSV `text` from file `name` (header on the first line)."""
    if not text or text.isspace():
        raise PipelineDoctorError(f"{name} is empty: it has no header row and no data.")
    chosen = check_delimiter(delimiter, name) if delimiter else sniff_delimiter(first_line(text))
    header, header_lines, offset = split_header(text, chosen, name)
    notes: list[str] = []
    names = _unique_names([without_bad_bytes(h) for h in header], name, notes)
    body = text[offset:]
    found = bad_bytes(body)
    if found:
        body = without_bad_bytes(body)
    start = header_lines + 1
    raw = _fast(body, names, chosen, start) or _slow(body, names, chosen, start, name)
    raw.name = name
    raw.delimiter = chosen
    raw.notes.extend(notes)
    if found:
        raw = _reject_bad_bytes(raw, found, start)
    raw, blanks = _drop_noise_rows(raw, names, [_blank(c) for c in raw.table.columns])
    raw.table = _nulls_for_empty(raw.table, blanks)
    return raw
