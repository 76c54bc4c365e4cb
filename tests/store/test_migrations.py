"""A store written by an older schema version migrates forward; a newer one is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.conversations import current_analyses, refresh_analyses
from pipeline_doctor.conversations.refresh import is_current
from pipeline_doctor.errors import StoreError
from pipeline_doctor.model.migrations import OPTIONAL_SINCE_V4
from pipeline_doctor.model.schema import SCHEMA_VERSION
from pipeline_doctor.store import Store
from pipeline_doctor.store.store import META_TABLE


def _as_version_5(store: Store) -> None:
    """Undo version 6 on a new store: no analyses of emails and calls."""
    store.execute("DROP TABLE email_analyses")
    store.execute("DROP TABLE call_analyses")


def _as_version_4(store: Store) -> None:
    """Undo versions 6 and 5 on a new store: no `deals.amount_estimated`."""
    _as_version_5(store)
    store.execute("ALTER TABLE deals DROP COLUMN amount_estimated")


def _as_version_3(store: Store) -> None:
    """Undo versions 5 and 4 on a new store: no `provided_columns`, no `deals.extra`, and the
    columns version 4 made optional required again."""
    _as_version_4(store)
    store.execute("DROP TABLE provided_columns")
    store.execute("ALTER TABLE deals DROP COLUMN extra")
    for table, columns in OPTIONAL_SINCE_V4.items():
        for column in columns:
            store.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL")


def _make_version_2_store(path: Path) -> None:
    """Build a store as release 2 wrote it: no `imports.source_timezone`, no
    `deals.original_amount` / `deals.original_currency`; one rep, one deal, one import."""
    with Store.open(path) as store:
        _as_version_3(store)
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


def test_version_2_store_is_migrated_forward_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _make_version_2_store(path)
    with duckdb.connect(str(path)) as con:
        columns = {r[0] for r in con.execute("DESCRIBE imports").fetchall()}
        assert "source_timezone" not in columns
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
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


V3_ROWS = """
INSERT INTO reps (id, name, team, role) VALUES ('R1', 'Ann', 'A', 'rep'), ('R2', 'Bo', 'A', 'rep');
INSERT INTO accounts (id, name, extra) VALUES ('A1', 'Acme', '{"Tier__c": "Gold"}'),
  ('A2', 'Bolt', '{"Region__c": "EU", "Tier__c": "Silver"}'), ('A3', 'Cole', NULL);
INSERT INTO contacts (id, account, buying_role) VALUES ('C1', 'A1', 'unknown'),
  ('C2', 'A2', 'unknown');
INSERT INTO leads (id, created_at, source, status) VALUES
  ('L1', TIMESTAMP '2024-01-01 09:00', 'other', 'open');
INSERT INTO deals (id, rep, account, source, created_at, outcome, pipeline, stage, budget,
  authority, need, timing) VALUES
  ('D1', 'R1', 'A1', 'referral', TIMESTAMP '2024-01-02 10:00', 'won', 'default', 'Won',
   'unknown', 'known', 'unknown', 'unknown'),
  ('D2', 'R2', NULL, 'other', TIMESTAMP '2024-01-03 10:00', 'open', 'default', 'Demo',
   'unknown', 'unknown', 'unknown', 'unknown');
