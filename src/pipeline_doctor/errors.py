"""Errors a user can act on: every one carries a plain message and, where it helps, what to do."""

from __future__ import annotations


class PipelineDoctorError(Exception):
    """Base for errors shown to the user as one clear sentence (no traceback)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class SchemaViolation(PipelineDoctorError):
    """A value that the canonical model does not allow (names table, column, value, expectation)."""

    def __init__(
        self, table: str, column: str, value: object, expected: str, count: int = 1
    ) -> None:
        self.table = table
        self.column = column
        self.value = value
        self.expected = expected
        self.count = count
        more = f" ({count} rows)" if count > 1 else ""
        shown = value.isoformat(sep=" ") if hasattr(value, "isoformat") else repr(value)
        super().__init__(
            f"{table}.{column}: value {shown} is not allowed{more}; expected {expected}."
        )


class StoreError(PipelineDoctorError):
    """The store cannot be opened, is locked, corrupt, or of an unknown schema version."""
