"""Who brings referral business: the reps (and, where the referrals table names the referrer,
the customers) whose referrals bring the most won deals — the examples to copy."""

from __future__ import annotations

from typing import Any

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Breakdown
from pipeline_doctor.checks.sourcing import REFERRER_COLUMNS
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.wording import plural


def _referral_outcomes(ctx: CheckContext) -> Any:
    """One row per referral in scope whose lead became a deal in scope: the rep who asked, the
    referrer's account and the deal's outcome and amount. (Inner joins on leads that have a
    deal: referrals that produced no deal add nothing to deals or wins.)"""
    r = ctx.referrals()
    leads = ctx.table("leads")
    leads = leads.filter(leads.deal.notnull()).select(lead_id="id", lead_deal="deal")
    d = deal_facts(ctx, "id", "outcome", "amount").rename(deal_id="id")
    contacts = ctx.table("contacts").select(contact_id="id", account="account")
    accounts = ctx.table("accounts").select(account_id="id", account_name="name")
    j = r.join(leads, r.referred_lead == leads.lead_id)
    j = j.join(d, j.lead_deal == d.deal_id)
    j = j.left_join(contacts, j.referrer == contacts.contact_id)
    j = j.left_join(accounts, j.account == accounts.account_id)
    return j.select("rep", "account", "account_name", "deal_id", "outcome", "amount")


def _top(t: Any, key: Any, name: Any, limit: int) -> Any:
    """The referrers with the most won referral deals (ties: won amount, deals, name)."""
    won = t.outcome == "won"
    agg = t.group_by(key=key.cast("string"), name=name.fill_null(key).cast("string")).aggregate(
        deals=t.count(where=t.deal_id.notnull()),
        won=t.count(where=won),
        won_amount=t.amount.sum(where=won).fill_null(0.0),
    )
    agg = agg.filter(agg.won > 0)
    return agg.order_by([agg.won.desc(), agg.won_amount.desc(), agg.deals.desc(), agg.key]).limit(
        limit
    )


def referrer_tables(ctx: CheckContext, limit: int) -> dict[str, Any]:
    """`referring_reps` (from the referrals table, else from referral-sourced deals) and, with
    a referrals table, `referring_customers`."""
    if ctx.has("referrals"):
        r = _referral_outcomes(ctx)
        return {
            "referring_reps": _top(r.filter(r.rep.notnull()), r.rep, r.rep, limit),
            "referring_customers": _top(
                r.filter(r.account.notnull()), r.account, r.account_name, limit
            ),
        }
    d = deal_facts(ctx, "id", "rep", "source", "outcome", "amount")
    ref = d.filter(d.source == "referral").select("rep", "outcome", "amount", deal_id="id")
    return {"referring_reps": _top(ref, ref.rep, ref.rep, limit)}


def _rows(rows: list[dict[str, Any]], name: Any = None) -> list[dict[str, Any]]:
    return [
        {
            "name": name(str(r["name"])) if name else str(r["name"]),
            "deals": int(r["deals"]),
            "won": int(r["won"]),
            "won_amount": float(r["won_amount"]),
        }
        for r in rows
    ]


def referrer_breakdowns(
    rows: dict[str, list[dict[str, Any]]], rep_name: Any
) -> tuple[Breakdown, Breakdown | None]:
    reps = Breakdown(
        name="best_referring_reps",
        title="Reps whose referrals bring the most won deals",
        columns=REFERRER_COLUMNS,
        rows=_rows(rows.get("referring_reps", []), rep_name),
    )
    if "referring_customers" not in rows:
        return reps, None
    customers = Breakdown(
        name="best_referring_customers",
        title="Customers whose referrals bring the most won deals",
        columns=REFERRER_COLUMNS,
        rows=_rows(rows["referring_customers"]),
    )
    return reps, customers


def example_text(reps: Breakdown, customers: Breakdown | None, exclude: str = "") -> str:
    """The best referrers in words: the examples to copy ("" when there are none); the best
    rep is left out when that is `exclude` (the rep a finding is about)."""
    parts = []
    for r in reps.rows[:1]:
        if r["name"] == exclude:
            continue
        parts.append(
            f"{r['name']}'s referrals brought the most won business "
            f"({plural(int(r['deals'] or 0), 'deal')}, {r['won']:,} won)"
        )
    if customers is not None and customers.rows:
        c = customers.rows[0]
        parts.append(
            f"customer {c['name']} referred the most ({plural(int(c['deals'] or 0), 'deal')}, "
            f"{c['won']:,} won)"
        )
    if not parts:
        return ""
    example = "the example to copy" if len(parts) == 1 else "the examples to copy"
    return f"; {' and '.join(parts)}: {example}"
