"""A column's value map and default, every combination, against an independent reading of the
rule (a few lines of plain Python): the map applies to what the source holds, the default to
what it lacks — an empty cell never goes through the "*" catch-all. Both readers: the exact
path's Arrow code and the fast path's SQL."""

from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.importers.core.direct import _source
from pipeline_doctor.importers.core.mapping import ColumnRule
from pipeline_doctor.importers.core.transform import map_cells

MAPS: list[dict[str, str]] = [
    {},
    {"Select": "unknown"},
    {"Select": "unknown", "*": "known"},
    {"Yes": "known", "No": "known", "Unknown": "unknown"},
    {"Yes": "known", "*": "unknown"},
    {"N/A": "", "*": "known"},
]
DEFAULTS: list[str | None] = [None, "unknown", "Select", "yes", "N/A"]
CELLS: list[str | None] = [None, "Select", "select", "Yes", "YES", "Other", "N/A", "unknown"]


def reference(cell: str | None, values: dict[str, str], default: str | None) -> str | None:
    """The rule as docs/mapping.md states it, written again: an empty cell takes the default,
    read through the map's own keys (exact, then any case) but not "*"; a cell with a value
    goes through the keys, then "*", else stays as it is; a value mapped to "" is empty."""

    def through(text: str, catch_all: bool) -> str | None:
        keys = {k: v for k, v in values.items() if k != "*"}
        if text.strip() in keys:
            out = keys[text.strip()]
        elif text.strip().lower() in {k.lower() for k in keys}:
            out = next(v for k, v in keys.items() if k.lower() == text.strip().lower())
        elif catch_all and "*" in values:
            out = values["*"]
        else:
            out = text
        return out or None

    if cell is None:
        return None if default is None else through(default, catch_all=False)
    return through(cell, catch_all=True)


COMBINATIONS = list(itertools.product(range(len(MAPS)), DEFAULTS))


@pytest.mark.parametrize(("map_index", "default"), COMBINATIONS)
def test_the_exact_reader_follows_the_rule(map_index: int, default: str | None) -> None:
    values = MAPS[map_index]
    got = map_cells(pa.array(CELLS, type=pa.string()), values, default).to_pylist()
    assert got == [reference(c, values, default) for c in CELLS]


@pytest.mark.parametrize(("map_index", "default"), COMBINATIONS)
def test_the_fast_reader_follows_the_rule(map_index: int, default: str | None) -> None:
    values = MAPS[map_index]
    spec = ColumnRule(column="X", values=values, default=default)
    expression = _source(spec, {"X": 0})
    con = duckdb.connect()
    try:
        con.register("cells", pa.table({"c0": pa.array(CELLS, type=pa.string())}))
        got = [r[0] for r in con.execute(f"SELECT {expression} FROM cells").fetchall()]
    finally:
        con.close()
    assert got == [reference(c, values, default) for c in CELLS]


def test_the_reported_case_empty_cells_keep_the_default() -> None:
    """The mapping that turned 2,709 empty cells into "known": default "unknown", "*" known."""
    values = {"Select": "unknown", "*": "known"}
    got = map_cells(pa.array([None, "Select", "Yes"], type=pa.string()), values, "unknown")
    assert got.to_pylist() == ["unknown", "unknown", "known"]
