"""Creating a store, refusing bad values with clear messages, atomic and idempotent writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from pipeline_doctor.errors import SchemaViolation, StoreError
from pipeline_doctor.model.schema import SCHEMA_VERSION, TABLES
from pipeline_doctor.store import Store

T0 = dt.datetime(2025, 3, 3, 9, 0)


def _deal(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "D1",
        "rep": "R1",
        "account": "A1",
        "source": "referral",
        "created_at": T0,
        "outcome": "open",
        "pipeline": "default",
        "stage": "Qualification",
        "amount": 1000.0,
        "budget": "known",
        "authority": "unknown",
        "need": "known",
        "timing": "known",
    }
    row.update(over)
    return row


@pytest.fixture
def seeded(store: Store) -> Store:
    store.write("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann", "role": "rep"}]))
    store.write("accounts", pa.Table.from_pylist([{"id": "A1", "name": "Acme"}]))
    store.write("deals", pa.Table.from_pylist([_deal()]))
    return store


def test_new_store_has_every_table_with_not_null_constraints(store: Store) -> None:
    assert set(store.backend.list_tables()) >= {t.name for t in TABLES}
    assert store.schema_version == SCHEMA_VERSION
    ddl = store.backend.raw_sql("select sql from duckdb_tables() where table_name='deals'")
    assert "id VARCHAR NOT NULL" in ddl.fetchone()[0]


@pytest.mark.parametrize(
    ("table", "row", "column", "expected"),
    [
        ("deals", _deal(id="D2", outcome="maybe"), "outcome", "one of open, won, lost"),
        ("deals", _deal(id="D2", amount=-5.0), "amount", "a number >= 0"),
        ("deals", _deal(id="D2", account="A404"), "account", "an existing accounts.id"),
        ("deals", _deal(id="D2", rep=None), "rep", "this column is required"),
        (
            "deals",
            _deal(id="D2", closed_at=T0 - dt.timedelta(days=1)),
            "closed_at",
            "not before created_at",
        ),
        (
            "stage_changes",
            {"deal": "D1", "at": T0 - dt.timedelta(days=3), "to_stage": "Discovery"},
            "at",
            "not before deals.created_at",
        ),
        ("activities", {"id": "X1", "at": T0, "kind": "fax"}, "kind", "one of call, email"),
        ("reps", {"id": "R2", "name": "Bo", "role": "rep", "manager": "R9"}, "manager", "reps.id"),
    ],
)
def test_bad_value_is_refused_naming_table_column_value_and_expectation(
    seeded: Store, table: str, row: dict[str, Any], column: str, expected: str
) -> None:
    before = seeded.counts()
    with pytest.raises(SchemaViolation) as err:
        seeded.write(table, pa.Table.from_pylist([row]))
    assert err.value.table == table
    assert err.value.column == column
    assert expected in str(err.value)
    assert str(err.value).startswith(f"{table}.{column}: value ")
    assert seeded.counts() == before


def test_unknown_column_and_uncastable_value_are_refused(seeded: Store) -> None:
    with pytest.raises(SchemaViolation, match=r"deals\.colour"):
        seeded.write("deals", pa.Table.from_pylist([{**_deal(id="D3"), "colour": "red"}]))
    with pytest.raises(SchemaViolation, match=r"deals\.amount.*float64"):
        seeded.write("deals", pa.Table.from_pylist([_deal(id="D3", amount="lots")]))


def test_a_bad_row_anywhere_in_a_batch_writes_nothing(seeded: Store) -> None:
    rows = [_deal(id=f"D{i}") for i in range(10, 20)] + [_deal(id="D99", source="cold")]
    with pytest.raises(SchemaViolation):
        seeded.write("deals", pa.Table.from_pylist(rows))
    assert seeded.count("deals") == 1


def test_duplicate_key_in_batch_is_refused(seeded: Store) -> None:
    with pytest.raises(SchemaViolation, match="unique key"):
        seeded.write("deals", pa.Table.from_pylist([_deal(id="D5"), _deal(id="D5")]))


def test_upsert_is_idempotent_and_updates_changed_rows(seeded: Store) -> None:
    batch = pa.Table.from_pylist([_deal(), _deal(id="D2", amount=50.0)])
    seeded.write("deals", batch, mode="upsert")
    seeded.write("deals", batch, mode="upsert")
    assert seeded.count("deals") == 2
    seeded.write("deals", pa.Table.from_pylist([_deal(id="D2", amount=75.0)]), mode="upsert")
    amounts = dict(
        seeded.table("deals").select("id", "amount").to_pyarrow().to_pylist()[i].values()
        for i in range(2)
    )
    assert amounts == {"D1": 1000.0, "D2": 75.0}


def test_self_reference_within_one_batch_is_allowed(store: Store) -> None:
    reps = [
        {"id": "M1", "name": "Boss", "role": "manager"},
        {"id": "R1", "name": "Ann", "role": "rep", "manager": "M1"},
    ]
    assert store.write("reps", pa.Table.from_pylist(reps)) == 2


def test_transaction_rolls_back_everything_on_failure(seeded: Store) -> None:
    def two_writes_the_second_bad() -> None:
        with seeded.transaction():
            seeded.write("accounts", pa.Table.from_pylist([{"id": "A2", "name": "Beta"}]))
            assert seeded.count("accounts") == 2  # visible inside the transaction
            seeded.write("accounts", pa.Table.from_pylist([{"id": "A3", "name": None}]))

    with pytest.raises(SchemaViolation):
        two_writes_the_second_bad()
    assert seeded.count("accounts") == 1


def test_clear_empties_every_table(seeded: Store) -> None:
    seeded.clear()
    assert set(seeded.counts().values()) == {0}


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="There is no store at"):
        Store.open(tmp_path / "nope.duckdb", create=False)


def test_corrupt_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a readable Pipeline Doctor database"):
        Store.open(path)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table deals (x int)")
    with pytest.raises(StoreError, match="not written by this tool"):
        Store.open(path)


def test_provided_and_constant_columns_over_several_imports(store: Store) -> None:
    store.record_provided("one", {"deals": {"id": "data", "stage": "data", "pipeline": "constant"}})
    store.record_provided("two", {"deals": {"stage": "constant", "budget": "data"}})
    store.record_provided("two", {"deals": {"stage": "constant", "budget": "data"}})  # again
    store.record_provided("two", {"accounts": {"extra": "data", "extra.Tier__c": "data"}})
    assert store.count("provided_columns") == 7
    assert store.provided_columns() == {
        "deals": {"id", "stage", "budget"},  # stage: data in one import is enough
        "accounts": {"extra", "extra.Tier__c"},
    }
    assert store.constant_columns() == {"deals": {"pipeline"}}
    with pytest.raises(SchemaViolation, match="one of data, constant"):
        store.record_provided("three", {"deals": {"id": "guessed"}})


def test_a_deal_with_only_the_required_fields_is_stored(seeded: Store) -> None:
    bare = {"id": "D2", "rep": "R1", "outcome": "lost", "pipeline": "default", "closed_at": T0}
    seeded.write("deals", pa.Table.from_pylist([bare]))  # no creation time: no order to break
    stored = seeded.table("deals").filter(seeded.table("deals").id == "D2").to_pyarrow()
    row = stored.to_pylist()[0]
    assert (row["created_at"], row["source"], row["stage"], row["budget"]) == (None,) * 4
    change = {"deal": "D2", "at": T0 - dt.timedelta(days=400), "to_stage": "Lost"}
    seeded.write("stage_changes", pa.Table.from_pylist([change]))  # nothing to precede
