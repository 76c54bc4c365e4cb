"""Guess which canonical table a CSV file holds and which header feeds which column."""

from __future__ import annotations

import re

from pipeline_doctor.model.schema import DATA_TABLES, Table

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "record id",
        "opportunity id",
        "deal id",
        "account id",
        "contact id",
        "lead id",
        "rep id",
        "activity id",
        "opportunity_id",
    ),
    "name": (
        "name",
        "deal name",
        "opportunity name",
        "company name",
        "account name",
        "full name",
        "owner name",
    ),
    "account": ("account", "company", "account id", "account name", "organization"),
    "rep": (
        "rep",
        "owner",
        "deal owner",
        "opportunity owner",
        "sales agent",
        "sales_agent",
        "owner id",
        "assigned to",
    ),
    "stage": ("stage", "deal stage", "stage name", "stagename", "deal_stage", "pipeline stage"),
    "amount": ("amount", "value", "deal value", "close value", "close_value", "revenue"),
    "created_at": (
        "created at",
        "created",
        "create date",
        "created date",
        "createddate",
        "engage date",
        "engage_date",
        "deal created on",
    ),
    "closed_at": (
        "closed at",
        "close date",
        "closedate",
        "close_date",
        "won time",
        "lost time",
        "closed date",
    ),
    "expected_close": ("expected close", "expected close date", "close date expected"),
    "source": ("source", "lead source", "leadsource", "original source"),
    "currency": ("currency", "currencyisocode", "currency iso code"),
    "email": ("email", "e-mail", "email address"),
    "title": ("title", "job title"),
    "industry": ("industry", "sector"),
    "employees": ("employees", "number of employees", "numberofemployees"),
    "annual_revenue": ("annual revenue", "annualrevenue"),
    "country": ("country", "billingcountry", "office location", "office_location"),
    "team": ("team", "regional office", "regional_office"),
    "manager": ("manager",),
    "at": ("at", "date", "activity date", "due date", "createddate"),
    "product": ("product",),
    "lost_reason_text": ("lost reason", "loss reason", "lossreason__c", "lost_reason"),
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def match_columns(table: Table, headers: list[str]) -> dict[str, str]:
    """canonical column -> header, for the headers that look like the table's columns."""
    by_norm = {_norm(h): h for h in headers}
    found: dict[str, str] = {}
    for col in table.column_names:
        for candidate in (col, *SYNONYMS.get(col, ())):
            header = by_norm.get(_norm(candidate))
            if header is not None and header not in found.values():
                found[col] = header
                break
    return found


def guess_table(headers: list[str]) -> tuple[Table, dict[str, str]]:
    """The canonical table whose columns the headers match best (deals on a tie). A file
    whose outcome column is recognised is deals whatever its other headers (see recognise)."""
    best: tuple[int, bool, int, Table, dict[str, str]] | None = None
    for rank, table in enumerate(reversed(DATA_TABLES)):
        found = match_columns(table, headers)
        key = (len(found), table.name == "deals", rank)
        if best is None or key > best[:3]:
            best = (*key, table, found)
    assert best is not None
    return best[3], best[4]
