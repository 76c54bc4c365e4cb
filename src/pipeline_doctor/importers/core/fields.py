"""Did every row of a file have exactly the header's number of fields? A check by counting.

DuckDB's CSV reader, even in strict mode, silently drops empty fields at the end of a row:
`1,2,,` reads as `1,2` under a two-column header. A stray delimiter that shifted a row's
values left (`Acme,,5,` for `Acme,5,`) would then load wrong without a word. The exact reader
rejects such rows, so the fast path must notice them. Counting does it exactly: a file whose
rows all have n fields holds, outside quoted values, n - 1 delimiters per row. Every
delimiter byte in the file is either in the header, between the fields of a row, or inside a
value. So the delimiters in the file must equal those in the header, plus (n - 1) per row read,
plus those inside the values read. Each extra field adds one more. The bytes are counted in a
thread while DuckDB loads; the values' delimiters are counted by DuckDB as it reads them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline_doctor.importers.core import sql

CHUNK = 1 << 24
LONG_LINE = 1 << 20
"""A stretch of this many bytes without a newline marks a line too long for the fast path:
DuckDB (1.4) drops a last line longer than its 32 MB buffer without a word, and refuses other
lines over 2 MB anyway. Every line of 2 MB or more holds a whole aligned stretch (and no line
under 1 MB does)."""
COLUMN = "__delimiters"
"""The pending table's temporary column holding each row's delimiters inside values."""


class ByteCount:
    """The delimiter bytes of a file (header excluded), counted in a background thread, and
    whether it has a line too long for the fast path (`long_line`, see LONG_LINE)."""

    def __init__(self, path: Path, delimiter: str) -> None:
        self.path = path
        self.byte = delimiter.encode("ascii")
        self.total = 0
        self.header = 0
        self.long_line = False
        self.failed: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._count, daemon=True)
        self.thread.start()

    def _count(self) -> None:
        try:
            block = bytearray(CHUNK)  # one buffer, refilled: a new one per read costs half
            with self.path.open("rb") as handle:
                first = handle.readline()  # the header: one physical line
                self.header = first.count(self.byte)
                while not self.stopped.is_set() and (size := handle.readinto(block)):
                    part = block if size == CHUNK else memoryview(block)[:size].tobytes()
                    self.total += part.count(self.byte)
                    self.long_line = self.long_line or _long_line(part)
        except OSError as exc:
            self.failed = exc

    def stop(self) -> None:
        """Stop counting (the load is abandoned)."""
        self.stopped.set()

    def between_fields(self) -> int:
        """Delimiters after the header (waits for the count to finish)."""
        self.thread.join()
        if self.failed is not None:
            raise self.failed
        return self.total


def _long_line(part: bytes | bytearray) -> bool:
    """True when some aligned stretch of LONG_LINE bytes of `part` has no newline."""
    end = len(part) - LONG_LINE
    return any(part.find(b"\n", at, at + LONG_LINE) < 0 for at in range(0, end + 1, LONG_LINE))


def in_values(cells: list[str], delimiter: str) -> str:
    """SQL for the delimiters inside one row's values (`cells`: the raw text columns)."""
    mark = sql.literal(delimiter)
    return " + ".join(
        f"CASE WHEN contains({c}, {mark}) THEN strlen({c}) - strlen(replace({c}, {mark}, '')) "
        "ELSE 0 END"
        for c in cells
    )


def extra_fields(counted: ByteCount, rows: int, columns: int, inside: int) -> int:
    """How many more delimiters the file holds than rows of `columns` fields would have: the
    extra fields DuckDB dropped (0 when every row had the header's number of fields)."""
    return counted.between_fields() - rows * (columns - 1) - inside
