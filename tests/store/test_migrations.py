"""A store written by an older schema version migrates forward; a newer one is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.errors import StoreError
from pipeline_doctor.model.schema import SCHEMA_VERSION
from pipeline_doctor.store import Store
from pipeline_doctor.store.store import META_TABLE


def _make_version_2_store(path: Path) -> None:
    """Build a store as release 2 wrote it: no `imports.source_timezone`, no
    `deals.original_amount` / `deals.original_currency`; one rep, one deal, one import."""
    with Store.open(path) as store:
        store.execute("ALTER TABLE imports DROP COLUMN source_timezone")
        store.execute("ALTER TABLE deals DROP COLUMN original_amount")
        store.execute("ALTER TABLE deals DROP COLUMN original_currency")
        store.execute(
            "INSERT INTO reps (id, name, role) VALUES ('R1', 'Ann', 'rep');"
            "INSERT INTO deals (id, rep, source, created_at, outcome, amount, currency, pipeline,"
            " stage, budget, authority, need, timing) VALUES ('D1', 'R1', 'referral',"
            " TIMESTAMP '2024-01-02 10:00', 'won', 1200.5, 'USD', 'p', 'Closed Won', 'known',"
            " 'known', 'known', 'known');"
            "INSERT INTO imports (id, source, started_at, rows_read, rows_loaded, rows_rejected)"
            " VALUES ('csv-1', 'csv', TIMESTAMP '2024-02-01 08:00', 3, 2, 1)"
        )
        store.execute(f"UPDATE {META_TABLE} SET value = '2' WHERE key = 'schema_version'")


def test_version_2_store_is_migrated_to_3_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _make_version_2_store(path)
    with duckdb.connect(str(path)) as con:
        columns = {r[0] for r in con.execute("DESCRIBE imports").fetchall()}
        assert "source_timezone" not in columns
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        imports = store.table("imports").to_pyarrow().to_pylist()
        assert len(imports) == 1
        assert imports[0]["id"] == "csv-1"
        assert imports[0]["rows_read"] == 3
        assert imports[0]["source_timezone"] is None  # not recorded before version 3
        deals = store.table("deals").to_pyarrow().to_pylist()
        assert [(d["id"], d["amount"], d["currency"]) for d in deals] == [("D1", 1200.5, "USD")]
        assert (deals[0]["original_amount"], deals[0]["original_currency"]) == (None, None)
        # the migrated tables take new rows by column name (added columns sit at the end)
        row = {**deals[0], "id": "D2", "original_amount": 10.0, "original_currency": "GBP"}
        store.write("deals", pa.Table.from_pylist([row]))
        again = store.table("deals").filter(store.table("deals").id == "D2").to_pyarrow()
        assert again.to_pylist()[0]["original_currency"] == "GBP"
        assert again.to_pylist()[0]["amount"] == 1200.5


def _make_version_1_store(path: Path) -> None:
    """Build a store as release 1 wrote it: no `imports` table, no `deals.pipeline` column."""
    with Store.open(path) as store:
        store.execute("ALTER TABLE deals DROP COLUMN original_amount")
        store.execute("ALTER TABLE deals DROP COLUMN original_currency")
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
