"""Everything the store holds about one deal, read once as plain rows: the deal, its stage
history, its field changes, its activities and the names of the people on them. The story is
built from these rows by pure functions; nothing else queries for one deal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline_doctor.facts.context import FactContext
from pipeline_doctor.facts.profile import rows

ACTIVITY_COLUMNS = (
    "id", "at", "kind", "direction", "outcome", "contact", "subject", "agenda", "next_step",
    "next_step_due",
)  # fmt: skip


@dataclass(frozen=True)
class DealRecord:
    """One deal's rows. Tables the store lacks give empty lists and are named in `absent`."""

    deal: dict[str, Any]
    stage_changes: list[dict[str, Any]]
    field_changes: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    contacts: dict[str, str]
    """contact id -> name (or title when unnamed)."""
    rep_name: str | None
    absent: tuple[str, ...]
    account_name: str | None = None
    lost_reason_field: bool = True
    """Whether the export has a lost-reason field (category or text) at all."""


def read_record(ctx: FactContext, deal_id: str) -> DealRecord:
    """The rows of `deal_id` (which exists)."""
    deals = ctx.table("deals")
    deal = rows(deals.filter(deals.id == deal_id))[0]
    absent: list[str] = []
    changes = _rows_of(ctx, "stage_changes", deal_id, "at", absent, "stage history")
    fields = _rows_of(ctx, "field_changes", deal_id, "at", absent, "field history")
    acts: list[dict[str, Any]] = []
    if ctx.has("activities"):
        a = ctx.table("activities")
        cols = [c for c in ACTIVITY_COLUMNS if c in a.columns]
        acts = rows(a.filter(a.deal == deal_id).select(*cols).order_by("at", "id"))
    else:
        absent.append("activities (meetings, calls, emails)")
    contacts: dict[str, str] = {}
    ids = sorted({str(r["contact"]) for r in acts if r.get("contact")})
    if ids and ctx.has("contacts"):
        c = ctx.table("contacts")
        for r in rows(c.filter(c.id.isin(ids)).select("id", "name", "title")):
            contacts[str(r["id"])] = str(r["name"] or r["title"] or r["id"])
    rep = deal.get("rep")
    account_name = None
    if deal.get("account") and ctx.has("accounts"):
        accounts = ctx.table("accounts")
        found = rows(accounts.filter(accounts.id == deal["account"]).select("name").limit(1))
        account_name = found[0]["name"] if found else None
    return DealRecord(
        deal=deal,
        stage_changes=changes,
        field_changes=fields,
        activities=acts,
        contacts=contacts,
        rep_name=ctx.profile.rep_names.get(str(rep)) if rep else None,
        absent=tuple(absent),
        account_name=account_name,
        lost_reason_field=ctx.has("deals.lost_reason_category")
        or ctx.has("deals.lost_reason_text"),
    )


def _rows_of(
    ctx: FactContext, table: str, deal_id: str, order: str, absent: list[str], words: str
) -> list[dict[str, Any]]:
    if not ctx.has(table):
        absent.append(words)
        return []
    t = ctx.table(table)
    return rows(t.filter(t.deal == deal_id).order_by(order))
