"""Simulated organisations for the simulator's tests: written once into a DuckDB store, then
read back read-only with plain DuckDB (not through the store) for independent computations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.model.schema import TABLES
from pipeline_doctor.simulate import GroundTruth, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

DEALS = 3000
"""Small enough to simulate in a second or two, large enough for ~120 deals per rep."""


@dataclass
class Org:
    path: Path
    config: SimulationConfig
    truth: GroundTruth
    con: duckdb.DuckDBPyConnection


def build_org(tmp_path_factory: pytest.TempPathFactory, name: str, config: SimulationConfig) -> Org:
    path = tmp_path_factory.mktemp(name) / "org.duckdb"
    with Store.open(path) as store:
        truth = simulate_into(store, config)
    return Org(path, config, truth, duckdb.connect(str(path), read_only=True))


def sorted_table(con: duckdb.DuckDBPyConnection, name: str) -> pa.Table:
    """A canonical table as Arrow, sorted by its key (every column, to be total)."""
    definition = next(t for t in TABLES if t.name == name)
    order = ", ".join(f'"{c}"' for c in (*definition.key, *definition.column_names))
    result = con.execute(f'SELECT * FROM "{name}" ORDER BY {order}').arrow()
    # DuckDB 1.4 returns a RecordBatchReader here, earlier versions a Table
    return result.read_all() if isinstance(result, pa.RecordBatchReader) else result
