"""HubSpot and Pipedrive exports, hand-made with their documented column names."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.hubspot.read import import_hubspot
from pipeline_doctor.importers.pipedrive.read import import_pipedrive
from pipeline_doctor.importers.registry import detect_source
from pipeline_doctor.store import Store
from tests.importers.conftest import write

HUBSPOT_DEALS = (
    "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline,Create Date,"
    "Original Source Type,Associated Company IDs,Closed Lost Reason\n"
    '101,Big one,Closed Won,2025-03-02 10:00,Ann Lee,"12,500",Sales Pipeline,'
    "2025-01-05 09:00,Referrals,9001,\n"
    "102,Lost one,Closed Lost,2025-03-04 10:00,Ann Lee,900,Sales Pipeline,2025-01-05 09:00,"
    'Organic Search,9002,"Price too high,\nsaid the CFO"\n'
    "103,Open one,Appointment Scheduled,,Bob Roe,,Sales Pipeline,2025-02-01 09:00,,,\n"
    "104,No date,Closed Won,2025-03-02 10:00,Bob Roe,5,Sales Pipeline,,,,\n"
)
HUBSPOT_COMPANIES = "Record ID,Company name,Industry,Number of Employees\n9001,Acme,Retail,120\n"


def test_hubspot_deals_and_companies(tmp_path: Path, store: Store) -> None:
    write(tmp_path / "all-deals.csv", HUBSPOT_DEALS, "utf-8-sig")
    write(tmp_path / "hubspot-crm-exports-all-companies.csv", HUBSPOT_COMPANIES)
    assert detect_source(tmp_path).name == "hubspot"
    result = import_hubspot(store, tmp_path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 5, 0)
    assert result.warnings_by_reason == {"nulled_reference": 1}  # company 9002 not exported
    deals = {d["id"]: d for d in store.table("deals").to_pyarrow().to_pylist()}
    assert deals["104"]["created_at"] is None  # no create date: not recorded, still a deal
    assert deals["101"]["amount"] == 12500
    assert deals["101"]["source"] == "referral"
    assert deals["103"]["source"] is None  # a blank source is not recorded, not "other"
    assert {"source", "created_at", "pipeline"} <= store.provided_columns()["deals"]
    assert deals["102"]["lost_reason_text"] == "Price too high,\nsaid the CFO"
    assert deals["103"]["outcome"] == "open"
    assert deals["101"]["account"] == "9001"
    assert deals["102"]["account"] is None
    assert sorted(store.table("reps").id.to_pyarrow().to_pylist()) == ["Ann Lee", "Bob Roe"]


PIPEDRIVE_DEALS = (
    "Deal - ID;Deal - Title;Deal - Value;Deal - Currency;Deal - Status;Deal - Stage;"
    "Deal - Pipeline;Deal - Owner;Deal - Organization;Deal - Deal created;Deal - Won time;"
    "Deal - Lost time;Deal - Lost reason\n"
    "1;Alpha;1.200,50;EUR;Won;Negotiation;Main;Eva;Acme GmbH;15.01.2025 10:00;"
    "20.02.2025 11:00;;\n"
    "2;Beta;300;EUR;Lost;Proposal;Main;Eva;;15.01.2025 10:00;;25.02.2025 09:00;Competitor\n"
    "3;Gamma;50;EUR;Deleted;Lead In;Main;Eva;;15.01.2025 10:00;;;\n"
)


def test_pipedrive_semicolons_decimal_commas_and_deleted(tmp_path: Path, store: Store) -> None:
    write(tmp_path / "deals-123.csv", PIPEDRIVE_DEALS, "cp1252")
    write(tmp_path / "organizations.csv", "Organization - ID;Organization - Name\n7;Acme GmbH\n")
    assert detect_source(tmp_path).name == "pipedrive"
    result = import_pipedrive(store, tmp_path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert result.rejected_by_reason == {"unknown_value": 1}  # the deleted deal
    deals = {d["id"]: d for d in store.table("deals").to_pyarrow().to_pylist()}
    assert deals["1"]["amount"] == 1200.5
    assert deals["1"]["account"] == "Acme GmbH"
    assert str(deals["2"]["closed_at"]) == "2025-02-25 09:00:00"
    rejects = store.table("rejects").to_pyarrow().to_pylist()
    assert rejects[0]["raw_value"] == "Deleted"
    assert rejects[0]["line"] == 4
    assert "source" not in store.provided_columns()["deals"]  # no "Deal - Source origin"
    assert deals["1"]["source"] is None


def test_missing_deals_export_is_named(tmp_path: Path, store: Store) -> None:
    write(tmp_path / "organizations.csv", "Organization - ID;Organization - Name\n7;Acme\n")
    with pytest.raises(PipelineDoctorError, match="no pipedrive deals export"):
        import_pipedrive(store, tmp_path)
