"""Small helpers on parsed export files shared by the Salesforce steps: read or add a column,
take rows out with a reject for each, record a warning on rows that stay."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.rejects import Reject

NULL = pa.scalar(None, pa.string())


def col(raw: RawFile, name: str) -> pa.Array | None:
    """The column `name` as one array, or None when the file does not have it."""
    if name not in raw.columns:
        return None
    return raw.table.column(name).combine_chunks()


def col_or_nulls(raw: RawFile, name: str) -> pa.Array:
    found = col(raw, name)
    return found if found is not None else pa.nulls(raw.table.num_rows, pa.string())


def add(raw: RawFile, name: str, values: pa.Array) -> None:
    """Add (or replace) the column `name`."""
    if name in raw.columns:
        raw.table = raw.table.set_column(raw.columns.index(name), name, values)
    else:
        raw.table = raw.table.append_column(name, values)


def mask(values: pa.Array) -> np.ndarray:
    """A boolean arrow array as numpy, null as False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def flag(raw: RawFile, name: str) -> np.ndarray:
    """Salesforce checkbox columns ("1"/"0", "true"/"false") as booleans; absent: all False."""
    values = col(raw, name)
    if values is None:
        return np.zeros(raw.table.num_rows, dtype=bool)
    return mask(pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(values)), pa.array(["1", "true"])))


def report(
    raw: RawFile,
    rows: np.ndarray,
    column: str,
    reason: str,
    message: Callable[[int], str],
) -> None:
    """One reject (or warning, by its reason) for each of `rows`, naming `column`'s raw value."""
    values = col(raw, column)
    shown = values.to_pylist() if values is not None and rows.any() else []
    for row in np.flatnonzero(rows):
        raw.rejects.append(
            Reject(
                raw.name,
                int(raw.lines[row]),
                column,
                shown[row] if shown else None,
                reason,
                message(int(row)),
            )
        )


def drop(raw: RawFile, rows: np.ndarray) -> None:
    """Take `rows` out of the file (their rejects are already recorded): they map to nothing."""
    if not rows.any():
        return
    raw.table = raw.table.filter(pa.array(~rows))
    raw.lines = raw.lines[~rows]
