"""Salesforce EmailMessage, OpportunityContactRole and OpportunityFieldHistory.

Each test writes a small export with the header rows of a real organisation's export
(../shared/data/salesforce-real-export-schema), cp1252-encoded, quoted and CRLF like Salesforce's
weekly export, and checks the store against the same files read with Python's csv module."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks.base import execute
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.zombies import ZombieDeals
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.importers.core.rejects import WARNINGS
from pipeline_doctor.importers.salesforce.ids import to18
from pipeline_doctor.importers.salesforce.read import import_salesforce
from pipeline_doctor.store import Store
from tests.conftest import require_shared_data

REAL = "salesforce-real-export-schema"
FIELD_HISTORY = (
    "Id,IsDeleted,OpportunityId,CreatedById,CreatedDate,Field,DataType,OldValue,NewValue"
)
"""Salesforce's standard OpportunityFieldHistory fields (the real export has no such file)."""

REP, BOSS = "005A0000000ownr", "005A0000000boss"
ACCOUNT = "001A0000001acct"
DEAL, WON, GONE = "006A0000001deal", "006A0000001wonn", "006A0000001gone"
ANA, BETO, TECH, ANA_UPPER = (
    "003A0000001cnt1",
    "003A0000001cnt2",
    "003A0000001cnt3",
    "003A0000001CNT1",
)
TASK_1, TASK_2, TASK_3 = "00TA0000001tsk1", "00TA0000001tsk2", "00TA0000001tsk3"


def header(name: str) -> list[str]:
    with (require_shared_data(REAL) / f"{name}.header.csv").open(encoding="utf-8") as f:
        return next(csv.reader(f))


