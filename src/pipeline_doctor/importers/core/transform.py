"""Cell transformations a mapping asks for: value maps and JSON of extra attributes."""

from __future__ import annotations

import dataclasses
import json

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.mapping import ANY, default_value
from pipeline_doctor.untrusted import QUOTE


def apply_value_map(text: pa.Array, mapping: dict[str, str]) -> pa.Array:
    """Replace values by the map (exact match first, then case-insensitive); "*" for the rest;
    a value mapped to "" becomes null."""
    if not mapping:
        return text
    keys = [k for k in mapping if k != ANY]
    targets = pa.array([mapping[k] for k in keys] + [None], type=pa.string())
    trimmed = pc.utf8_trim_whitespace(text)
    exact = pc.index_in(trimmed, value_set=pa.array(keys, type=pa.string()))
    folded = pc.index_in(
        pc.utf8_lower(trimmed), value_set=pa.array([k.lower() for k in keys], type=pa.string())
    )
    index = pc.coalesce(exact, folded)
    mapped = pc.take(targets, pc.fill_null(index, len(keys)))
    if ANY in mapping:
        other = pa.scalar(mapping[ANY], pa.string())
        rest = pc.if_else(pc.is_valid(text), other, pa.scalar(None, pa.string()))
    else:
        rest = text
    result = pc.if_else(pc.is_valid(index), mapped, rest)
    return pc.if_else(pc.equal(result, ""), pa.scalar(None, pa.string()), result)


def map_cells(text: pa.Array, mapping: dict[str, str], default: str | None) -> pa.Array:
    """A column's cells through its value map, empty cells (null) taking the default: the map
    applies to what the source holds, the default to what it lacks."""
    mapped = apply_value_map(text, mapping)
    if default is None:
        return mapped
    fill = pa.scalar(default_value(default, mapping), pa.string())
    return pc.if_else(pc.is_null(text), fill, mapped)


def extra_json(raw: RawFile, names: tuple[str, ...]) -> pa.Array:
    """Source columns without a canonical home, as one JSON object per row (null if empty)."""
    present = [n for n in names if n in raw.columns]
    columns = [raw.table.column(n).to_pylist() for n in present]
    out: list[str | None] = []
    for row in zip(*columns, strict=True):
        found = {k: v for k, v in zip(present, row, strict=True) if v is not None}
        out.append(json.dumps(found, ensure_ascii=False, sort_keys=True) if found else None)
    return pa.array(out if columns else [None] * raw.table.num_rows, type=pa.string())


def unquoted(raw: RawFile) -> RawFile:
    """`raw` with the apostrophe `export csv` puts before a formula-like text cell removed
    from every cell that starts with one (`untrusted.for_spreadsheet` in reverse). The copy
    shares `raw`'s notes and rejects, so what is said about it is said about the file."""
    columns = []
    for column in raw.table.columns:
        quoted = pc.starts_with(column, QUOTE)
        columns.append(pc.if_else(quoted, pc.utf8_slice_codeunits(column, 1), column))
    table = pa.Table.from_arrays(columns, names=raw.table.column_names)
    return dataclasses.replace(raw, table=table)
