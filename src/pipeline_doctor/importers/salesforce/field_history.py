"""OpportunityFieldHistory (one row per tracked field change: OpportunityId or ParentId, Field,
OldValue, NewValue, CreatedDate) into close-date pushes, amount changes and stage moves.

The same edit is often also an OpportunityHistory snapshot; such rows are recorded once, from
OpportunityHistory, and the history row gets a warning saying so. Changes to fields the model
does not keep (Owner, Probability, custom fields) and other objects' history are rejects."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import dates, values
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.salesforce.rows import NULL, add, col, drop, mask, report

FIELDS = {"closedate": "expected_close", "amount": "amount"}
STAGE = "stagename"
ON_THE_DEAL = frozenset({"created", "opportunitycreatedfromlead", "opportunityconvertedfromlead"})
"""History rows that only say the deal was created: the deal row itself records that."""
SAME_EDIT_SECONDS = 60
"""A history row and an OpportunityHistory snapshot this close, same deal and same new value,
are the same edit."""
DEAL_PREFIX = "006"


def is_change_history(columns: list[str]) -> bool:
    """True for change records (Field, NewValue); False for the FieldHistory object that
    lists which fields have tracking turned on (TableEnumOrId, FieldEnumOrId)."""
    return "Field" in columns and "NewValue" in columns


def iso_dates(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """'2025-05-01 00:00:00' and '2025-05-01' both as '2025-05-01' (close dates are compared as
    text: pushes are new > old), and which non-empty cells are not dates."""
    parsed = dates.parse_date(text, None)
    return pc.cast(parsed.values, pa.string()), mask(parsed.bad)


def amounts(text: pa.Array) -> pa.Array:
    """Amounts as canonical number text, so '15000' and '15000.0' are the same value."""
    parsed = values.parse_float(text)
    return pc.if_else(pc.is_valid(parsed.values), pc.cast(parsed.values, pa.string()), text)


def prepare_field_history(raw: RawFile) -> RawFile:
    """Adds __deal, __field (for field_changes), __stage (for stage_changes), __old, __new."""
    deal_column = "OpportunityId" if "OpportunityId" in raw.columns else "ParentId"
    deal = col(raw, deal_column)
    field = col(raw, "Field")
    if deal is None or field is None:
        raise PipelineDoctorError(
            f"{raw.name} has no OpportunityId (or ParentId) and Field columns; its columns "
            f"are: {', '.join(raw.columns[:40])}.",
            "Export OpportunityFieldHistory with its standard fields.",
        )
    name = pc.utf8_lower(pc.utf8_trim_whitespace(field))
    no_deal = mask(pc.is_null(deal))
    other = mask(pc.invert(pc.starts_with(deal, DEAL_PREFIX))) & ~no_deal
    report(raw, no_deal, deal_column, "missing_value", lambda _: "no opportunity id")
    report(
        raw,
        other,
        deal_column,
        "not_a_deal",
        lambda _: (
            "history of a record that is not an opportunity (their ids start with 006); "
            "only opportunity history has a canonical table"
        ),
    )
    is_field = mask(pc.is_in(name, pa.array(list(FIELDS))))
    is_stage = mask(pc.equal(name, STAGE))
    kept = is_field | is_stage | mask(pc.is_in(name, pa.array(sorted(ON_THE_DEAL))))
    untracked = ~kept & ~no_deal & ~other
    report(
        raw,
        untracked,
        "Field",
        "field_not_imported",
        lambda _: (
            "the model keeps close date, amount and stage history only; "
            "changes to this field are not loaded"
        ),
    )
    old, new = col(raw, "OldValue"), col(raw, "NewValue")
    n = raw.table.num_rows
    old = old if old is not None else pa.nulls(n, pa.string())
    new = new if new is not None else pa.nulls(n, pa.string())
    close = mask(pc.equal(name, "closedate"))
    bad = np.zeros(n, dtype=bool)
    for column, text in (("OldValue", old), ("NewValue", new)):
        normal, not_date = iso_dates(text)
        not_date &= close & ~bad & ~no_deal & ~other
        report(raw, not_date, column, "bad_date", lambda _: "a close date such as 2025-03-31")
        bad |= not_date
        normalised = pc.if_else(pa.array(close), normal, text)
        is_amount = pa.array(mask(pc.equal(name, "amount")))
        normalised = pc.if_else(is_amount, amounts(text), normalised)
        if column == "OldValue":
            old = normalised
        else:
            new = normalised
    canonical = pc.take(
        pa.array([*FIELDS.values(), None], pa.string()),
        pc.fill_null(pc.index_in(name, pa.array(list(FIELDS))), len(FIELDS)),
    )
    add(raw, "__deal", deal)
    add(raw, "__field", canonical)
    add(raw, "__stage", pc.if_else(pa.array(is_stage), new, NULL))
    add(raw, "__old", old)
    add(raw, "__new", new)
    drop(raw, no_deal | other | untracked | bad)
    return raw


def _changes(
    raw: RawFile, deal: pa.Array, field: pa.Array, new: pa.Array, when: str
) -> pa.Table | None:
    """(deal, field, new, t, row) for the rows where `field` is set."""
    stamp = col(raw, when)
    if stamp is None:
        return None
    table = pa.table(
        {
            "deal": deal,
            "field": field,
            "new": new,
            "t": pc.cast(dates.parse_timestamp(stamp, None).values, pa.int64()),
            "row": pa.array(np.arange(raw.table.num_rows)),
        }
    )
    return table.filter(pc.is_valid(table.column("field")))


def _snapshot_changes(history: RawFile) -> pa.Table | None:
    """The stage, close-date and amount changes OpportunityHistory records."""
    deal = col(history, "OpportunityId")
    if deal is None:
        return None
    parts = []
    for flag, label, normalise in (
        ("__stage_changed", "__stage", None),
        ("__close_changed", "expected_close", "date"),
        ("__amount_changed", "amount", "amount"),
    ):
        changed = col(history, flag)
        if changed is None:
            continue
        new = changed
        if normalise == "date":
            new = iso_dates(changed)[0]
        elif normalise == "amount":
            new = amounts(changed)
        field = pc.if_else(pc.is_valid(changed), pa.scalar(label), NULL)
        part = _changes(history, deal, field, new, "CreatedDate")
        if part is not None:
            parts.append(part)
    return pa.concat_tables(parts) if parts else None


def drop_covered(raw: RawFile, history: RawFile) -> None:
    """Take out field-history rows that OpportunityHistory already records (same deal, same
    field, same new value, within a minute), with a warning naming the snapshot's line."""
    snapshots = _snapshot_changes(history)
    if snapshots is None or snapshots.num_rows == 0 or raw.table.num_rows == 0:
        return
    field = pc.coalesce(
        col(raw, "__field"),
        pc.if_else(pc.is_valid(col(raw, "__stage")), pa.scalar("__stage"), NULL),
    )
    mine = _changes(raw, col(raw, "__deal"), field, col(raw, "__new"), "CreatedDate")
    if mine is None:
        return
    joined = mine.join(snapshots, ["deal", "field", "new"], right_suffix="_s", join_type="inner")
    gap = pc.abs(pc.subtract(joined.column("t"), joined.column("t_s")))  # microseconds
    close = pc.less_equal(gap, SAME_EDIT_SECONDS * 1_000_000)
    same = joined.filter(pc.fill_null(close, False))
    if same.num_rows == 0:
        return
    first = same.group_by("row").aggregate([("row_s", "min")])
    rows = first.column("row").to_numpy()
    lines = history.lines[first.column("row_s_min").to_numpy()]
    covered = np.zeros(raw.table.num_rows, dtype=bool)
    covered[rows] = True
    line_of = dict(zip(rows.tolist(), lines.tolist(), strict=True))
    report(
        raw,
        covered,
        "Field",
        "note",
        lambda row: f"the same change as {history.name} line {line_of[row]}; recorded once",
    )
    drop(raw, covered)
