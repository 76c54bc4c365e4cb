"""Salesforce-specific columns derived before mapping: outcome from IsWon/IsClosed (so
localized stage labels work), lost reason categories, full names, record-type links,
what changed in each OpportunityHistory snapshot. Column names starting "__" are ours."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.salesforce.emails import prepare_email
from pipeline_doctor.importers.salesforce.field_history import (
    iso_dates,
    prepare_field_history,
)
from pipeline_doctor.importers.salesforce.ids import clean_ids, is_id_column
from pipeline_doctor.importers.salesforce.mapping import FIELD_HISTORY, LOST_REASON_FIELDS

_CATEGORIES = (
    ("competitor", r"compet"),
    ("price", r"price|budget|cost|expens|funding|precio|presupuesto"),
    ("no_decision", r"decision|respons|ghost|no response|sin respuesta"),
    ("timing", r"timing|time|later|postpon|delay|tiempo"),
    ("functionality", r"feature|function|fit|product|requirement"),
    ("sales_tactic", r"relationship|sales|tactic|trust"),
)
_NULL = pa.scalar(None, pa.string())


def _col(raw: RawFile, name: str) -> pa.Array | None:
    if name not in raw.columns:
        return None
    return raw.table.column(name).combine_chunks()


def _add(raw: RawFile, name: str, values: pa.Array) -> None:
    raw.table = raw.table.append_column(name, values)


def lost_category(text: str) -> str:
    low = text.lower()
    for category, pattern in _CATEGORIES:
        if re.search(pattern, low):
            return category
    return "other"


def prepare_ids(raw: RawFile) -> RawFile:
    for index, name in enumerate(raw.columns):
        if is_id_column(name):
            raw.table = raw.table.set_column(
                index, name, clean_ids(raw.table.column(index).combine_chunks())
            )
    return raw


def _full_name(raw: RawFile) -> None:
    first, last = _col(raw, "FirstName"), _col(raw, "LastName")
    if "Name" in raw.columns:
        _add(raw, "__name", raw.table.column("Name").combine_chunks())
    elif first is not None and last is not None:
        joined = pc.binary_join_element_wise(pc.fill_null(first, ""), pc.fill_null(last, ""), " ")
        joined = pc.utf8_trim_whitespace(joined)
        _add(raw, "__name", pc.if_else(pc.equal(joined, ""), _NULL, joined))
    else:
        _add(raw, "__name", pa.nulls(raw.table.num_rows, pa.string()))


def _flag(raw: RawFile, name: str) -> pa.Array:
    values = _col(raw, name)
    if values is None:
        return pa.nulls(raw.table.num_rows, pa.bool_())
    return pc.is_in(pc.utf8_lower(values), value_set=pa.array(["1", "true"]))


def prepare_opportunity(raw: RawFile) -> RawFile:
    won, closed = _flag(raw, "IsWon"), _flag(raw, "IsClosed")
    stage = _col(raw, "StageName")
    if "IsClosed" not in raw.columns and stage is not None:  # standard labels only
        won = pc.equal(stage, "Closed Won")
        closed = pc.or_(won, pc.equal(stage, "Closed Lost"))
    outcome = pc.if_else(won, "won", pc.if_else(closed, "lost", "open"))
    _add(raw, "__outcome", pc.fill_null(outcome, "open"))
    close = _col(raw, "CloseDate")
    if close is not None:
        _add(raw, "__closed_at", pc.if_else(pc.fill_null(closed, False), close, _NULL))
        _created_not_after_close(raw, close, closed)
    reason = next((c for c in LOST_REASON_FIELDS if c in raw.columns), None)
    text = _col(raw, reason) if reason else None
    if text is not None:
        unique = pc.unique(pc.drop_null(text)).to_pylist()
        cats = pa.array([lost_category(v) for v in unique] + [None], type=pa.string())
        index = pc.fill_null(
            pc.index_in(text, value_set=pa.array(unique, pa.string())), len(unique)
        )
        category = pc.take(cats, index)
        lost = pc.equal(outcome, "lost")
        _add(raw, "__lost_text", pc.if_else(lost, text, _NULL))
        _add(raw, "__lost_category", pc.if_else(lost, category, _NULL))
    return raw  # several currencies: the plan converts them or says they are kept


def _created_not_after_close(raw: RawFile, close: pa.Array, closed: pa.Array) -> None:
    """Deals entered after they closed (CreatedDate after CloseDate): start them at the close
    date, with a warning, rather than store a deal that closed before it existed."""
    created = _col(raw, "CreatedDate")
    if created is None:
        return
    iso = r"^\d{4}-\d{2}-\d{2}"
    comparable = pc.and_(
        pc.match_substring_regex(created, iso), pc.match_substring_regex(close, iso)
    )
    late = pc.fill_null(
        pc.and_(pc.and_(comparable, pc.fill_null(closed, False)), pc.greater(created, close)), False
    )
    _add(raw, "__created_at", pc.if_else(late, close, created))
    rows = pc.indices_nonzero(late).to_pylist()
    values = created.to_pylist()
    for row in rows:
        raw.rejects.append(
            Reject(
                raw.name,
                int(raw.lines[row]),
                "CreatedDate",
                values[row],
                "adjusted_value",
                "created after its CloseDate (entered after the fact); created_at set to the "
                "close date",
            )
        )


def prepare_history(raw: RawFile) -> RawFile:
    """Which snapshot changed the stage, the amount or the close date. Close dates become
    plain dates ('2025-05-01 00:00:00' -> '2025-05-01'), as in the opportunity field history,
    so a push (new > old) compares like with like whichever file recorded it."""
    for name in ("CloseDate", "PrevCloseDate"):
        text = _col(raw, name)
        if text is not None:
            index = raw.columns.index(name)
            raw.table = raw.table.set_column(index, name, pc.coalesce(iso_dates(text)[0], text))
    for now, before, out in (
        ("StageName", "FromOpportunityStageName", "__stage_changed"),
        ("Amount", "PrevAmount", "__amount_changed"),
        ("CloseDate", "PrevCloseDate", "__close_changed"),
    ):
        current, previous = _col(raw, now), _col(raw, before)
        if current is None or previous is None:
            continue
        changed = pc.fill_null(pc.not_equal(current, previous), True)
        if out != "__stage_changed":
            changed = pc.and_(changed, pc.is_valid(previous))
        _add(raw, out, pc.if_else(changed, current, _NULL))
    return raw


def prepare_activity(raw: RawFile) -> RawFile:
    """WhatId/WhoId point at several objects; the id prefix says which."""
    what, who = _col(raw, "WhatId"), _col(raw, "WhoId")
    for source, prefix, out in (
        (what, "006", "__deal"),
        (what, "001", "__account"),
        (who, "003", "__contact"),
    ):
        if source is None:
            _add(raw, out, pa.nulls(raw.table.num_rows, pa.string()))
        else:
            _add(raw, out, pc.if_else(pc.starts_with(source, prefix), source, _NULL))
    return raw


PREPARE = {
    "opportunity": prepare_opportunity,
    "opportunityhistory": prepare_history,
    "task": prepare_activity,
    "event": prepare_activity,
    "emailmessage": prepare_email,
    **dict.fromkeys(FIELD_HISTORY, prepare_field_history),
}


def prepare(object_name: str, raw: RawFile) -> RawFile:
    raw = prepare_ids(raw)
    if object_name in ("user", "contact", "lead", "account"):
        _full_name(raw)
    step = PREPARE.get(object_name)
    return step(raw) if step else raw
