"""Row-level validation of a batch against the canonical model, vectorised with PyArrow.

Checks here need only the batch itself: columns present, types castable, required values
present, vocabularies, lower bounds, in-row time orderings, duplicate keys. Checks that need
other tables (references, orderings across tables) live in `store.integrity`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import SchemaViolation
from pipeline_doctor.model.schema import Column, Table

ARROW_TYPES: Mapping[str, pa.DataType] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema of a canonical table (nullability included)."""
    return pa.schema(
        [pa.field(c.name, ARROW_TYPES[c.type], nullable=c.nullable) for c in table.columns]
    )


def _first_bad(values: pa.Array | pa.ChunkedArray, mask: pa.Array | pa.ChunkedArray) -> Any:
    bad = pc.filter(values, mask)
    return bad[0].as_py(), len(bad)


def conform(table: Table, data: pa.Table) -> pa.Table:
    """Return `data` with exactly the table's columns, in order, cast to the canonical types.

    Missing nullable columns are filled with nulls; a missing required column, an unknown
    column, or a value that cannot be cast raises SchemaViolation.
    """
    known = set(table.column_names)
    extra = [name for name in data.column_names if name not in known]
    if extra:
        raise SchemaViolation(
            table.name, extra[0], "(column)", f"one of the columns {', '.join(sorted(known))}"
        )
    arrays = []
    for col in table.columns:
        target = ARROW_TYPES[col.type]
        if col.name not in data.column_names:
            if not col.nullable:
                raise SchemaViolation(table.name, col.name, "(missing column)", "a required column")
            arrays.append(pa.nulls(data.num_rows, type=target))
            continue
        values = data.column(col.name)
        if values.type != target:
            try:
                values = pc.cast(values, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise SchemaViolation(
                    table.name, col.name, str(exc).split("\n")[0], f"values of type {col.type}"
                ) from None
        arrays.append(values)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def _check_column(table: Table, col: Column, values: pa.ChunkedArray) -> None:
    nulls = values.null_count
    if nulls and not col.nullable:
        raise SchemaViolation(
            table.name, col.name, None, "a value (this column is required)", nulls
        )
    if col.allowed is not None:
        ok = pc.is_in(values, value_set=pa.array(col.allowed, type=pa.string()))
        bad_mask = pc.and_(pc.invert(ok), pc.is_valid(values))
        if pc.any(bad_mask).as_py():
            value, count = _first_bad(values, bad_mask)
            raise SchemaViolation(
                table.name, col.name, value, "one of " + ", ".join(col.allowed), count
            )
    if col.minimum is not None:
        bad_mask = pc.less(values, pa.scalar(col.minimum).cast(values.type))
        if pc.any(bad_mask).as_py():
            value, count = _first_bad(values, bad_mask)
            raise SchemaViolation(table.name, col.name, value, f"a number >= {col.minimum}", count)


def _check_orderings(table: Table, data: pa.Table) -> None:
    for rule in table.orderings:
        if rule.via is not None:
            continue  # crosses tables: checked by the store
        later, earlier = data.column(rule.later), data.column(rule.earlier)
        bad_mask = pc.less(later, earlier)
        if pc.any(bad_mask).as_py():
            value, count = _first_bad(later, bad_mask)
            raise SchemaViolation(
                table.name,
                rule.later,
                value,
                f"a value not before {rule.earlier} ({rule.why})",
                count,
            )


def has_duplicate_keys(data: pa.Table, key: Sequence[str]) -> bool:
    """True when some key appears twice (one key column: a hash of distinct values, about
    three times faster than grouping)."""
    if data.num_rows < 2:
        return False
    if len(key) == 1:
        return bool(len(pc.unique(data.column(key[0]))) < data.num_rows)
    keys = data.select(list(key))
    return bool(keys.group_by(list(key)).aggregate([]).num_rows < keys.num_rows)


def _check_unique_key(table: Table, data: pa.Table) -> None:
    if not has_duplicate_keys(data, table.key):
        return
    keys = data.select(list(table.key))
    counts = keys.group_by(list(table.key)).aggregate([([], "count_all")])
    dup = counts.filter(pc.greater(counts.column("count_all"), 1))
    if dup.num_rows:
        first = {k: dup.column(k)[0].as_py() for k in table.key}
        raise SchemaViolation(
            table.name,
            ",".join(table.key),
            first,
            "a unique key (this key appears more than once in the batch)",
            dup.num_rows,
        )


def validate_batch(table: Table, data: pa.Table) -> pa.Table:
    """Conform `data` to `table` and check every row-level rule; return the conformed batch."""
    conformed = conform(table, data)
    for col in table.columns:
        _check_column(table, col, conformed.column(col.name))
    _check_orderings(table, conformed)
    _check_unique_key(table, conformed)
    return conformed
