"""EmailMessage: one activity of kind email per sent or received message.

Direction from Incoming; the deal from RelatedToId (or ParentId) when it is an opportunity,
else from the Task the email was logged as (ActivityId), which also gives the rep and contact.
That Task is the same email, so it is not loaded a second time; the activity keeps the Task's
id, so exports with and without EmailMessage.csv name the email alike. Outcome: a bounce, or
"replied" for an incoming message that answers one of ours, "sent" for other outgoing ones.
Drafts were never sent: they are rejects, not activities."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.importers.core import dates
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.salesforce.rows import (
    NULL,
    add,
    col,
    col_or_nulls,
    drop,
    flag,
    mask,
    report,
)

DRAFT_STATUS = ("5", "draft", "borrador")
"""EmailMessage.Status 5 is Draft (0 New, 1 Read, 2 Replied, 3 Sent, 4 Forwarded)."""
REPLY_SUBJECT = r"^\s*(re|rv|aw|sv|vs|antw|rif|rta|resp)\s*:"
"""Subjects of replies in the mail clients' languages (Re:, RV:, AW:, ...)."""


def _prefixed(values: pa.Array, prefix: str) -> pa.Array:
    return pc.if_else(pc.fill_null(pc.starts_with(values, prefix), False), values, NULL)


def _drop_drafts(raw: RawFile) -> None:
    status = pc.utf8_lower(pc.utf8_trim_whitespace(col_or_nulls(raw, "Status")))
    draft = mask(pc.is_in(status, pa.array(DRAFT_STATUS))) | flag(raw, "IsPrivateDraft")
    column = "Status" if "Status" in raw.columns else "IsPrivateDraft"
    report(raw, draft, column, "draft", lambda _: "a draft that was never sent is no activity")
    drop(raw, draft)


def _answers_ours(raw: RawFile, incoming: np.ndarray, outgoing: np.ndarray) -> np.ndarray:
    """Incoming messages that answer one of ours: they reply to a message, their subject
    says so, or their thread holds an earlier outgoing message."""
    answer = mask(pc.is_valid(col_or_nulls(raw, "ReplyToEmailMessageId")))
    subject = col(raw, "Subject")
    if subject is not None:
        answer |= mask(pc.match_substring_regex(subject, REPLY_SUBJECT, ignore_case=True))
    thread = col(raw, "ThreadIdentifier")
    stamp = col(raw, "MessageDate")
    if thread is not None and stamp is not None:
        t = pc.cast(dates.parse_timestamp(stamp, None).values, pa.int64())
        rows = pa.table({"thread": thread, "t": t, "row": pa.array(np.arange(len(t)))})
        ours = rows.filter(pa.array(outgoing)).group_by("thread").aggregate([("t", "min")])
        theirs = rows.filter(pa.array(incoming)).join(ours, "thread", join_type="inner")
        later = pc.fill_null(pc.greater(theirs.column("t"), theirs.column("t_min")), False)
        answer[theirs.filter(later).column("row").to_numpy()] = True
    answered: np.ndarray = answer & incoming
    return answered


def prepare_email(raw: RawFile) -> RawFile:
    """Adds __id, __deal, __account, __contact, __rep and __outcome; takes drafts out."""
    _drop_drafts(raw)
    n = raw.table.num_rows
    related, parent = col_or_nulls(raw, "RelatedToId"), col_or_nulls(raw, "ParentId")
    direction = pc.utf8_lower(pc.utf8_trim_whitespace(col_or_nulls(raw, "Incoming")))
    incoming = mask(pc.is_in(direction, pa.array(["1", "true"])))
    outgoing = mask(pc.is_in(direction, pa.array(["0", "false"])))
    bounced = flag(raw, "IsBounced") & ~incoming
    answer = _answers_ours(raw, incoming, outgoing)
    outcome = np.full(n, None, dtype=object)
    outcome[outgoing] = "sent"
    outcome[answer] = "replied"
    outcome[bounced] = "bounced"
    add(raw, "__id", pc.coalesce(col_or_nulls(raw, "ActivityId"), col_or_nulls(raw, "Id")))
    add(raw, "__deal", pc.coalesce(_prefixed(related, "006"), _prefixed(parent, "006")))
    add(raw, "__account", _prefixed(related, "001"))
    add(raw, "__contact", pa.nulls(n, pa.string()))
    add(raw, "__rep", col_or_nulls(raw, "CreatedById"))
    add(raw, "__outcome", pa.array(outcome, pa.string()))
    return raw


def _lookup(index: pa.Array, values: pa.Array | None) -> pa.Array:
    """values at `index` (from pc.index_in): null where nothing matched."""
    if values is None:
        return pa.nulls(len(index), pa.string())
    return pc.take(values, index)


def link_tasks(email: RawFile, task: RawFile) -> None:
    """Fill the deal, account, contact and rep from the Task each email was logged as, and take
    that Task out (with a warning naming the email): the email is loaded once."""
    task_ids = col(task, "Id")
    activity = col(email, "ActivityId")
    if task_ids is None or activity is None or email.table.num_rows == 0:
        return
    index = pc.index_in(activity, value_set=task_ids)
    for out, source in (
        ("__deal", "__deal"),
        ("__account", "__account"),
        ("__contact", "__contact"),
        ("__rep", "OwnerId"),
    ):
        found = _lookup(index, col(task, source))
        if out == "__account":
            found = pc.coalesce(found, _lookup(index, col(task, "AccountId")))
        first, second = (found, col(email, out)) if out == "__rep" else (col(email, out), found)
        add(email, out, pc.coalesce(first, second))
    logged = pc.is_in(task_ids, value_set=activity)
    covered = mask(logged)
    where = pc.index_in(task_ids, value_set=activity).to_pylist()
    report(
        task,
        covered,
        "Id",
        "note",
        lambda row: (
            f"the same email as {email.name} line {int(email.lines[where[row]])}; "
            "loaded once, from the email"
        ),
    )
    drop(task, covered)


def link_contacts(email: RawFile, contact: RawFile) -> None:
    """Emails with no contact yet: the contact whose address sent an incoming message, or the
    first recipient of an outgoing one (addresses compared case-insensitively)."""
    ids, addresses = col(contact, "Id"), col(contact, "Email")
    if ids is None or addresses is None or email.table.num_rows == 0:
        return
    known = pa.table({"email": pc.utf8_lower(pc.utf8_trim_whitespace(addresses)), "id": ids})
    known = known.filter(pc.is_valid(known.column("email")))
    counts = known.group_by("email").aggregate([("id", "count")])
    unique = counts.filter(pc.equal(counts.column("id_count"), 1)).column("email")
    known = known.filter(pc.is_in(known.column("email"), value_set=unique))
    incoming = pc.is_in(
        pc.utf8_lower(pc.utf8_trim_whitespace(col_or_nulls(email, "Incoming"))),
        pa.array(["1", "true"]),
    )
    first_to = pc.struct_field(
        pc.extract_regex(col_or_nulls(email, "ToAddress"), r"^\s*(?P<a>[^;,\s]+)"), "a"
    )
    address = pc.if_else(incoming, col_or_nulls(email, "FromAddress"), first_to)
    index = pc.index_in(pc.utf8_lower(pc.utf8_trim_whitespace(address)), known.column("email"))
    matched = pc.take(known.column("id").combine_chunks(), index)
    add(email, "__contact", pc.coalesce(col(email, "__contact"), matched))
