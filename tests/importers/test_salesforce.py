"""Salesforce Data Export: the real sample export, plus hand-made damage it does not have."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.archive import check_zip
from pipeline_doctor.importers.registry import detect_source
from pipeline_doctor.importers.salesforce.ids import to18
from pipeline_doctor.importers.salesforce.read import import_salesforce
from pipeline_doctor.store import Store
from tests.importers.conftest import write


def test_sample_export_accounting_and_values(salesforce_dir: Path, store: Store) -> None:
    result = import_salesforce(store, salesforce_dir)
    assert result.rows_read == result.rows_loaded + result.rows_rejected
    opp = pd.read_csv(salesforce_dir / "opportunity.csv", dtype=str, keep_default_na=False)
    deals = store.table("deals").to_pyarrow().to_pandas().set_index("id")
    assert len(deals) == len(opp)
    won = opp[opp.IsWon == "1"]
    assert set(deals[deals.outcome == "won"].index) == set(won.Id)
    row = opp.iloc[0]
    assert deals.loc[row.Id, "amount"] == float(row.Amount)
    assert deals.loc[row.Id, "stage"] == row.StageName
    assert deals.loc[row.Id, "competitor"] == row.MainCompetitors__c
    history = pd.read_csv(salesforce_dir / "OpportunityHistory.csv", dtype=str)
    assert result.rows_by_file["OpportunityHistory.csv"] == len(history)
    accounts = store.table("accounts").to_pyarrow().to_pandas().set_index("id")
    extra = accounts.loc["001Hp00002g1VGbIAM", "extra"]
    assert '"SLA__c": "Silver"' in extra
    assert detect_source(salesforce_dir).name == "salesforce"


def test_reimport_changes_nothing(salesforce_dir: Path, store: Store) -> None:
    import_salesforce(store, salesforce_dir)
    counts = store.counts()
    import_salesforce(store, salesforce_dir)
    assert store.counts() == counts


def test_ids_15_and_18_meet_case_sensitively() -> None:
    assert to18("001Hp00002g1VGb") == "001Hp00002g1VGbIAM"
    assert to18("001hp00002g1vgb") != to18("001Hp00002g1VGb")


ORG = {
    "Opportunity.csv": (
        '"Id","AccountId","Name","StageName","StageSortOrder","Amount","CloseDate","LeadSource",'
        '"IsClosed","IsWon","CurrencyIsoCode","OwnerId","CreatedDate","LossReason__c",'
        '"Región__c"\r\n'
        '"006A0000001abcdEFG","001A0000001xyzw","Grande","Negociación","3","1500.5",'
        '"2025-05-01","","0","0","MXN","005A0000000ownr","2025-01-02 10:00:00","",'
        '"Norte"\r\n'
        '"006A0000001abceEFG","001A0000001xyzw","Perdida","Cerrada perdida","5","200",'
        '"2025-03-01","Web","1","0","COP","005A0000000ownr","2025-01-02 10:00:00",'
        '"Lost to Competitor",""\r\n'
        '"006A0000001abcfEFG","001A0000001xyzw","Fría","Negociación","3","10",'
        '"2025-05-01","Llamada en frío","0","0","MXN","005A0000000ownr","2025-01-02 10:00:00",'
        '"",""\r\n'
    ),
    "Account.csv": '"Id","Name","Industry"\r\n"001A0000001xyzwIAA","Compañía Ñ","Retail"\r\n',
}


def test_localized_cp1252_export_with_15_char_lookups(tmp_path: Path, store: Store) -> None:
    for name, text in ORG.items():
        write(tmp_path / name, text, "cp1252")
    result = import_salesforce(store, tmp_path)
    assert result.rows_rejected == 0, result.rejected_by_reason
    deals = store.table("deals").to_pyarrow().to_pandas().set_index("id")
    assert deals.loc["006A0000001abcdEFG", "outcome"] == "open"
    assert deals.loc["006A0000001abcdEFG", "stage"] == "Negociación"
    lost = deals.loc["006A0000001abceEFG"]
    assert (lost.outcome, lost.lost_reason_category) == ("lost", "competitor")
    assert lost.account == "001A0000001xyzwIAA"  # 15-char lookup met the 18-char Id
    assert any("currencies" in note for note in result.notes)
    assert store.table("accounts").name.to_pyarrow().to_pylist() == ["Compañía Ñ"]
    # a blank LeadSource is not recorded; a label the mapping does not know is "other"
    stored = store.table("deals").select("id", "source").to_pyarrow().to_pylist()
    assert {d["id"]: d["source"] for d in stored} == {
        "006A0000001abcdEFG": None,
        "006A0000001abceEFG": "inbound",
        "006A0000001abcfEFG": "other",
    }
    # custom fields without a canonical column are kept; the lost reason has one
    assert deals.loc["006A0000001abcdEFG", "extra"] == '{"Región__c": "Norte"}'
    assert deals.extra.isna().sum() == 2
    provided = store.provided_columns()["deals"]
    assert {"extra", "extra.Región__c", "lost_reason_text"} <= provided
    assert "extra.LossReason__c" not in provided


def test_zip_is_checked_before_extraction(
    tmp_path: Path, store: Store, salesforce_dir: Path
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in salesforce_dir.glob("*.csv"):
            zipped.write(path, f"export/{path.name}")
    result = import_salesforce(store, archive)
    assert result.location == str(archive)
    assert store.count("deals") == 31
    with zipfile.ZipFile(archive) as zipped, pytest.raises(PipelineDoctorError, match="unpack"):
        check_zip(zipped, tmp_path, limit=1000)


def test_not_an_export(tmp_path: Path) -> None:
    shutil.copy(__file__, tmp_path / "x.csv")
    with pytest.raises(PipelineDoctorError, match="Cannot tell"):
        detect_source(tmp_path)


ACTIVITY_ORG = {
    "User.csv": '"Id","FirstName","LastName","Email","ManagerId"\r\n'
    '"005A0000000ownrIAA","Lucía","Pérez","l@x.test","005A0000000bossAAA"\r\n'
    '"005A0000000bossAAA","Ana","Jefa","a@x.test",""\r\n',
    "Opportunity.csv": '"Id","AccountId","Name","StageName","Amount","CloseDate","IsClosed",'
    '"IsWon","OwnerId","CreatedDate"\r\n"006A0000001abcdEFG","","Uno","Firmas","10",'
    '"2025-05-01","0","0","005A0000000ownr","2025-01-02 10:00:00"\r\n',
    "Task.csv": '"Id","WhoId","WhatId","Subject","ActivityDate","OwnerId","Description","Type",'
    '"AccountId","CreatedDate","CallDurationInSeconds"\r\n'
    '"00TA000000001","","006A0000001abcdEFG","Llamada","2025-01-10","005A0000000ownr",'
    '"Notas\r\nen dos líneas","Call","","2025-01-10 09:00:00","95"\r\n'
    '"00TA000000002","","0XBA00000000001","Email de lista: Oferta","","005A0000000ownr","",'
    '"","","2025-01-11 09:00:00",""\r\n',
    "Event.csv": '"Id","WhatId","Subject","ActivityDateTime","OwnerId","CreatedDate"\r\n'
    '"00UA000000001","006A0000001abcdEFG","Demo","2025-01-15 15:00:00","005A0000000ownr",'
    '"2025-01-12 09:00:00"\r\n',
}


def test_users_tasks_and_events(tmp_path: Path, store: Store) -> None:
    for name, text in ACTIVITY_ORG.items():
        write(tmp_path / name, text, "cp1252")
    result = import_salesforce(store, tmp_path)
    assert result.rows_rejected == 0, result.rejected_by_reason
    reps = {r["id"]: r for r in store.table("reps").to_pyarrow().to_pylist()}
    assert reps["005A0000000ownrIAA"]["name"] == "Lucía Pérez"
    assert reps["005A0000000ownrIAA"]["manager"] == "005A0000000bossAAA"
    acts = {a["subject"]: a for a in store.table("activities").to_pyarrow().to_pylist()}
    call = acts["Llamada"]
    assert (call["kind"], call["deal"], call["duration_s"]) == ("call", "006A0000001abcdEFG", 95)
    assert call["body"] == "Notas\r\nen dos líneas"
    assert call["rep"] == "005A0000000ownrIAA"  # 15-char owner id met the 18-char user id
    mass = acts["Email de lista: Oferta"]
    assert (mass["kind"], mass["deal"]) == ("task", None)  # WhatId is a ListEmail, not a deal
    assert str(mass["at"]) == "2025-01-11 09:00:00"  # no ActivityDate: CreatedDate
    assert acts["Demo"]["kind"] == "meeting"
