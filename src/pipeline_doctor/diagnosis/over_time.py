"""The few queries behind figures over time: deals created and closed per month, won deals'
days to close, and the pipeline open on a past day. Small results only reach Python."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ibis

from pipeline_doctor.facts import deal_facts, rows
from pipeline_doctor.facts.deals import days_between

if TYPE_CHECKING:
    from pipeline_doctor.checks.context import CheckContext

Month = tuple[int, int]


@dataclass(frozen=True)
class Monthly:
    """Per calendar month (year, month): deals created (and their amount), won and lost."""

    created: dict[Month, int] = field(default_factory=dict)
    created_amount: dict[Month, float] = field(default_factory=dict)
    won: dict[Month, int] = field(default_factory=dict)
    lost: dict[Month, int] = field(default_factory=dict)
    first: dt.date | None = None
    """The earliest created or close date."""


def monthly(ctx: CheckContext) -> Monthly:
    """Deals created per month (by created date) and won or lost per month (by close date);
    empty where the export has no such dates."""
    d = deal_facts(ctx, "created_at", "closed_at", "outcome", "amount")
    now = ctx.now()
    created: dict[Month, int] = {}
    amounts: dict[Month, float] = {}
    won: dict[Month, int] = defaultdict(int)
    lost: dict[Month, int] = defaultdict(int)
    firsts: list[dt.date] = []
    if ctx.has("deals.created_at"):
        c = d.filter(d.created_at.notnull() & (d.created_at <= now))
        per = c.group_by(y=c.created_at.year(), m=c.created_at.month()).aggregate(
            n=c.count(), amount=c.amount.sum()
        )
        for r in rows(per):
            created[(r["y"], r["m"])] = r["n"]
            if r["amount"] is not None:
                amounts[(r["y"], r["m"])] = r["amount"]
        if created:
            y, m = min(created)
            firsts.append(dt.date(y, m, 1))
    if ctx.has("deals.closed_at"):
        c = d.filter(d.closed_at.notnull() & (d.closed_at <= now) & (d.outcome != "open"))
        per = c.group_by(y=c.closed_at.year(), m=c.closed_at.month(), outcome=c.outcome).aggregate(
            n=c.count()
        )
        for r in rows(per):
            (won if r["outcome"] == "won" else lost)[(r["y"], r["m"])] += r["n"]
        if won or lost:
            y, m = min([*won, *lost])
            firsts.append(dt.date(y, m, 1))
    return Monthly(created, amounts, dict(won), dict(lost), min(firsts) if firsts else None)


def won_days(ctx: CheckContext) -> list[tuple[dt.date, float]]:
    """Each won deal's close day and days from creation to close (deals with both dates)."""
    if not (ctx.has("deals.created_at") and ctx.has("deals.closed_at")):
        return []
    d = deal_facts(ctx, "created_at", "closed_at", "outcome")
    w = d.filter((d.outcome == "won") & d.created_at.notnull() & d.closed_at.notnull())
    w = w.filter(w.closed_at >= w.created_at)
    w = w.select(day=w.closed_at.date(), days=days_between(w.closed_at, w.created_at))
    return [(r["day"], r["days"]) for r in rows(w)]


def open_on(ctx: CheckContext, day: dt.date) -> tuple[int, float | None] | None:
    """The deals open at the start of `day` (created before it, closed on or after it or still
    open) and their amount; None when the export lacks created or close dates."""
    if not (ctx.has("deals.created_at") and ctx.has("deals.closed_at")):
        return None
    d = deal_facts(ctx, "created_at", "closed_at", "outcome", "amount")
    start = ibis.literal(dt.datetime.combine(day, dt.time()))
    still = (d.outcome == "open") | (d.closed_at >= start)
    o = d.filter((d.created_at < start) & still)
    row = rows(o.aggregate(n=o.count(), amount=o.amount.sum()))[0]
    return int(row["n"]), row["amount"]


def past_due(ctx: CheckContext, grace_days: float) -> tuple[int, float | None] | None:
    """Open deals whose expected close date is more than `grace_days` past (the past-due
    check's own setting, so the strip and the check agree), and their amount; None without
    expected close dates."""
    if not ctx.has("deals.expected_close"):
        return None
    d = deal_facts(ctx, "expected_close", "outcome", "amount")
    late = days_between(ibis.literal(ctx.now()), d.expected_close) > grace_days
    o = d.filter((d.outcome == "open") & d.expected_close.notnull() & late)
    row = rows(o.aggregate(n=o.count(), amount=o.amount.sum()))[0]
    return int(row["n"]), row["amount"]
