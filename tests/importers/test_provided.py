"""What each import records in `provided_columns`: from the mapping and the file's header, the
same by every reader (whole, part by part, fast), unchanged by a re-import; and what the
Salesforce importer keeps of an export's custom fields, checked against the files read with
the csv module."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline_doctor.importers.core import chunks
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.importers.salesforce.read import import_salesforce
from pipeline_doctor.store import Store
from tests.importers.conftest import write

DEALS = (
    "Deal Id,Owner,Stage,Source,Created,Amount,Tier,Region\n"
    "D1,Ann,Won,Referral,2025-01-02 10:00:00,100,Gold,EU\n"
    "D2,Ann,Demo,,2025-01-03 10:00:00,,,\n"
    "D3,Bo,Demo,Web,,50,Silver,\n"
)
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
outcome = { column = "Stage", values = { Won = "won", "*" = "open" } }
created_at = "Created"
amount = "Amount"
currency = { const = "EUR" }
"""
EXTRA = 'extra = { extra = ["Tier", "Region", "Notes"] }  # no Notes in the file\n'
SOURCE = """[table.columns.source]
column = "Source"
values = { Referral = "referral", "*" = "other" }
default = "Referral"
"""


def _rows(store: Store) -> list[tuple[str, str, str, str]]:
    table = store.table("provided_columns").to_pyarrow().to_pylist()
    return sorted((r["import_id"], r["table_name"], r["column_name"], r["how"]) for r in table)


def _import(tmp_path: Path, store: Store, mapping: str, exact: bool = False) -> None:
    files = [write(tmp_path / "deals.csv", DEALS)]
    import_csv(store, files, load_mapping(write(tmp_path / "m.toml", mapping)), exact=exact)


def test_a_mapping_with_a_constant_a_default_and_extra_attributes(
    tmp_path: Path, store: Store
) -> None:
    _import(tmp_path, store, MAPPING + EXTRA + SOURCE)
    assert store.provided_columns() == {
        "reps": {"id", "name"},
        "deals": {"id", "rep", "stage", "outcome", "source", "created_at", "amount"}
        | {"extra", "extra.Tier", "extra.Region"},  # Notes: not in the file
    }
    # currency: the mapping's constant; pipeline and a rep's role: the importer's defaults
    assert store.constant_columns() == {"deals": {"currency", "pipeline"}, "reps": {"role"}}
    with (tmp_path / "deals.csv").open(newline="", encoding="utf-8") as handle:
        source = {r["Deal Id"]: r for r in csv.DictReader(handle)}
    deals = {d["id"]: d for d in store.table("deals").to_pyarrow().to_pylist()}
    for deal_id, row in source.items():
        kept = {k: row[k] for k in ("Tier", "Region") if row[k]}
        assert (json.loads(deals[deal_id]["extra"]) if deals[deal_id]["extra"] else {}) == kept
    assert deals["D3"]["created_at"] is None  # an empty cell: not recorded
    assert deals["D2"]["source"] == "referral"  # the mapping's default for an empty cell
    rows = _rows(store)
    _import(tmp_path, store, MAPPING + EXTRA + SOURCE)  # the same export again changes nothing
    assert _rows(store) == rows


def test_every_reader_records_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_loads: list[str]
) -> None:
    found = {}
    for way in ("fast", "exact", "in parts"):
        if way == "in parts":
            monkeypatch.setattr(chunks, "PART_BYTES", 60)
        with Store.open(tmp_path / f"{way}.duckdb") as store:
            _import(tmp_path, store, MAPPING + SOURCE, exact=way != "fast")
            found[way] = _rows(store)
        if way == "fast":
            assert fast_loads == ["deals.csv"]
    assert found["fast"] == found["exact"] == found["in parts"]
    assert ("deals", "currency", "constant") in {r[1:] for r in found["fast"]}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_salesforce_keeps_custom_fields_as_extra(salesforce_dir: Path, store: Store) -> None:
    import_salesforce(store, salesforce_dir)
    header, opportunities = _read(salesforce_dir / "opportunity.csv")
    custom = [c for c in header if c.endswith("__c") and c != "MainCompetitors__c"]
    assert len(custom) >= 4  # DeliveryInstallationStatus__c, TrackingNumber__c, ...
    provided = store.provided_columns()
    assert {c for c in provided["deals"] if c.startswith("extra.")} == {
        f"extra.{c}" for c in custom
    }
    assert "competitor" in provided["deals"]  # MainCompetitors__c has a canonical column
    deals = {d["id"]: d for d in store.table("deals").to_pyarrow().to_pylist()}
    for row in opportunities:
        kept = {c: row[c] for c in custom if row[c].strip()}
        extra = deals[row["Id"]]["extra"]
        assert (json.loads(extra) if extra else {}) == kept
        # a blank LeadSource is not recorded; any label is kept with its source
        assert (deals[row["Id"]]["source"] is None) == (not row["LeadSource"].strip())
    account_header, _ = _read(salesforce_dir / "account.csv")
    assert {c for c in provided["accounts"] if c.startswith("extra.")} == {
        f"extra.{c}" for c in account_header if c.endswith("__c")
    }
    assert "buying_role" not in provided.get("contacts", set())  # no contact roles exported
    assert {"budget", "authority", "need", "timing"}.isdisjoint(provided["deals"])


ACCOUNTS = (
    "Id,Name,Extra\n"
    'A1,Acme,"{""Tier"": ""Gold""}"\n'
    'A2,Bolt,"{""Region"": ""EU"", ""Tier"": ""Silver""}"\n'
    "A3,Cole,\n"
)


def test_extra_read_whole_names_its_keys_by_every_reader(
    tmp_path: Path, fast_loads: list[str]
) -> None:
    """An `extra` column of JSON objects (as `export csv` writes it) provides its keys."""
    path = write(tmp_path / "accounts.csv", ACCOUNTS)
    columns = 'id = "Id"\nname = "Name"\nextra = "Extra"\n'
    text = f'[[table]]\nname = "accounts"\nfile = "accounts.csv"\n[table.columns]\n{columns}'
    mapping = load_mapping(write(tmp_path / "m.toml", text))
    found = []
    for exact in (False, True):
        with Store.open(tmp_path / f"{exact}.duckdb") as store:
            import_csv(store, [path], mapping, exact=exact)
            found.append(store.provided_columns())
    assert fast_loads == ["accounts.csv"]
    assert (
        found[0] == found[1] == {"accounts": {"id", "name", "extra", "extra.Tier", "extra.Region"}}
    )