"""
"""A version 3 store as its importers left it: the invented defaults ("other", "unknown",
pipeline "default", role "rep") fill whole columns next to real values."""


def _make_version_3_store(path: Path) -> None:
    with Store.open(path) as store:
        _as_version_3(store)
        store.execute(V3_ROWS)
        store.execute(f"UPDATE {META_TABLE} SET value = '3' WHERE key = 'schema_version'")


DEFAULTS_V3 = {
    ("deals", "source"): "other",
    **{("deals", c): "unknown" for c in ("budget", "authority", "need", "timing")},
    ("deals", "pipeline"): "default",
    ("leads", "source"): "other",
    ("contacts", "buying_role"): "unknown",
    ("reps", "role"): "rep",
}


def _expected_provenance(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(data, constant) columns per table, from the v3 tables read with pandas: a column with
    a value is data, unless it holds only the value version 3 filled in (a constant)."""
    data: dict[str, set[str]] = {}
    constant: dict[str, set[str]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        for table in ("reps", "accounts", "contacts", "leads", "deals"):
            frame = con.execute(f"SELECT * FROM {table}").df()
            for column in frame.columns:
                values = frame[column].dropna()
                if values.empty:
                    continue
                filled = DEFAULTS_V3.get((table, column))
                only_filled = filled is not None and (values == filled).all()
                (constant if only_filled else data).setdefault(table, set()).add(column)
            if "extra" in frame:
                keys = {k for text in frame.extra.dropna() for k in json.loads(text)}
                data[table] |= {f"extra.{k}" for k in keys}
    return data, constant


def test_version_3_store_records_what_its_data_provides(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    _make_version_3_store(path)
    data, constant = _expected_provenance(path)
    assert data["deals"] >= {"source", "authority", "stage", "created_at", "account"}
    assert constant["deals"] == {"budget", "need", "timing", "pipeline"}
    assert data["accounts"] >= {"extra", "extra.Tier__c", "extra.Region__c"}
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.provided_columns() == data
        assert store.constant_columns() == constant
        ids = store.table("provided_columns").import_id.to_pyarrow().to_pylist()
        assert set(ids) == {"migrated-v3"}
        assert store.table("deals").count().to_pyarrow().as_py() == 2  # rows kept
        # the columns version 4 made optional take nulls now, and deals have `extra`
        bare = {"id": "D3", "rep": "R1", "outcome": "open", "pipeline": "p", "extra": "{}"}
        store.write("deals", pa.Table.from_pylist([bare]))
        lead = {"id": "L2", "created_at": dt.datetime(2024, 1, 5), "status": "open"}
        store.write("leads", pa.Table.from_pylist([lead]))
        store.write("contacts", pa.Table.from_pylist([{"id": "C3"}]))
        assert store.count("provided_columns") == sum(
            map(len, [*data.values(), *constant.values()])
        )


def _make_version_1_store(path: Path) -> None:
    """Build a store as release 1 wrote it: no `imports` table, no `deals.pipeline` column."""
    with Store.open(path) as store:
        _as_version_3(store)
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


def test_version_4_store_gains_estimated_amounts_keeping_its_deals(tmp_path: Path) -> None:
    path = tmp_path / "v4.duckdb"
    with Store.open(path) as store:
        _as_version_4(store)
        store.execute(
            "INSERT INTO reps (id, name, role) VALUES ('R1', 'Ann', 'rep');"
            "INSERT INTO deals (id, rep, outcome, amount, pipeline) VALUES"
            " ('D1', 'R1', 'open', 10.5, 'default')"
        )
        store.execute(f"UPDATE {META_TABLE} SET value = '4' WHERE key = 'schema_version'")
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (deal,) = store.table("deals").to_pyarrow().to_pylist()
    assert (deal["id"], deal["amount"], deal["amount_estimated"]) == ("D1", 10.5, None)


def test_version_5_store_gains_empty_analyses_filled_when_first_read(tmp_path: Path) -> None:
    path = tmp_path / "v5.duckdb"
    with Store.open(path) as store:
        _as_version_5(store)
        store.execute(
            "INSERT INTO reps (id, name, role) VALUES ('R1', 'Ann', 'rep');"
            "INSERT INTO deals (id, rep, outcome, pipeline) VALUES ('D1', 'R1', 'open', 'p');"
            'INSERT INTO activities (id, deal, rep, "at", kind, direction, body) VALUES'
            " ('A1', 'D1', 'R1', TIMESTAMP '2024-01-02 10:00', 'email', 'outbound',"
            " 'Hi Sam, would Tuesday at 10 work to review your renewal plan?')"
        )
        store.execute(f"UPDATE {META_TABLE} SET value = '5' WHERE key = 'schema_version'")
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert (store.count("email_analyses"), store.count("call_analyses")) == (0, 0)
        assert not is_current(store)
        emails, _ = current_analyses(store)
        (row,) = emails.to_pyarrow().to_pylist()
        assert row["activity"] == "A1"
        assert row["call_to_action"] is not None
        assert is_current(store)  # kept: the next run reads it
        assert store.count("email_analyses") == 1
        refresh_analyses(store)
        assert store.count("email_analyses") == 1
