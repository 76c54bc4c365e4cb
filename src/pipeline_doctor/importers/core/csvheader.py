"""The header row of CSV text: its delimiter, its fields and where the body starts, read with
Python's csv module as this reader uses it everywhere (`Lines`, `reader`). A header that cannot
be read (a delimiter of several characters, more columns than any export has, a quote that never
closes) is refused in one sentence naming the file.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.textio import line_end

if TYPE_CHECKING:
    from _csv import Reader

DELIMITERS = (",", ";", "\t", "|")
MAX_COLUMNS = 16_384
"""More header fields than a spreadsheet has columns: not a CRM export (or the wrong delimiter)."""


class Lines:
    """A text's lines as the csv module splits them (from `start`), counting the characters
    handed out (`position`: where the next row starts) and noting when the reader asks for a
    line past the end (`ended`), which it does only inside a quoted value that never closed."""

    def __init__(self, text: str, start: int = 0) -> None:
        self.stream = io.StringIO(text, newline="")
        self.stream.seek(start)
        self.position = start
        self.ended = False

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line = self.stream.readline()
        if not line:
            self.ended = True
            raise StopIteration
        self.position += len(line)
        return line


def reader(lines: Iterable[str], delimiter: str) -> Reader:
    """Python's csv reader, lenient, for values of any length (a long email body: the module's
    default limit is 128 kB, and the limit is the module's, for the whole process)."""
    csv.field_size_limit(sys.maxsize)
    return csv.reader(lines, delimiter=delimiter, strict=False)


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most fields (quotes respected)."""
    best, best_count = ",", 0
    for candidate in DELIMITERS:
        count = len(next(reader([header], candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def usable_delimiter(delimiter: str) -> bool:
    """True for a delimiter this reader can split on: one character, not a quote or line break."""
    return len(delimiter) == 1 and delimiter not in '"\r\n'


def check_delimiter(delimiter: str, name: str) -> str:
    """The delimiter a mapping gives for file `name`, refused in one sentence if not usable."""
    if not usable_delimiter(delimiter):
        raise PipelineDoctorError(
            f"{name} cannot be read with the delimiter {delimiter!r} the mapping gives: a CSV "
            "delimiter is one character, not a quote or a line break.",
            'Set `delimiter` in the mapping\'s [options] to one character (",", ";", "\\t", "|") '
            "or remove it to let Pipeline Doctor detect it.",
        )
    return delimiter


def first_line(text: str) -> str:
    """The text's first physical line (ended by \\n, \\r\\n or a lone \\r), at most 1 MB."""
    head = text[:1_000_000]
    return head[: line_end(head, 0)].rstrip("\r\n")


def split_header(text: str, delimiter: str, name: str) -> tuple[list[str], int, int]:
    """The header fields, how many physical lines the header takes, and where the body starts
    (read from a growing prefix: the header may hold quoted newlines, the file may be
    gigabytes and copying it whole for the header alone costs seconds). Refused: a header whose
    quote never closes (it would take the whole file) or of more than MAX_COLUMNS fields."""
    size = 1 << 16
    while True:
        prefix = text[:size]
        lines = Lines(prefix)
        rows = reader(lines, delimiter)
        header = next(rows, None)
        if not header:
            return [], 0, len(text)
        if len(prefix) == len(text) and lines.ended:
            raise PipelineDoctorError(
                f"{name}: a quote in the header (line 1) is never closed, so the whole file "
                "would be read as its header.",
                "Close or remove that quote and import again.",
            )
        if len(prefix) == len(text) or (not lines.ended and lines.position < len(prefix)):
            if len(header) > MAX_COLUMNS:
                raise PipelineDoctorError(
                    f"{name} has {len(header):,} columns in its header, more than the "
                    f"{MAX_COLUMNS:,} a spreadsheet holds: it is not a CRM export, or its "
                    f"delimiter is not {delimiter!r}.",
                    "Check the file, or set `delimiter` in the mapping's [options].",
                )
            return header, rows.line_num, lines.position
        size *= 4  # the header may go on past the prefix
