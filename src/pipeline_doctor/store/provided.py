"""What the store knows about where its columns came from (the `provided_columns` table).

Each import records the canonical columns it filled: `data` when they came from the source,
`constant` when the mapping or the importer set one value for every row. A column no import
provided is absent, which is not the same as a provided column whose cell is empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline_doctor.model.schema import DATA_TABLES, EXTRA_PREFIX, PROVIDED_COLUMNS, Table
from pipeline_doctor.model.validate import arrow_schema

if TYPE_CHECKING:
    from pipeline_doctor.store.store import Store

Provided = Mapping[str, Mapping[str, str]]
"""table -> column (or `extra.<key>`) -> how ("data" or "constant")."""

MIGRATED = "migrated-v3"
"""The import id of what a version 3 store held when it was migrated."""

FILLED_BY_VERSION_3 = {
    ("deals", "source"): "other",
    ("deals", "budget"): "unknown",
    ("deals", "authority"): "unknown",
    ("deals", "need"): "unknown",
    ("deals", "timing"): "unknown",
    ("deals", "pipeline"): "default",
    ("leads", "source"): "other",
    ("contacts", "buying_role"): "unknown",
    ("reps", "role"): "rep",
}
"""The values version 3 importers wrote where the source had nothing. A column holding only
that value says nothing about the source: it is recorded as a constant, not as data."""


def provided_table(import_id: str, provided: Provided) -> pa.Table:
    """`provided` as rows of `provided_columns` for the import `import_id`."""
    rows = [
        {"import_id": import_id, "table_name": table, "column_name": column, "how": how}
        for table, columns in provided.items()
        for column, how in sorted(columns.items())
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(PROVIDED_COLUMNS))


def object_keys(texts: Iterable[str | None]) -> list[str]:
    """The keys of the JSON objects among `texts` (anything else is skipped), sorted."""
    keys: set[str] = set()
    for text in texts:
        try:
            found = json.loads(text) if text else None
        except ValueError:
            continue
        if isinstance(found, dict):
            keys.update(str(k) for k in found)
    return sorted(keys)


def _extra_keys(store: Store, table: str) -> list[str]:
    """The keys of the JSON objects in `table.extra` (distinct texts only are parsed)."""
    texts = store.table(table).select("extra").distinct().to_pyarrow().column(0).to_pylist()
    return object_keys(texts)


def _inferred(store: Store, table: Table) -> dict[str, str]:
    """The columns of `table` that hold any value, each as data or (only the value a version 3
    importer filled in) as a constant; one aggregate query."""
    data = store.table(table.name)
    # the model's columns the stored table has: a later version's columns come with their
    # own migration step, after this one
    present = [col for col in table.columns if col.name in data.columns]
    metrics = {}
    for i, col in enumerate(present):
        metrics[f"n{i}"] = data[col.name].count()
        filled = FILLED_BY_VERSION_3.get((table.name, col.name))
        if filled is not None:
            metrics[f"o{i}"] = (data[col.name] != filled).sum()
    found = data.aggregate(**metrics).to_pyarrow().to_pylist()[0]
    columns: dict[str, str] = {}
    for i, col in enumerate(present):
        if not found[f"n{i}"]:
            continue
        only_filled = f"o{i}" in found and not found[f"o{i}"]
        columns[col.name] = "constant" if only_filled else "data"
    if columns.get("extra") == "data":
        columns.update({EXTRA_PREFIX + key: "data" for key in _extra_keys(store, table.name)})
    return columns


def backfill_provided(store: Store) -> None:
    """Record, as the import `migrated-v3`, what the data of a version 3 store provides: a
    column with any value is data, except one holding only a version 3 default (a constant)."""
    provided = {
        table.name: _inferred(store, table) for table in DATA_TABLES if store.count(table.name)
    }
    store.record_provided(MIGRATED, provided)
