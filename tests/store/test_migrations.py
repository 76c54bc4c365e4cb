"""A store written by an older schema version migrates forward; a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline_doctor.errors import StoreError
from pipeline_doctor.model.schema import SCHEMA_VERSION
from pipeline_doctor.store import Store
from pipeline_doctor.store.store import META_TABLE


def _make_version_1_store(path: Path) -> None:
    """Build a store as release 1 wrote it: no `imports` table, no `deals.pipeline` column."""
    with Store.open(path) as store:
        store.execute("DROP TABLE imports")
        store.execute("ALTER TABLE deals DROP COLUMN pipeline")
        store.execute(
            "INSERT INTO reps (id, name, role) VALUES ('R1', 'Ann', 'rep');"
            "INSERT INTO deals (id, rep, source, created_at, outcome, stage, budget, authority,"
            " need, timing) VALUES ('D1', 'R1', 'referral', TIMESTAMP '2024-01-02 10:00',"
            " 'won', 'Closed Won', 'known', 'known', 'known', 'known')"
        )
        store.execute(f"UPDATE {META_TABLE} SET value = '1' WHERE key = 'schema_version'")


def test_version_1_store_is_migrated_forward_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _make_version_1_store(path)
    with duckdb.connect(str(path)) as con:
        assert "imports" not in {r[0] for r in con.execute("show tables").fetchall()}
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count("imports") == 0
        deals = store.table("deals").select("id", "pipeline").to_pyarrow().to_pylist()
        assert deals == [{"id": "D1", "pipeline": "default"}]


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store.open(path) as store:
        store.execute(f"UPDATE {META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer Pipeline Doctor \(schema version 99"):
        Store.open(path)


def test_version_without_a_migration_path_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "ancient.duckdb"
    with Store.open(path) as store:
        store.execute(f"UPDATE {META_TABLE} SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="cannot be migrated automatically"):
        Store.open(path)
