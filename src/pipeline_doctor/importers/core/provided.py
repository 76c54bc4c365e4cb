"""Which canonical columns an import fills, and how: from the mapping's rules and each file's
header, never from the values (an empty column the source has is provided, and empty).

A rule whose column (or a fallback) is in the file gives data; a constant, an importer
default (`build.DEFAULTS`) or a rule's default for a column the file lacks gives a constant;
extra attributes the file has give `extra.<Column>` entries; the mapping's fixed rows give data.
An `extra` read whole from one column (a JSON object per row, as `export csv` writes it) gives
the keys found in the rows loaded, the only place they are named.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.build import DEFAULTS
from pipeline_doctor.importers.core.mapping import ColumnRule, Mapping, TableRule
from pipeline_doctor.model.schema import EXTRA_PREFIX, TABLES_BY_NAME
from pipeline_doctor.store.provided import object_keys

DATA = "data"
CONSTANT = "constant"


def _how(spec: ColumnRule, header: Collection[str]) -> str | None:
    if spec.const is not None:
        return CONSTANT
    sources = [c for c in (spec.column, *spec.fallback) if c]
    if any(c in header for c in sources):
        return DATA
    if sources and spec.default is not None:
        return CONSTANT  # every cell takes the default
    return None


def rule_columns(rule: TableRule, header: Collection[str]) -> dict[str, str]:
    """column (or `extra.<Column>`) -> how, for one rule over a file with `header`."""
    found: dict[str, str] = {}
    for col in TABLES_BY_NAME[rule.table].columns:
        spec = rule.columns.get(col.name)
        if spec is None:
            if (rule.table, col.name) in DEFAULTS:
                found[col.name] = CONSTANT
            continue
        if spec.row_number:
            found[col.name] = CONSTANT  # generated from line numbers, not read from the source
            continue
        if spec.column is None and spec.const is None:  # only extra attributes (build)
            keys = [k for k in spec.extra if k in header]
            if keys:
                found[col.name] = DATA
                found.update({EXTRA_PREFIX + k: DATA for k in keys})
            continue
        how = _how(spec, header)
        if how is not None:
            found[col.name] = how
    return found


def _merge(into: dict[str, dict[str, str]], table: str, columns: dict[str, str]) -> None:
    """Add `columns` to `into[table]`: data wins over a constant (another rule's)."""
    mine = into.setdefault(table, {})
    for column, how in columns.items():
        if mine.get(column) != DATA:
            mine[column] = how


def provided(
    mapping: Mapping,
    headers: dict[str, list[str]],
    more: Iterable[tuple[str, Iterable[str]]] = (),
) -> dict[str, dict[str, str]]:
    """table -> column -> how for an import of the files in `headers` (file -> its columns),
    plus `more`: (table, columns) the import wrote as data besides its mapping (history)."""
    found: dict[str, dict[str, str]] = {}
    for rule in mapping.tables:
        if rule.file in headers:
            _merge(found, rule.table, rule_columns(rule, set(headers[rule.file])))
    for table, values in mapping.rows:
        _merge(found, table, dict.fromkeys(values, DATA))
    for table, columns in more:
        _merge(found, table, dict.fromkeys(columns, DATA))
    return found


def json_extra_tables(mapping: Mapping) -> set[str]:
    """The tables whose `extra` the mapping reads whole from one source column."""
    return {
        rule.table
        for rule in mapping.tables
        if (spec := rule.columns.get("extra")) is not None and spec.column is not None
    }


def extra_columns(table: str, texts: Iterable[str | None]) -> list[tuple[str, list[str]]]:
    """[(table, ["extra.<key>", ...])] for the keys of the JSON objects among `texts`."""
    keys = object_keys(texts)
    return [(table, [EXTRA_PREFIX + k for k in keys])] if keys else []


def extra_keys_written(
    mapping: Mapping, writes: dict[str, pa.Table]
) -> list[tuple[str, list[str]]]:
    """The `extra.<key>` columns of the rows about to be written (`plan.writes`) in the
    tables whose `extra` comes whole from one column (`json_extra_tables`)."""
    found: list[tuple[str, list[str]]] = []
    for table in sorted(json_extra_tables(mapping)):
        data = writes.get(table)
        if data is not None and "extra" in data.column_names:
            found += extra_columns(table, pc.unique(data.column("extra")).to_pylist())
    return found
