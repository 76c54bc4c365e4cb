"""The attributes of a deal that won-against-lost comparisons group by: canonical deal fields,
the rep and team, the account's demographics and psychographics, every extra attribute kept
from the source's own columns, and numeric measures cut into quartiles.

Only what some import provided is offered (an absent column is never compared), and never a
field known only after the outcome (the stage a closed deal reached, its close date)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import ibis

from pipeline_doctor.facts.context import FactContext
from pipeline_doctor.facts.deals import extra_column
from pipeline_doctor.model.labels import field_label

Unit = Literal["amount", "days", "count"]
EMPLOYEE_BANDS = ((50, "<50"), (250, "50-249"), (1000, "250-999"), (5000, "1000-4999"))
REVENUE_BANDS = ((1e6, "<1M"), (1e7, "1M-10M"), (1e8, "10M-100M"), (1e9, "100M-1B"))
ACCOUNT_CATEGORIES = ("industry", "reach", "region", "country", "price_sensitivity",
                      "innovation_appetite")  # fmt: skip
ACCOUNT_ATTRIBUTES = (
    *(f"accounts.{c}" for c in ACCOUNT_CATEGORIES),
    "accounts.employees",
    "accounts.annual_revenue",
)


@dataclass(frozen=True)
class Attribute:
    """One way of grouping deals: a stable name, a plain label, an Ibis expression over the
    deal facts (which carry the team and the account's attributes), and a unit when it is a
    number to cut into quartiles."""

    name: str
    label: str
    expr: Any
    unit: Unit | None = None


def _band(column: Any, bands: tuple[tuple[float, str], ...], top: str) -> Any:
    cases = [(column < limit, label) for limit, label in bands]
    return ibis.cases(*cases, else_=top).cast("string")


def deal_attributes(ctx: FactContext, t: Any) -> list[Attribute]:
    """Categorical attributes of the deal itself, its rep and team, and its extra columns."""
    out: list[Attribute] = []
    # not competitor, lost reason, close date or stage reached: known only once a deal is lost
    # or won, they would "predict" the outcome they record
    for column in ("product", "pipeline"):
        if ctx.has(f"deals.{column}"):
            out.append(Attribute(f"deals.{column}", field_label(f"deals.{column}"), t[column]))
    if ctx.has("deals.source_detail") and not ctx.has("deals.source"):
        # the CRM's own label is the only source information left: compare it
        out.append(Attribute("deals.source_detail", "lead source", t.source_detail))
    out.append(Attribute("deals.rep", field_label("deals.rep"), t.rep))
    if ctx.has("reps.team"):
        out.append(Attribute("reps.team", field_label("reps.team"), t.team))
    for i, key in enumerate(ctx.profile.extra_keys.get("deals", ())):
        name = f"deals.extra.{key}"
        out.append(Attribute(name, field_label(name), t[extra_column("deals", i)]))
    return out


def account_attributes(ctx: FactContext, t: Any) -> list[Attribute]:
    """The account's demographics and psychographics (sizes in bands) and extra columns."""
    out: list[Attribute] = []
    for column in ACCOUNT_CATEGORIES:
        if ctx.has(f"accounts.{column}"):
            name = f"accounts.{column}"
            out.append(Attribute(name, field_label(name), t[f"acc_{column}"]))
    if ctx.has("accounts.employees"):
        expr = _band(t.acc_employees, EMPLOYEE_BANDS, "5000+")
        out.append(Attribute("accounts.employees", field_label("accounts.employees"), expr))
    if ctx.has("accounts.annual_revenue"):
        expr = _band(t.acc_annual_revenue, REVENUE_BANDS, "1B+")
        name = "accounts.annual_revenue"
        out.append(Attribute(name, field_label(name), expr))
    for i, key in enumerate(ctx.profile.extra_keys.get("accounts", ())):
        name = f"accounts.extra.{key}"
        out.append(Attribute(name, field_label(name), t[extra_column("accounts", i)]))
    return out


def numeric_attributes(ctx: FactContext, t: Any) -> list[Attribute]:
    """Numbers cut into quartiles: amount, days open, touches, close-date pushes."""
    numbers: list[tuple[str, Any, Unit]] = []
    if ctx.has("deals.amount"):
        numbers.append(("deals.amount", t.amount, "amount"))
    if ctx.has("deals.created_at"):
        # closed deals only: an open deal's age so far is not how long it took to close
        closed_age = (t.outcome != "open").ifelse(t.age_days, ibis.null("float64"))
        numbers.append(("deals.age_days", closed_age, "days"))
    if ctx.has("activities"):
        numbers.append(("deals.n_touches", t.n_touches, "count"))
    if ctx.has("field_changes"):
        numbers.append(("deals.n_pushes", t.n_pushes, "count"))
    return [Attribute(name, field_label(name), expr, unit) for name, expr, unit in numbers]


def extra_numbers(ctx: FactContext, t: Any) -> list[Attribute]:
    """Every extra column read as a number (null where it is not one), to cut into quartiles
    when the column turns out to be numeric with many values."""
    out: list[Attribute] = []
    for table in ("deals", "accounts"):
        for i, key in enumerate(ctx.profile.extra_keys.get(table, ())):
            expr = t[extra_column(table, i)].try_cast("float64")
            name = f"{table}.extra.{key}"
            out.append(Attribute(name, field_label(name), expr, "count"))
    return out
