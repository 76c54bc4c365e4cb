"""Checks across rows before anything is written: duplicate keys, time order, references.

They mirror what the store enforces, so that a bad row becomes a reject instead of failing
the whole import. Nullable references to missing rows are set to null and reported.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.build import Candidate
from pipeline_doctor.importers.core.rejects import ROW
from pipeline_doctor.model.schema import TABLES_BY_NAME, Table
from pipeline_doctor.model.validate import has_duplicate_keys
from pipeline_doctor.store.store import quote


def dedupe(cand: Candidate) -> np.ndarray:
    """Mark later copies of a key: every later copy is a reject (`duplicate_key`), so the rows
    counted as loaded are the rows written; an identical copy says the record was loaded once,
    a copy with different values that the first one was kept. Records implied by another
    table's rows (derived: a deal's owner as a rep) are simply dropped. Returns the rows to
    write."""
    definition = TABLES_BY_NAME[cand.table]
    keep = cand.ok.copy()
    if not keep.any() or not has_duplicate_keys(cand.data.filter(pa.array(keep)), definition.key):
        return keep
    rows, firsts, identical = _later_copies(cand.data, keep, definition.key)
    keep[rows] = False
    counted = np.ones(len(rows), dtype=bool)
    if cand.derived is not None:
        counted &= ~cand.derived[rows]  # implied by another row: the first one is kept
    data = cand.data
    for row, first, same in zip(
        rows[counted].tolist(), firsts[counted].tolist(), identical[counted].tolist(), strict=True
    ):
        shown = ", ".join(str(data.column(k)[row].as_py()) for k in definition.key)
        where = f"{cand.files[first]} line {int(cand.lines[first])}"
        message = (
            f"{cand.table} {shown} is the same record as {where}: it was loaded once"
            if same
            else f"{cand.table} {shown} already came from {where} with different values; "
            "the first one was kept"
        )
        cand.reject(row, ROW, shown, "duplicate_key", message)
        cand.ok[row] = False
    return keep


def _later_copies(
    data: pa.Table, usable: np.ndarray, key: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, first row with its key, identical to it) for every later copy of a key.
    DuckDB windows do it in one pass; identifiers are the model's, never the input's."""
    import duckdb

    rows = data.append_column("__i", pa.array(np.arange(data.num_rows))).filter(pa.array(usable))
    keys = ", ".join(quote(k) for k in key)
    every = ", ".join(quote(c) for c in data.column_names)
    con = duckdb.connect()
    try:
        con.register("candidate", rows)
        found = con.execute(
            "SELECT __i, first, same = first AS identical FROM ("
            f"SELECT __i, min(__i) OVER (PARTITION BY {keys}) AS first, "
            f"min(__i) OVER (PARTITION BY {every}) AS same FROM candidate) "
            "WHERE __i <> first ORDER BY __i"
        ).fetch_arrow_table()
    finally:
        con.close()
    return (
        found.column("__i").to_numpy().astype(np.int64),
        found.column("first").to_numpy().astype(np.int64),
        found.column("identical").to_numpy(zero_copy_only=False).astype(bool),
    )


def check_orderings(cand: Candidate, table: Table) -> None:
    """Reject rows whose own times are out of order (closed before created)."""
    for rule in table.orderings:
        if rule.via is not None or rule.later not in cand.data.column_names:
            continue
        if rule.earlier not in cand.data.column_names:
            continue
        later, earlier = cand.data.column(rule.later), cand.data.column(rule.earlier)
        bad = pc.fill_null(pc.less(later, earlier), False).to_numpy(zero_copy_only=False)
        bad &= cand.ok
        for row in np.flatnonzero(bad):
            cand.reject(
                int(row),
                rule.later,
                str(later[row].as_py()),
                "time_order",
                f"{table.name}.{rule.later} is before {rule.earlier} "
                f"({earlier[row].as_py()}): {rule.why}",
            )
        cand.ok &= ~bad


def _found(values: pa.ChunkedArray | pa.Array, keys: pa.Array) -> pa.Array:
    """Which values are among `keys`. When the values are few and the keys many (a part of a
    large file against every deal), hash the values' distinct set and scan the keys once,
    instead of hashing every key again for each part."""
    distinct = pc.unique(pc.drop_null(values))
    if len(distinct) * 4 < len(keys):
        keys = pc.filter(keys, pc.is_in(keys, value_set=distinct))
    return pc.is_in(values, value_set=keys)


def check_references(cand: Candidate, known: dict[str, pa.Array]) -> None:
    """Missing referenced rows: a required reference rejects the row, a nullable one is set to
    null with a `nulled_reference` warning. `known` holds each referenced table's keys."""
    table = TABLES_BY_NAME[cand.table]
    for col in table.columns:
        if col.references is None or col.name not in cand.data.column_names:
            continue
        ref_table = col.references.split(".")[0]
        values = cand.data.column(col.name)
        present = pc.is_valid(values)
        found = _found(values, known.get(ref_table, pa.array([], pa.string())))
        missing = pc.and_(present, pc.invert(found)).to_numpy(zero_copy_only=False) & cand.ok
        if not missing.any():
            continue
        shown = values.to_pylist()
        for row in np.flatnonzero(missing):
            if col.nullable:
                reason = "nulled_reference"
                message = (
                    f"{cand.table}.{col.name}: no {ref_table} {shown[row]!r}; "
                    "loaded with this link empty"
                )
            else:
                reason = "missing_reference"
                message = f"{cand.table}.{col.name}: no {ref_table} {shown[row]!r}"
            cand.reject(int(row), col.name, str(shown[row]), reason, message)
        if col.nullable:
            nulled = pc.if_else(pa.array(missing), pa.scalar(None, values.type), values)
            index = cand.data.column_names.index(col.name)
            cand.data = cand.data.set_column(index, col.name, nulled)
        else:
            cand.ok &= ~missing


def check_cross_orderings(cand: Candidate, parents: dict[str, pa.Table]) -> None:
    """Rows that precede the row they belong to (a stage change before its deal existed).
    `parents[table]` holds (key, time) of the referenced table's rows."""
    table = TABLES_BY_NAME[cand.table]
    for rule in table.orderings:
        if rule.via is None or rule.later not in cand.data.column_names:
            continue
        other, other_col = rule.earlier.split(".")
        parent = parents.get(other)
        if parent is None or parent.num_rows == 0:
            continue
        probe = pa.table({"k": cand.data.column(rule.via), "i": np.arange(cand.data.num_rows)})
        joined = probe.join(parent.rename_columns(["k", "t"]), "k", join_type="inner")
        later = pc.take(cand.data.column(rule.later), joined.column("i"))
        bad = pc.fill_null(pc.less(later, joined.column("t")), False)
        rows = pc.filter(joined.column("i"), bad).to_pylist()
        for row in rows:
            if not cand.ok[row]:
                continue
            cand.ok[row] = False
            cand.reject(
                row,
                rule.later,
                str(cand.data.column(rule.later)[row].as_py()),
                "time_order",
                f"{table.name}.{rule.later} is before the {other} {other_col}: {rule.why}",
            )
