"""Plain names for the canonical tables, columns and vocabularies: what a manager reads where
the model says `lost_reason_category` or `outbound_cold`. One place, so every message and view
names a field the same way."""

from __future__ import annotations

TABLE_CONTENTS: dict[str, str] = {
    "deals": "deals (opportunities)",
    "activities": "calls, emails or meetings",
    "stage_changes": "stage history",
    "field_changes": "field history (close-date changes, reopenings)",
    "accounts": "accounts (companies)",
    "contacts": "contacts",
    "leads": "leads",
    "stages": "pipeline stages",
    "reps": "reps",
    "referrals": "referral records",
    "quotas": "quotas",
    "transcript_segments": "call transcripts",
}
"""What each table holds, in the words of "your data has no …"."""

FIELD_LABELS: dict[str, str] = {
    "deals.source": "lead source",
    "deals.source_detail": "lead source label",
    "deals.created_at": "created date",
    "deals.closed_at": "close date",
    "deals.expected_close": "expected close date",
    "deals.amount": "amount",
    "deals.stage": "stage",
    "deals.product": "product",
    "deals.pipeline": "pipeline",
    "deals.competitor": "competitor",
    "deals.lost_reason_category": "lost reason",
    "deals.lost_reason_text": "lost-reason text",
    "deals.budget": "budget",
    "deals.authority": "authority",
    "deals.need": "need",
    "deals.timing": "timing",
    "deals.account": "account",
    "activities.next_step": "next step",
    "activities.next_step_due": "next-step date",
    "activities.agenda": "meeting agenda",
    "activities.contact": "contact",
    "activities.outcome": "call and email outcome",
    "activities.direction": "direction (inbound or outbound)",
    "accounts.industry": "industry",
    "accounts.employees": "employees",
    "accounts.annual_revenue": "annual revenue",
    "accounts.region": "region",
    "accounts.country": "country",
    "accounts.reach": "reach (regional or national)",
    "accounts.price_sensitivity": "price sensitivity",
    "accounts.innovation_appetite": "innovation appetite",
    "contacts.buying_role": "buying role",
    "reps.team": "team",
}
"""table.column -> its plain name."""

SOURCE_LABELS: dict[str, str] = {
    "referral": "Referral",
    "partner": "Partner",
    "inbound": "Inbound",
    "event": "Event",
    "outbound_cold": "Cold outbound",
    "purchased_list": "Purchased list",
    "existing_customer": "Existing customer",
    "other": "Other",
}
"""Plain names of the canonical sources (model.schema.SOURCES)."""


def field_label(need: str) -> str:
    """The plain name of `table.column` (the column's own name, spaced, when not listed)."""
    if need in FIELD_LABELS:
        return FIELD_LABELS[need]
    column = need.partition(".")[2] or need
    return column.removeprefix("extra.").replace("_", " ")


def need_label(need: str) -> str:
    """A table's contents or a column's plain name."""
    table, _, column = need.partition(".")
    return field_label(need) if column else TABLE_CONTENTS.get(table, table)


def absent_phrase(*needs: str) -> str:
    """ "your data has no …" for a table, "your export has no … field" for a column; with
    several, that none of them is there."""
    labels = [need_label(n) for n in needs]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    if all("." in n for n in needs):
        return f"your export has no {listed} field"
    return f"your data has no {listed}"
