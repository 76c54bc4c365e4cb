"""`import csv` with a mapping: value maps, nasty inputs, accounting, atomicity."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers.conftest import write

MAPPING = """
source = "csv"
[[table]]
name = "reps"
file = "deals.csv"
derived = true
[table.columns]
id = "Owner"
name = "Owner"

[[table]]
name = "deals"
file = "deals.csv"
[table.columns]
id = "Deal Id"
rep = "Owner"
stage = "Stage"
source = { column = "Lead Source", values = { Reference = "referral", Select = "other" } }
source_detail = "Lead Source"
created_at = "Created"
closed_at = "Closed"
amount = "Amount"
account = "Account"
[table.columns.outcome]
column = "Stage"
values = { Won = "won", Lost = "lost", Open = "open", Demo = "open" }
"""
HEADER = "Deal Id;Owner;Stage;Lead Source;Created;Closed;Amount;Account\n"


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    return write(tmp_path / "mapping.toml", MAPPING)


def run(store: Store, tmp_path: Path, body: str, mapping: Path, **kw: str) -> object:
    deals = write(tmp_path / "deals.csv", HEADER + body, kw.pop("encoding", "utf-8"))
    return import_csv(store, [deals], load_mapping(mapping), **kw)


def test_value_maps_decimal_commas_and_currency(
    store: Store, tmp_path: Path, mapping: Path
) -> None:
    body = (
        'D1;Ann;Won;Reference;31/03/2025;02/04/2025;"1.234,50 €";\n'
        "D2;Bob;Demo;Select;01/04/2025;;200;\n"
    )
    result = run(store, tmp_path, body, mapping)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 2, 0)
    deals = {d["id"]: d for d in store.table("deals").to_pyarrow().to_pylist()}
    assert deals["D1"]["amount"] == 1234.5
    assert deals["D1"]["source"] == "referral"
    assert deals["D1"]["source_detail"] == "Reference"
    assert deals["D2"]["source"] == "other"
    assert str(deals["D1"]["created_at"]) == "2025-03-31 00:00:00"


def test_ambiguous_dates_are_never_guessed(store: Store, tmp_path: Path, mapping: Path) -> None:
    body = "D1;Ann;Won;Reference;03/04/2025;05/04/2025;1;\n"
    with pytest.raises(PipelineDoctorError, match=r"such as 03/04/2025.*day/month or month/day"):
        run(store, tmp_path, body, mapping)
    assert store.count("deals") == 0
    result = run(store, tmp_path, body, mapping, date_format="%d/%m/%Y")
    assert result.rows_loaded == 1
    assert str(store.table("deals").created_at.to_pyarrow()[0]) == "2025-04-03 00:00:00"


def test_cp1252_file_with_bad_cells(store: Store, tmp_path: Path, mapping: Path) -> None:
    body = (
        "D1;José;Won;Reference;2025-03-01;2025-03-05;€ 10;\n"
        "D2;Zoë;Closed Pending;Reference;2025-03-01;;10;\n"  # unknown stage label
        "D3;Ann;Won;Reference;2025-02-30;2025-03-05;10;\n"  # impossible date
        "D4;Ann;Won;Reference;2025-03-01;2025-03-05;ten;\n"  # not a number
        "D5;Ann;Won;Reference;2025-03-09;2025-03-05;10;\n"  # closed before created
        "D6;Ann;Won;Reference;2025-03-01;2025-03-05;10;Nowhere Inc\n"
    )  # unknown account
    result = run(store, tmp_path, body, mapping, encoding="cp1252")
    assert result.rows_read == 6
    assert result.rows_loaded + result.rows_rejected == 6
    assert result.rejected_by_reason == {
        "unknown_value": 1,
        "bad_date": 1,
        "bad_number": 1,
        "time_order": 1,
    }
    assert result.warnings_by_reason == {"nulled_reference": 1}
    rejects = {r["line"]: r for r in store.table("rejects").to_pyarrow().to_pylist()}
    assert rejects[3]["column"] == "Stage"
    assert rejects[3]["raw_value"] == "Closed Pending"
    assert rejects[5]["raw_value"] == "ten"
    assert rejects[7]["reason"] == "nulled_reference"
    reps = store.table("reps").name.to_pyarrow().to_pylist()
    assert "José" in reps


def test_duplicate_ids(store: Store, tmp_path: Path, mapping: Path) -> None:
    body = (
        "D1;Ann;Won;Reference;2025-03-01;2025-03-05;10;\n"
        "D1;Ann;Won;Reference;2025-03-01;2025-03-05;10;\n"  # same record twice
        "D1;Ann;Lost;Reference;2025-03-01;2025-03-05;10;\n"
    )  # conflicting copy
    result = run(store, tmp_path, body, mapping)
    # every later copy is a reject, so what is counted as loaded is what is written
    assert (result.rows_loaded, result.rows_rejected) == (1, 2)
    assert result.rejected_by_reason == {"duplicate_key": 2}
    assert store.count("deals") == result.loaded_by_table["deals"] == 1
    messages = sorted(r["message"] for r in store.table("rejects").to_pyarrow().to_pylist())
    assert messages == [
        "deals D1 already came from deals.csv line 2 with different values; the first one was kept",
        "deals D1 is the same record as deals.csv line 2: it was loaded once",
    ]


def test_missing_required_column_is_named(store: Store, tmp_path: Path, mapping: Path) -> None:
    path = write(tmp_path / "deals.csv", "Deal Id;Owner;Lead Source;Created\nD1;Ann;Web;x\n")
    with pytest.raises(PipelineDoctorError) as raised:
        import_csv(store, [path], load_mapping(mapping))
    # the required column first; the mapping's optional ones are named too, unmarked
    assert str(raised.value).startswith(
        "deals.csv has no column 'Stage' (for deals.outcome, required), 'Stage' (for deals.stage)"
    )


def test_empty_file(store: Store, tmp_path: Path, mapping: Path) -> None:
    path = write(tmp_path / "deals.csv", "")
    with pytest.raises(PipelineDoctorError, match="empty"):
        import_csv(store, [path], load_mapping(mapping))
    result = run(store, tmp_path, "", mapping)  # a header and no rows: nothing to do
    assert (result.rows_read, result.rows_loaded) == (0, 0)


def test_failure_leaves_the_store_as_it_was(
    store: Store, tmp_path: Path, mapping: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(store, tmp_path, "D1;Ann;Won;Reference;2025-03-01;2025-03-05;10;\n", mapping)
    before = store.counts()
    original = Store.write

    def failing(self: Store, name: str, data: object, **kw: object) -> int:
        if name == "rejects":
            raise PipelineDoctorError("disk full")
        return original(self, name, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "write", failing)
    with pytest.raises(PipelineDoctorError, match="disk full"):
        run(store, tmp_path, "D2;Bob;Won;Reference;2025-03-01;2025-03-05;10;\n", mapping)
    monkeypatch.undo()
    assert store.counts() == before
    assert store.table("deals").id.to_pyarrow().to_pylist() == ["D1"]


@pytest.mark.slow
def test_100k_rows_with_one_percent_garbage(store: Store, tmp_path: Path, mapping: Path) -> None:
    rng = random.Random(4)
    lines, bad = [], set()
    for i in range(100_000):
        amount = str(rng.randint(0, 99_999))
        created = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        if rng.random() < 0.01:
            bad.add(i + 2)
            kind = rng.randrange(3)
            amount = "12abc" if kind == 0 else amount
            created = "someday" if kind == 1 else created
            stage = "Pending" if kind == 2 else "Won"
        else:
            stage = rng.choice(["Won", "Lost", "Open"])
        closed = "" if stage == "Open" else "2025-12-31"
        lines.append(f"D{i};R{i % 50};{stage};Reference;{created};{closed};{amount};\n")
    result = run(store, tmp_path, "".join(lines), mapping)
    assert result.rows_read == 100_000
    assert result.rows_rejected == len(bad)
    assert result.rows_loaded == 100_000 - len(bad)
    assert store.count("deals") == 100_000 - len(bad)
    rejected = set(store.table("rejects").line.to_pyarrow().to_pylist())
    assert rejected == bad


def test_newer_export_updates_rows_and_records_history(
    store: Store, tmp_path: Path, mapping: Path
) -> None:
    run(store, tmp_path, "D1;Ann;Demo;Reference;2025-03-01;;100;\n", mapping)
    assert store.count("field_changes") == 0
    run(store, tmp_path, "D1;Ann;Won;Reference;2025-03-01;2025-04-01;150;\n", mapping)
    deal = store.table("deals").to_pyarrow().to_pylist()[0]
    assert (deal["stage"], deal["outcome"], deal["amount"]) == ("Won", "won", 150)
    stages = store.table("stage_changes").to_pyarrow().to_pylist()
    assert [(s["from_stage"], s["to_stage"]) for s in stages] == [("Demo", "Won")]
    fields = {f["field"]: f for f in store.table("field_changes").to_pyarrow().to_pylist()}
    assert (fields["amount"]["old_value"], fields["amount"]["new_value"]) == ("100", "150")
    assert (fields["outcome"]["old_value"], fields["outcome"]["new_value"]) == ("open", "won")
    counts = store.counts()
    run(store, tmp_path, "D1;Ann;Won;Reference;2025-03-01;2025-04-01;150;\n", mapping)
    assert store.counts()["field_changes"] == counts["field_changes"]


def test_ids_mangled_by_a_spreadsheet(store: Store, tmp_path: Path, mapping: Path) -> None:
    body = (
        "1.23457E+11;Ann;Won;Reference;2025-03-01;2025-03-05;10;\n"
        "000123;Ann;Won;Reference;2025-03-01;2025-03-05;1,5E+3;\n"
    )
    result = run(store, tmp_path, body, mapping)
    assert result.rejected_by_reason == {"mangled_id": 1}
    deal = store.table("deals").to_pyarrow().to_pylist()[0]
    assert (deal["id"], deal["amount"]) == ("000123", 1500.0)  # leading zeros kept as text