def write_object(folder: Path, name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    """One export file: every field quoted, CRLF, cp1252, unknown columns refused."""
    for row in rows:
        assert set(row) <= set(columns), set(row) - set(columns)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    (folder / f"{name}.csv").write_bytes(out.getvalue().encode("cp1252"))


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line where the row starts, row) for every data row, decoded as cp1252."""
    with path.open(encoding="cp1252", newline="") as f:
        reader = csv.reader(f)
        names = next(reader)
        rows, previous = [], reader.line_num
        for values in reader:
            rows.append((previous + 1, dict(zip(names, values, strict=True))))
            previous = reader.line_num
    return rows


OPPORTUNITIES = [
    {"Id": to18(DEAL), "AccountId": ACCOUNT, "Name": "Pantallas", "StageName": "Firmas",
     "Amount": "2000.5", "CloseDate": "2024-09-30", "IsClosed": "0", "IsWon": "0",
     "CurrencyIsoCode": "MXN", "OwnerId": REP, "CreatedDate": "2024-01-05 10:00:00"},
    {"Id": to18(WON), "AccountId": ACCOUNT, "Name": "Ganada", "StageName": "Closed Won",
     "Amount": "900", "CloseDate": "2024-02-10", "IsClosed": "1", "IsWon": "1",
     "CurrencyIsoCode": "MXN", "OwnerId": REP, "CreatedDate": "2024-01-10 10:00:00"},
]  # fmt: skip
HISTORY = [
    {"Id": "008A0000001hst1", "OpportunityId": DEAL, "CreatedById": REP,
     "CreatedDate": "2024-01-05 10:00:00", "StageName": "Interes", "Amount": "1500",
     "CloseDate": "2024-03-01 00:00:00", "FromOpportunityStageName": "", "PrevAmount": "",
     "PrevCloseDate": ""},
    {"Id": "008A0000001hst2", "OpportunityId": DEAL, "CreatedById": REP,
     "CreatedDate": "2024-02-20 10:00:00", "StageName": "Negociación", "Amount": "1500",
     "CloseDate": "2024-04-15 00:00:00", "FromOpportunityStageName": "Interes",
     "PrevAmount": "1500", "PrevCloseDate": "2024-03-01 00:00:00"},
]  # fmt: skip


def _change(n: int, deal: str, at: str, field: str, old: str, new: str) -> dict[str, str]:
    return {
        "Id": f"017A00000{n:06d}",
        "IsDeleted": "0",
        "OpportunityId": deal,
        "CreatedById": REP,
        "CreatedDate": at,
        "Field": field,
        "DataType": "Text",
        "OldValue": old,
        "NewValue": new,
    }


FIELD_CHANGES = [
    _change(1, DEAL, "2024-01-05 10:00:00", "created", "", ""),
    _change(2, DEAL, "2024-02-20 10:00:01", "CloseDate", "2024-03-01", "2024-04-15"),  # = hst2
    _change(3, DEAL, "2024-04-10 09:00:00", "CloseDate", "2024-04-15", "2024-06-01"),
    _change(4, DEAL, "2024-05-28 09:00:00", "CloseDate", "2024-06-01", "2024-07-15"),
    _change(5, DEAL, "2024-06-10 09:00:00", "CloseDate", "2024-07-15", "2024-07-01"),  # pulled in
    _change(6, DEAL, "2024-06-20 09:00:00", "CloseDate", "2024-07-01", "2024-09-30 00:00:00"),
    _change(7, DEAL, "2024-06-20 09:00:00", "StageName", "Negociación", "Firmas"),
    _change(8, DEAL, "2024-05-01 12:00:00", "Amount", "1500", "2000.5"),
    _change(9, DEAL, "2024-05-02 12:00:00", "Owner", BOSS, REP),  # not kept: a reject
    _change(10, GONE, "2024-05-02 12:00:00", "CloseDate", "2024-05-01", "2024-06-01"),
    _change(11, ACCOUNT, "2024-05-02 12:00:00", "Industry", "Retail", "Media"),
]
CONTACTS = [
    {"Id": to18(ANA), "AccountId": ACCOUNT, "FirstName": "Ana", "LastName": "Núñez",
     "Email": "ana@cliente.test"},
    {"Id": to18(BETO), "AccountId": "", "FirstName": "Beto", "LastName": "Ruiz"},
    {"Id": to18(TECH), "AccountId": ACCOUNT, "FirstName": "Tere", "LastName": "Téc",
     "Email": "tech@cliente.test"},
    {"Id": to18(ANA_UPPER), "AccountId": ACCOUNT, "FirstName": "ANA", "LastName": "Otra"},
]  # fmt: skip
ROLES = [
    {"Id": "00KA0000001rol1", "OpportunityId": DEAL, "ContactId": ANA, "Role": "Decision Maker",
     "LastModifiedDate": "2024-03-01 10:00:00"},
    {"Id": "00KA0000001rol2", "OpportunityId": DEAL, "ContactId": BETO,
     "Role": "Technical Buyer", "LastModifiedDate": "2024-03-01 10:00:00"},
    {"Id": "00KA0000001rol3", "OpportunityId": WON, "ContactId": ANA, "Role": "Influencer",
     "LastModifiedDate": "2024-01-20 10:00:00"},
    {"Id": "00KA0000001rol4", "OpportunityId": DEAL, "ContactId": TECH,
     "Role": "Sponsor técnico", "LastModifiedDate": "2024-03-01 10:00:00"},
    {"Id": "00KA0000001rol5", "OpportunityId": DEAL, "ContactId": "003A0000001miss",
     "Role": "Evaluator", "LastModifiedDate": "2024-03-01 10:00:00"},
    {"Id": "00KA0000001rol6", "OpportunityId": GONE, "ContactId": ANA_UPPER,
     "Role": "Business User", "LastModifiedDate": "2024-03-01 10:00:00"},
]  # fmt: skip
EMAILS = [
    {"Id": "02sA0000001eml1", "ActivityId": TASK_1, "RelatedToId": DEAL, "Incoming": "0",
     "Status": "3", "MessageDate": "2024-02-01 09:00:00", "CreatedById": REP,
     "Subject": "Propuesta económica", "TextBody": "Hola Ana,\r\n¿Hablamos el jueves? 1.500 €",
     "ToAddress": "ana@cliente.test", "ThreadIdentifier": "th1", "IsBounced": "0"},
    {"Id": "02sA0000001eml2", "RelatedToId": DEAL, "Incoming": "1", "Status": "2",
     "MessageDate": "2024-02-02 11:30:00", "CreatedById": REP,
     "Subject": "RE: Propuesta económica", "TextBody": "Sí, el jueves.",
     "FromAddress": "ANA@cliente.test", "ReplyToEmailMessageId": "02sA0000001eml1",
     "ThreadIdentifier": "th1", "IsBounced": "0"},
    {"Id": "02sA0000001eml3", "ActivityId": TASK_2, "Incoming": "0", "Status": "3",
     "MessageDate": "2024-03-05 08:00:00", "CreatedById": BOSS, "Subject": "Ficha técnica",
     "ToAddress": "Tech@Cliente.test; otro@cliente.test", "IsBounced": "1"},
    {"Id": "02sA0000001eml4", "RelatedToId": DEAL, "Incoming": "0", "Status": "5",
     "MessageDate": "2024-03-06 08:00:00", "CreatedById": REP, "Subject": "Borrador"},
    {"Id": "02sA0000001eml5", "RelatedToId": ACCOUNT, "Incoming": "1", "Status": "1",
     "MessageDate": "2024-03-07 08:00:00", "CreatedById": REP, "Subject": "Consulta",
     "FromAddress": "nadie@otro.test"},
    {"Id": "02sA0000001eml6", "RelatedToId": GONE, "Incoming": "0", "Status": "3",
     "MessageDate": "2024-03-08 08:00:00", "CreatedById": REP, "Subject": "Seguimiento"},
]  # fmt: skip
TASKS = [
    {"Id": TASK_1, "WhoId": ANA, "WhatId": DEAL, "Subject": "Correo: Propuesta económica",
     "OwnerId": REP, "CreatedDate": "2024-02-01 09:00:00", "ActivityDate": "2024-02-01"},
    {"Id": TASK_2, "WhoId": "", "WhatId": DEAL, "Subject": "Correo: Ficha técnica",
     "OwnerId": REP, "CreatedDate": "2024-03-05 08:00:00", "ActivityDate": "2024-03-05"},
    {"Id": TASK_3, "WhoId": BETO, "WhatId": DEAL, "Subject": "Llamada", "Type": "Call",
     "OwnerId": REP, "CreatedDate": "2024-03-09 08:00:00", "ActivityDate": "2024-03-09"},
]  # fmt: skip


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """The whole small export, in tmp_path/export."""
    folder = tmp_path / "export"
    folder.mkdir()
    users = [
        {"Id": to18(REP), "FirstName": "Lucía", "LastName": "Pérez", "Email": "l@x.test"},
        {"Id": to18(BOSS), "FirstName": "Ana", "LastName": "Jefa", "Email": "a@x.test"},
    ]
    write_object(folder, "User", header("User"), users)
    account = [{"Id": to18(ACCOUNT), "Name": "Compañía Ñ", "Industry": "Retail"}]
    write_object(folder, "Account", header("Account"), account)
    write_object(folder, "Contact", header("Contact"), CONTACTS)
    write_object(folder, "Opportunity", header("Opportunity"), OPPORTUNITIES)
    write_object(folder, "OpportunityHistory", header("OpportunityHistory"), HISTORY)
    write_object(folder, "OpportunityFieldHistory", FIELD_HISTORY.split(","), FIELD_CHANGES)
    write_object(folder, "OpportunityContactRole", header("OpportunityContactRole"), ROLES)
    write_object(folder, "EmailMessage", header("EmailMessage"), EMAILS)
    write_object(folder, "Task", header("Task"), TASKS)
    return folder


def rows_of(store: Store, table: str) -> list[dict[str, Any]]:
    return list(store.table(table).to_pyarrow().to_pylist())


def rejects_by(store: Store) -> dict[tuple[str, int], list[dict[str, Any]]]:
    found: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in rows_of(store, "rejects"):
        found.setdefault((r["file"], r["line"]), []).append(r)
    return found


def test_emails_become_activities(export: Path, store: Store) -> None:
    result = import_salesforce(store, export)
    emails = dict(read_rows(export / "EmailMessage.csv"))
    acts = {a["subject"]: a for a in rows_of(store, "activities")}
    first = next(r for r in emails.values() if r["Id"] == "02sA0000001eml1")
    sent = acts[first["Subject"]]
    assert sent["id"] == to18(first["ActivityId"])  # the logged Task's id: the same email
    assert sent["body"] == first["TextBody"]
    assert "€" in sent["body"]
    assert sent["at"] == dt.datetime.fromisoformat(first["MessageDate"])
    assert (sent["kind"], sent["direction"], sent["outcome"]) == ("email", "outbound", "sent")
    assert sent["deal"] == to18(first["RelatedToId"])  # a 15-character id met the 18-character one
    assert (sent["rep"], sent["contact"]) == (to18(REP), to18(ANA))  # from the Task
    reply = acts["RE: Propuesta económica"]
    assert (reply["direction"], reply["outcome"]) == ("inbound", "replied")
    assert reply["contact"] == to18(ANA)  # FromAddress, case aside
    bounced = acts["Ficha técnica"]
    assert (bounced["outcome"], bounced["deal"]) == ("bounced", to18(DEAL))  # deal via its Task
    assert bounced["rep"] == to18(REP)  # the Task's owner, not the sender
    assert bounced["contact"] == to18(TECH)  # first recipient
    unrelated = acts["Consulta"]
    assert (unrelated["deal"], unrelated["account"], unrelated["outcome"]) == (
        None,
        to18(ACCOUNT),
        None,
    )
    assert acts["Seguimiento"]["deal"] is None  # its deal is not in the export: loaded, reported
    assert "Borrador" not in acts  # a draft is no activity
    # The Tasks the emails were logged as are the same emails: loaded once. The call stays.
    assert "Correo: Propuesta económica" not in acts
    assert acts["Llamada"]["kind"] == "call"
    assert sum(a["kind"] == "email" for a in acts.values()) == 5
    rejects = rejects_by(store)
    draft_line = next(line for line, r in emails.items() if r["Status"] == "5")
    assert [r["reason"] for r in rejects[("EmailMessage.csv", draft_line)]] == ["draft"]
    gone_line = next(line for line, r in emails.items() if r["RelatedToId"] == GONE)
    (gone,) = rejects[("EmailMessage.csv", gone_line)]
    assert (gone["reason"], gone["raw_value"]) == ("nulled_reference", to18(GONE))
    task_lines = [line for line, r in read_rows(export / "Task.csv") if r["Id"] != TASK_3]
    for line in task_lines:
        assert [r["reason"] for r in rejects[("Task.csv", line)]] == ["note"]
    assert result.rows_by_file["EmailMessage.csv"] == len(emails)


def test_contact_roles_set_buying_roles(export: Path, store: Store) -> None:
    result = import_salesforce(store, export)
    contacts = {c["id"]: c for c in rows_of(store, "contacts")}
    assert contacts[to18(ANA)]["buying_role"] == "decision_maker"  # the latest of two roles
    assert contacts[to18(BETO)]["buying_role"] == "technical"
    assert contacts[to18(BETO)]["account"] == to18(ACCOUNT)  # from the deal: it had none
    assert contacts[to18(TECH)]["buying_role"] == "unknown"  # "Sponsor técnico": reported
    assert contacts[to18(ANA_UPPER)]["buying_role"] == "user"  # ids differ only by case
    roles = read_rows(export / "OpportunityContactRole.csv")
    rejects = rejects_by(store)
    unknown_line = next(line for line, r in roles if r["Role"] == "Sponsor técnico")
    (unknown,) = rejects[("OpportunityContactRole.csv", unknown_line)]
    assert (unknown["column"], unknown["raw_value"], unknown["reason"]) == (
        "Role",
        "Sponsor técnico",
        "adjusted_value",
    )
    missing_line = next(line for line, r in roles if r["ContactId"].endswith("miss"))
    (missing,) = rejects[("OpportunityContactRole.csv", missing_line)]
    assert (missing["column"], missing["reason"]) == ("ContactId", "missing_reference")
    gone_line = next(line for line, r in roles if r["OpportunityId"] == GONE)
    assert rejects[("OpportunityContactRole.csv", gone_line)][0]["reason"] == "nulled_reference"
    assert any("no deal-contact link" in n for n in result.notes)


def independent_pushes(export: Path) -> dict[str, int]:
    """Close-date pushes per deal from the files alone: a snapshot or a history row whose new
    close date is later than the old one, the same (deal, old, new) counted once."""
    pushes: set[tuple[str, dt.date, dt.date]] = set()

    def day(text: str) -> dt.date:
        return dt.date.fromisoformat(text[:10])

    for _, r in read_rows(export / "OpportunityHistory.csv"):
        if r["PrevCloseDate"] and day(r["CloseDate"]) > day(r["PrevCloseDate"]):
            pushes.add((to18(r["OpportunityId"]), day(r["PrevCloseDate"]), day(r["CloseDate"])))
    for _, r in read_rows(export / "OpportunityFieldHistory.csv"):
        if r["Field"] == "CloseDate" and day(r["NewValue"]) > day(r["OldValue"]):
            pushes.add((to18(r["OpportunityId"]), day(r["OldValue"]), day(r["NewValue"])))
    counts: dict[str, int] = {}
    for deal, _, _ in pushes:
        counts[deal] = counts.get(deal, 0) + 1
    return counts


def test_field_history_gives_close_date_pushes(export: Path, store: Store) -> None:
    import_salesforce(store, export)
    expected = independent_pushes(export)
    assert expected[to18(DEAL)] == 4  # the fixture itself: 4 pushes, one pull-in
    with CheckContext(store, as_of=dt.datetime(2024, 12, 1)) as ctx:
        facts = {r["id"]: r for r in deal_facts(ctx).to_pyarrow().to_pylist()}
        ctx.prepare()
        measured = execute(ZombieDeals(min_signs=1).measure(ctx))
        zombies = measured["deals"]
    assert facts[to18(DEAL)]["n_pushes"] == expected[to18(DEAL)]
    assert [(z["id"], z["n_pushes"]) for z in zombies] == [(to18(DEAL), 4)]
    changes = rows_of(store, "field_changes")
    closes = sorted(c["new_value"] for c in changes if c["field"] == "expected_close")
    assert closes == ["2024-04-15", "2024-06-01", "2024-07-01", "2024-07-15", "2024-09-30"]
    (amount,) = [c for c in changes if c["field"] == "amount"]
    assert (amount["old_value"], amount["new_value"]) == ("1500", "2000.5")
    moves = {(s["from_stage"], s["to_stage"]) for s in rows_of(store, "stage_changes")}
    assert moves == {(None, "Interes"), ("Interes", "Negociación"), ("Negociación", "Firmas")}
    rejects = rejects_by(store)
    reasons = {
        f"{r['Field']}:{r['OpportunityId']}:{r['NewValue']}": [
            x["reason"] for x in rejects.get(key, [])
        ]
        for line, r in read_rows(export / "OpportunityFieldHistory.csv")
        for key in [("OpportunityFieldHistory.csv", line)]
    }
    assert reasons[f"CloseDate:{GONE}:2024-06-01"] == ["missing_reference"]
    assert reasons[f"Owner:{DEAL}:{REP}"] == ["field_not_imported"]
    assert reasons[f"Industry:{ACCOUNT}:Media"] == ["not_a_deal"]
    assert reasons[f"created:{DEAL}:"] == []
    covered = [k for k, v in reasons.items() if v == ["note"]]
    assert covered == [f"CloseDate:{DEAL}:2024-04-15"]  # OpportunityHistory also recorded it


def test_row_accounting_adds_up(export: Path, store: Store) -> None:
    result = import_salesforce(store, export)
    files = sorted(p.name for p in export.glob("*.csv"))
    read = {name: len(read_rows(export / name)) for name in files}
    assert result.rows_by_file == read
    assert result.rows_read == sum(read.values()) == result.rows_loaded + result.rows_rejected
    rejected = {
        key
        for key, found in rejects_by(store).items()
        if any(r["reason"] not in WARNINGS for r in found)
    }
    assert len(rejected) == result.rows_rejected == 5
    assert result.rejected_by_reason == {
        "draft": 1,
        "missing_reference": 2,  # a role's contact, a history row's deal
        "field_not_imported": 1,
        "not_a_deal": 1,
    }
    (imported,) = rows_of(store, "imports")
    assert (imported["rows_read"], imported["rows_rejected"]) == (result.rows_read, 5)


def test_reimport_changes_nothing(export: Path, store: Store) -> None:
    first = import_salesforce(store, export)
    tables = ("activities", "contacts", "field_changes", "stage_changes", "rejects")

    def snapshot() -> dict[str, list[str]]:
        return {t: sorted(map(repr, rows_of(store, t))) for t in tables}

    counts, before = store.counts(), snapshot()
    second = import_salesforce(store, export)
    assert store.counts() == counts
    assert snapshot() == before
    assert (second.import_id, second.rows_rejected) == (first.import_id, first.rows_rejected)


def test_field_history_settings_are_not_changes(export: Path, store: Store) -> None:
    """The FieldHistory object in real exports lists tracked fields, not their changes."""
    rows = [
        {"Id": "737A0000001fh01", "TableEnumOrId": "Opportunity", "FieldEnumOrId": "CloseDate"},
        {"Id": "737A0000001fh02", "TableEnumOrId": "Case", "FieldEnumOrId": "Status"},
    ]
    write_object(export, "FieldHistory", header("FieldHistory"), rows)
    result = import_salesforce(store, export)
    assert "FieldHistory.csv" not in result.rows_by_file
    (note,) = [n for n in result.notes if n.startswith("FieldHistory.csv")]
    assert "opportunity fields: CloseDate" in note
