"""Reject records: where an input problem was (file, line, column), the raw value and why.

Reason codes are stable snake_case strings. Codes in WARNINGS describe a row that was still
loaded (for instance a nullable reference set to null); every other code means the row was
not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

WARNINGS = frozenset({"nulled_reference", "adjusted_value", "note", "currency_no_rate"})
ROW = "*"
"""The column recorded for a problem with the whole row rather than one cell."""
MAX_RAW = 500


@dataclass(frozen=True)
class Reject:
    """One problem with one input row (or cell)."""

    file: str
    line: int
    column: str
    raw_value: str | None
    reason: str
    message: str

    @property
    def is_warning(self) -> bool:
        return self.reason in WARNINGS

    def as_row(self, import_id: str) -> dict[str, object]:
        raw = self.raw_value
        if raw is not None and len(raw) > MAX_RAW:
            raw = raw[:MAX_RAW] + f"... ({len(raw)} characters)"
        return {
            "import_id": import_id,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "raw_value": raw,
            "reason": self.reason,
            "message": self.message,
        }
