"""Outbound email bodies from the store, each analysed once: words, reading grade, buyer focus,
feature against outcome talk, a call to action, personalisation and how many near-identical
copies of the same body the store holds (one template sent to everyone)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline_doctor.conversations.moments import encode
from pipeline_doctor.conversations.parallel import map_chunks
from pipeline_doctor.model.schema import EMAIL_ANALYSES
from pipeline_doctor.model.validate import arrow_schema
from pipeline_doctor.text import analyse_email, template_reuse

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

EmailInput = tuple[str, str | None, str | None]
"""(body, the buyer's first name, the buyer's company)."""


def outbound_emails(store: Store) -> Any:
    """Emails the rep sent (a null direction counts as sent unless it is a reply) that have a
    body, with the contact's first name and the account's name for personalisation."""
    a = store.table("activities")
    sent = (a.kind == "email") & a.body.notnull() & (a.body.strip().length() > 0)
    sent &= a.direction.isnull() | (a.direction == "outbound")
    sent &= a.outcome.isnull() | (a.outcome != "replied")
    e = a.filter(sent).select("id", "body", "contact", "account")
    contacts = store.table("contacts").select(contact_id="id", contact_name="name")
    accounts = store.table("accounts").select(account_id="id", account_name="name")
    j = e.left_join(contacts, e.contact == contacts.contact_id)
    j = j.left_join(accounts, j.account == accounts.account_id)
    return j.select("id", "body", "contact_name", "account_name").order_by("id")


def _first_name(name: str | None) -> str | None:
    parts = (name or "").split()
    return parts[0] if parts else None


def analyse_chunk(items: Sequence[EmailInput]) -> list[dict[str, Any]]:
    """Analyse a chunk of emails (module level: worker processes run it)."""
    out = []
    for body, name, company in items:
        r = analyse_email(body, buyer_name=name, company=company)
        out.append(
            {
                "text": r.text,
                "words": r.words,
                "grade": r.grade,
                "buyer_focus": r.buyer_focus,
                "buyer_sentences": len(r.buyer_talk),
                "self_sentences": len(r.self_talk),
                "feature_sentences": len(r.feature_talk),
                "outcome_sentences": len(r.outcome_talk),
                "call_to_action": r.call_to_action.text if r.call_to_action else None,
                "personalised": bool(r.personalisation),
                "moments": encode(
                    [
                        r.call_to_action,
                        *r.self_talk[:1],
                        *r.feature_talk[:1],
                        *r.personalisation[:1],
                    ]
                ),
            }
        )
    return out


def analyse_emails(rows: pa.Table, done: Callable[[int], None] | None = None) -> pa.Table:
    """The `email_analyses` rows of `rows` (id, body, contact_name, account_name)."""
    names = rows.column("contact_name").to_pylist()
    items: list[EmailInput] = [
        (body, _first_name(name), company)
        for body, name, company in zip(
            rows.column("body").to_pylist(),
            names,
            rows.column("account_name").to_pylist(),
            strict=True,
        )
    ]
    results = map_chunks(analyse_chunk, items, done)
    copies: Any = template_reuse([r.pop("text") for r in results]) if results else []
    columns: dict[str, Any] = {"activity": rows.column("id")}
    for name in arrow_schema(EMAIL_ANALYSES).names[1:]:
        if name == "template_copies":
            columns[name] = pa.array(list(copies), pa.int64())
        else:
            columns[name] = [r[name] for r in results]
    return pa.table(columns, schema=arrow_schema(EMAIL_ANALYSES))
