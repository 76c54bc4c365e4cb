"""Link 1, sourcing: referral asks after wins, the best referrers, and the referral share of new
deals over time."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, money, outlier_reps, pct, rate_metric, rep_label
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Breakdown
from pipeline_doctor.checks.sourcing import (
    REFERRER_COLUMNS,
    SHARE_COLUMNS,
    Trend,
    quarter_label,
    rate_cells,
    with_breakdowns,
)
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson


class ReferralProgram(Check):
    """Won customers never asked for a referral; reps who rarely or never ask; the reps (and,
    where the referrals table names the referrer, the customers) whose referrals bring the most
    won deals, named as the example to copy; and the referral share of new deals per quarter,
    flagged when the latest quarter's 95% interval lies wholly below the earliest one's in the
    trend span. Findings carry the share per quarter and the best referrers as tables."""

    id: ClassVar[str] = "referral_program"
    area: ClassVar[int] = 1
    title: ClassVar[str] = "Won customers not asked for referrals"
    requires: ClassVar[tuple[str, ...]] = ("deals", "activities")
    action: ClassVar[str] = (
        "Ask every newly won customer for one introduction within a month of closing; "
        "practise the referral ask in coaching."
    )
    window_days: int = 90
    """An ask counts for a won deal when it comes after the win, up to this many days later
    (or within 30 days before it)."""
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_never_asked: float = 0.5
    """Team share of wins with no ask above which the team is flagged."""
    min_samples: int = 10
    """Fewest won deals behind a rate before it is judged."""
    max_referrers: int = 5
    """Most reps, and most customers, listed as the best referrers."""
    trend_quarters: int = 4
    """How many recent quarters the referral-share trend spans."""
    min_quarter_deals: int = 30
    """Fewest new deals in a quarter for its referral share to count in the trend."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        won = d.filter((d.outcome == "won") & d.account.notnull())
        a = ctx.activities()
        asks = a.filter(a.kind == "referral_ask").select(
            ask_account=a.account, ask_rep=a.rep, ask_at=a.at
        )
        # the rep who won the account asks there (another rep's ask on a shared account
        # says nothing about this rep's habit)
        j = won.left_join(
            asks,
            (won.account == asks.ask_account)
            & (won.rep == asks.ask_rep)
            & (asks.ask_at >= won.closed_at - dt.timedelta(days=30))
            & (asks.ask_at <= won.closed_at + dt.timedelta(days=self.window_days)),
        )
        per_deal = j.group_by([j.id, j.rep, j.amount]).aggregate(asks=j.ask_at.count())
        return per_deal.group_by(per_deal.rep).aggregate(
            n=per_deal.count(),
            k=(per_deal.asks > 0).sum(),
            won_amount=per_deal.amount.sum(),
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        quarters = self.share_by_quarter(ctx)
        trend = self.trend(quarters)
        shares = self._share_breakdown(quarters)
        reps, customers = self.best_referrers(ctx)
        example = self._example_text(reps, customers)
        findings: list[Finding] = []
        if trend is not None and trend.direction == "fell":
            findings.append(with_breakdowns(self._falling(ctx, trend, quarters, example), shares))
        total_n = sum(r["n"] for r in rows)
        total_k = sum(r["k"] for r in rows)
        if total_n < self.min_samples:
            return findings
        team = wilson(total_k, total_n)
        avg_won = sum(r["won_amount"] for r in rows) / total_n
        never = 1 - team.value
        if never >= self.max_never_asked:
            trend_text = f"; {trend.sentence()}" if trend is not None else ""
            finding = self.finding(
                ctx,
                title="Most won customers were never asked for a referral",
                summary=(
                    f"{total_n - total_k:,} of {total_n:,} won deals ({pct(never)}) had no "
                    f"referral ask around the win{trend_text}{example}."
                ),
                metric=rate_metric(
                    "won deals with a referral ask", team, 1 - self.max_never_asked, "healthy floor"
                ),
                scope=Scope(kind="team", label="team"),
                evidence=Evidence(affected=total_n - total_k, population=total_n),
                money=Money(
                    amount=(total_n - total_k) * 0.1 * avg_won,
                    how="won customers not asked × 10% expected introductions that close × "
                    "the average won deal",
                ),
            )
            findings.append(with_breakdowns(finding, shares, reps, customers))
        for o in outlier_reps(
            rows, min_samples=self.min_samples, min_gap=self.min_gap, higher_is_worse=False
        ):
            name = rep_label(ctx, o.rep)
            missed = int(o.extra["n"] - o.extra["k"])
            finding = self.finding(
                ctx,
                title=f"{name} rarely asks won customers for referrals",
                summary=(
                    f"{name} asked after {pct(o.rate.value)} of wins against "
                    f"{pct(o.team.value)} for the rest of the team"
                    f"{self._example_text(reps, customers, exclude=name)}."
                ),
                metric=rate_metric(
                    "won deals with a referral ask", o.rate, o.team.value, "rest of team"
                ),
                scope=Scope(kind="rep", key=o.rep, label=name),
                evidence=Evidence(affected=missed, population=int(o.extra["n"])),
                money=Money(
                    amount=missed * (o.team.value - o.rate.value) * 0.1 * avg_won * 10,
                    how="wins without an ask × the rest of the team's ask rate × 10% × 10 "
                    "(one introduction per ask closing at referral rates) × average won deal",
                ),
            )
            findings.append(with_breakdowns(finding, reps, customers))
        return findings

    # -- referral share of new deals over time -----------------------------------------------
    def share_by_quarter(self, ctx: CheckContext) -> list[dict[str, Any]]:
        """Per quarter of creation: new deals, referral deals, and closed/won deals on each
        side (referral or not) with the won amount, oldest first."""
        d = deal_facts(ctx)
        ref = d.source == "referral"
        closed = d.outcome.isin(("won", "lost"))
        won = d.outcome == "won"
        t = d.group_by(quarter=d.created_at.truncate("Q")).aggregate(
            deals=d.count(),
            referral=d.count(where=ref),
            ref_closed=d.count(where=ref & closed),
            ref_won=d.count(where=ref & won),
            rest_closed=d.count(where=~ref & closed),
            rest_won=d.count(where=~ref & won),
            won=d.count(where=won),
            won_amount=d.amount.sum(where=won).fill_null(0.0),
        )
        return as_rows(t.order_by(t.quarter))

    def trend(self, quarters: list[dict[str, Any]]) -> Trend | None:
        """First against last of the recent quarters with enough new deals: "fell"/"rose" when
        their 95% intervals do not overlap, else "steady"; None with fewer than two quarters."""
        judged = [q for q in quarters if q["deals"] >= self.min_quarter_deals]
        judged = judged[-self.trend_quarters :]
        if len(judged) < 2:
            return None
        first = wilson(judged[0]["referral"], judged[0]["deals"])
        last = wilson(judged[-1]["referral"], judged[-1]["deals"])
        direction = (
            "fell" if last.high < first.low else "rose" if last.low > first.high else "steady"
        )
        return Trend(
            first,
            last,
            quarter_label(judged[0]["quarter"]),
            quarter_label(judged[-1]["quarter"]),
            len(judged),
            direction,
        )

    def _share_breakdown(self, quarters: list[dict[str, Any]]) -> Breakdown:
        recent = [q for q in quarters if q["deals"] >= self.min_quarter_deals][-12:]
        return Breakdown(
            name="referral_share_by_quarter",
            title="Referral share of new deals by quarter",
            columns=SHARE_COLUMNS,
            rows=[
                {
                    "quarter": quarter_label(q["quarter"]),
                    "deals": int(q["deals"]),
                    "referral": int(q["referral"]),
                    **rate_cells("share", q["referral"], q["deals"]),
                }
                for q in recent
            ],
        )

    def _falling(
        self, ctx: CheckContext, trend: Trend, quarters: list[dict[str, Any]], example: str
    ) -> Finding:
        """The referral share fell: the referral deals missing in the last quarter, valued at
        how much more often referral deals win than the rest."""
        ref = wilson(sum(q["ref_won"] for q in quarters), sum(q["ref_closed"] for q in quarters))
        rest = wilson(sum(q["rest_won"] for q in quarters), sum(q["rest_closed"] for q in quarters))
        won = sum(q["won"] for q in quarters)
        avg_won = sum(q["won_amount"] for q in quarters) / won if won else 0.0
        missing = (trend.first.value - trend.last.value) * trend.last.n
        advantage = max(0.0, ref.value - rest.value)
        compare = (
            f"referral deals win {pct(ref.value)} of the time against {pct(rest.value)} for the "
            "rest"
        )
        return self.finding(
            ctx,
            title="Fewer new deals come from referrals",
            summary=f"{_upper_first(trend.sentence())}; {compare}{example}.",
            metric=rate_metric(
                "referral share of new deals", trend.last, trend.first.value, trend.first_label
            ),
            scope=Scope(
                kind="team",
                label=f"team, {trend.last_label}",
                attributes={"signal": "referral_share"},
            ),
            evidence=Evidence(affected=int(trend.last.k), population=int(trend.last.n)),
            money=Money(
                amount=missing * advantage * avg_won,
                how=(
                    f"about {missing:,.0f} fewer referral deals in {trend.last_label} than at "
                    f"the share of {trend.first_label} × how much more often referral deals "
                    f"win ({pct(advantage)}) × the average won deal ({money(avg_won)})"
                ),
            ),
        )

    # -- the best referrers ------------------------------------------------------------------
    def best_referrers(self, ctx: CheckContext) -> tuple[Breakdown, Breakdown | None]:
        """The reps whose referrals bring the most won deals (from the referrals table, else
        from referral-sourced deals) and, where the referrals table names the referrer, the
        customers who refer the most."""
        customers = None
        reps: list[dict[str, Any]] = []
        if ctx.count("referrals"):
            r = ctx.fact("referral_outcomes", _referral_outcomes)
            reps = self._top(r.filter(r.rep.notnull()), r.rep, r.rep)
            rows = self._top(r.filter(r.account.notnull()), r.account, r.account_name)
            customers = Breakdown(
                name="best_referring_customers",
                title="Customers whose referrals bring the most won deals",
                columns=REFERRER_COLUMNS,
                rows=rows,
            )
        if not reps:
            d = deal_facts(ctx)
            ref = d.filter(d.source == "referral").select("rep", "outcome", "amount", deal_id="id")
            reps = self._top(ref, ref.rep, ref.rep)
        for row in reps:
            row["name"] = rep_label(ctx, str(row["name"]))
        by_rep = Breakdown(
            name="best_referring_reps",
            title="Reps whose referrals bring the most won deals",
            columns=REFERRER_COLUMNS,
            rows=reps,
        )
        return by_rep, customers

    def _top(self, t: Any, key: Any, name: Any) -> list[dict[str, Any]]:
        """The referrers with the most won referral deals (ties: won amount, deals, name)."""
        won = t.outcome == "won"
        agg = t.group_by(key=key, name=name.fill_null(key)).aggregate(
            deals=t.count(where=t.deal_id.notnull()),
            won=t.count(where=won),
            won_amount=t.amount.sum(where=won).fill_null(0.0),
        )
        agg = agg.filter(agg.won > 0)
        top = agg.order_by([agg.won.desc(), agg.won_amount.desc(), agg.deals.desc(), agg.key])
        rows = as_rows(top.limit(self.max_referrers))
        return [
            {
                "name": str(r["name"]),
                "deals": int(r["deals"]),
                "won": int(r["won"]),
                "won_amount": float(r["won_amount"]),
            }
            for r in rows
        ]

    @staticmethod
    def _example_text(reps: Breakdown, customers: Breakdown | None, exclude: str = "") -> str:
        """The best referrers in words: the examples to copy ("" when there are none); the best
        rep is left out when that is `exclude` (the rep a finding is about)."""
        parts = []
        for r in reps.rows[:1]:
            if r["name"] == exclude:
                continue
            parts.append(
                f"{r['name']}'s referrals brought the most won business ({r['deals']:,} deals, "
                f"{r['won']:,} won)"
            )
        if customers is not None and customers.rows:
            c = customers.rows[0]
            parts.append(
                f"customer {c['name']} referred the most ({c['deals']:,} deals, {c['won']:,} won)"
            )
        if not parts:
            return ""
        example = "the example to copy" if len(parts) == 1 else "the examples to copy"
        return f"; {' and '.join(parts)}: {example}"


def _referral_outcomes(ctx: CheckContext) -> Any:
    """One row per referral in scope whose lead became a deal in scope: the rep who asked, the
    referrer's account and the deal's outcome and amount. (Inner joins on leads that have a
    deal: referrals that produced no deal add nothing to deals or wins, and probing only those
    leads is much cheaper than every lead.)"""
    r = ctx.table("referrals")
    if ctx.team:
        r = r.filter(r.rep.isin(ctx.team_reps().id))
    if ctx.since:
        r = r.filter(r.asked_at.fill_null(r.introduced_at) >= ctx.since)
    leads = ctx.table("leads")
    leads = leads.filter(leads.deal.notnull()).select(lead_id="id", lead_deal="deal")
    d = deal_facts(ctx).select(deal_id="id", outcome="outcome", amount="amount")
    contacts = ctx.table("contacts").select(contact_id="id", account="account")
    accounts = ctx.table("accounts").select(account_id="id", account_name="name")
    j = r.join(leads, r.referred_lead == leads.lead_id)
    j = j.join(d, j.lead_deal == d.deal_id)
    j = j.left_join(contacts, j.referrer == contacts.contact_id)
    j = j.left_join(accounts, j.account == accounts.account_id)
    return j.select("rep", "account", "account_name", "deal_id", "outcome", "amount")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
