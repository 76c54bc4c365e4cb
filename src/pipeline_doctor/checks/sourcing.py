"""Link 1, sourcing: where pipeline comes from and how each source converts; referral asks."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Metric, Money, Scope
from pipeline_doctor.checks.common import as_rows, money, outlier_reps, pct, rate_metric, rep_label
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson

COLD = ("outbound_cold", "purchased_list")


class SourceMix(Check):
    """Where the pipeline comes from and how each source converts to won, with intervals; flags
    a team whose pipeline is mostly cold while warm sources convert far better, and reps whose
    pipeline is far colder than the rest of the team's."""

    id: ClassVar[str] = "source_mix"
    area: ClassVar[int] = 1
    title: ClassVar[str] = "Pipeline sourced cold"
    requires: ClassVar[tuple[str, ...]] = ("deals",)
    action: ClassVar[str] = (
        "Move effort from cold outbound to referrals and warm introductions: ask every won "
        "customer for an introduction and track referral pipeline weekly."
    )
    min_gap: float = 0.3
    """How much higher (absolute) a rep's cold share must be than the rest of the team's."""
    max_cold_share: float = 0.5
    """Team cold share above which a cold-heavy mix is reported (when cold converts worse)."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        return d.group_by([d.rep, d.source]).aggregate(
            deals=d.count(),
            won=(d.outcome == "won").sum(),
            lost=(d.outcome == "lost").sum(),
            open_amount=(d.outcome == "open").ifelse(d.amount, 0.0).sum(),
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        by_source: dict[str, dict[str, int | float]] = {}
        by_rep: dict[str, dict[str, int | float]] = {}
        for r in rows:
            s = by_source.setdefault(r["source"], {"deals": 0, "won": 0, "lost": 0, "open": 0})
            s["deals"] += r["deals"]
            s["won"] += r["won"]
            s["lost"] += r["lost"]
            s["open"] += r["open_amount"]
            cold = r["source"] in COLD
            p = by_rep.setdefault(r["rep"], {"k": 0, "n": 0, "cold_open": 0})
            p["n"] += r["deals"]
            p["k"] += r["deals"] if cold else 0
            p["cold_open"] += r["open_amount"] if cold else 0
        rates = {
            src: wilson(v["won"], v["won"] + v["lost"])
            for src, v in by_source.items()
            if v["won"] + v["lost"] >= self.min_samples
        }
        warm = {s: r for s, r in rates.items() if s not in COLD}
        if not any(s in rates for s in COLD) or not warm:
            return []
        cold_won = sum(by_source[s]["won"] for s in COLD if s in rates)
        cold_closed = sum(by_source[s]["won"] + by_source[s]["lost"] for s in COLD if s in rates)
        cold_rate = wilson(cold_won, cold_closed)
        best_src, best = max(warm.items(), key=lambda kv: (kv[1].value, kv[0]))
        if best.low <= cold_rate.high:
            return []  # cold does not convert clearly worse here: nothing to fix in the mix
        gap = best.value - cold_rate.value
        findings: list[Finding] = []
        total = int(sum(v["deals"] for v in by_source.values()))
        cold_deals = int(sum(by_source[s]["deals"] for s in COLD if s in by_source))
        share = cold_deals / total if total else 0.0
        if share >= self.max_cold_share:
            cold_open = sum(by_source[s]["open"] for s in COLD if s in by_source)
            findings.append(
                self.finding(
                    ctx,
                    title="Most of the pipeline is cold outbound",
                    summary=(
                        f"{pct(share)} of deals come from cold sources, which win "
                        f"{pct(cold_rate.value)} of the time against {pct(best.value)} for "
                        f"{best_src.replace('_', ' ')}{self._lead_text(ctx, best_src)}."
                    ),
                    metric=Metric(
                        name="cold share of deals",
                        value=share,
                        baseline=self.max_cold_share,
                        unit="rate",
                        baseline_label="healthy ceiling",
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(affected=cold_deals, population=total, record_kind="deal"),
                    money=Money(
                        amount=cold_open * gap,
                        how=f"open cold pipeline ({money(cold_open)}) × the win-rate gap to "
                        f"{best_src} ({pct(gap)})",
                    ),
                )
            )
        for o in outlier_reps(
            ({"rep": rep, **v} for rep, v in by_rep.items()),
            min_samples=self.min_samples,
            min_gap=self.min_gap,
        ):
            name = rep_label(ctx, o.rep)
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name}'s pipeline is mostly cold",
                    summary=(
                        f"{pct(o.rate.value)} of {name}'s deals are cold-sourced against "
                        f"{pct(o.team.value)} for the rest of the team; cold deals win "
                        f"{pct(cold_rate.value)}, {best_src.replace('_', ' ')} {pct(best.value)}."
                    ),
                    metric=rate_metric("cold share of deals", o.rate, o.team.value, "rest of team"),
                    scope=Scope(kind="rep", key=o.rep, label=name),
                    evidence=Evidence(
                        affected=int(o.extra["k"]), population=int(o.extra["n"]), record_kind="deal"
                    ),
                    money=Money(
                        amount=o.extra["cold_open"] * gap,
                        how="the rep's open cold pipeline × the win-rate gap to the best warm "
                        "source",
                    ),
                )
            )
        return findings

    def _lead_text(self, ctx: CheckContext, best_src: str) -> str:
        """Lead-to-deal conversion of cold leads against the best source, when leads exist."""
        if ctx.count("leads") == 0:
            return ""
        leads = ctx.table("leads")
        if ctx.since:
            leads = leads.filter(leads.created_at >= ctx.since)
        cold = leads.source.isin(COLD)
        converted = leads.deal.notnull() | (leads.status == "converted")
        rows = as_rows(
            leads.filter(cold | (leads.source == best_src))
            .group_by(is_cold=cold)
            .aggregate(n=leads.count(), k=converted.sum())
        )
        by = {bool(r["is_cold"]): wilson(r["k"] or 0, r["n"]) for r in rows}
        if True not in by or False not in by:
            return ""
        return (
            f"; cold leads become deals {pct(by[True].value)} of the time against "
            f"{pct(by[False].value)}"
        )


class ReferralProgram(Check):
    """Won customers never asked for a referral; reps who rarely or never ask."""

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
        total_n = sum(r["n"] for r in rows)
        total_k = sum(r["k"] for r in rows)
        if total_n < self.min_samples:
            return []
        team = wilson(total_k, total_n)
        avg_won = sum(r["won_amount"] for r in rows) / total_n
        findings: list[Finding] = []
        never = 1 - team.value
        if never >= self.max_never_asked:
            findings.append(
                self.finding(
                    ctx,
                    title="Most won customers were never asked for a referral",
                    summary=(
                        f"{total_n - total_k:,} of {total_n:,} won deals ({pct(never)}) had no "
                        f"referral ask around the win{self._best_text(ctx, rows)}."
                    ),
                    metric=rate_metric(
                        "won deals with a referral ask",
                        team,
                        1 - self.max_never_asked,
                        "healthy floor",
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(affected=total_n - total_k, population=total_n),
                    money=Money(
                        amount=(total_n - total_k) * 0.1 * avg_won,
                        how="won customers not asked × 10% expected introductions that close × "
                        "the average won deal",
                    ),
                )
            )
        for o in outlier_reps(
            rows, min_samples=self.min_samples, min_gap=self.min_gap, higher_is_worse=False
        ):
            name = rep_label(ctx, o.rep)
            missed = int(o.extra["n"] - o.extra["k"])
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name} rarely asks won customers for referrals",
                    summary=(
                        f"{name} asked after {pct(o.rate.value)} of wins against "
                        f"{pct(o.team.value)} for the rest of the team."
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
            )
        return findings

    def _best_text(self, ctx: CheckContext, rows: list[dict[str, Any]]) -> str:
        """The rep who asks most often, as the example to copy."""
        judged = [r for r in rows if r["n"] >= self.min_samples and r["k"]]
        if not judged:
            return ""
        best = max(judged, key=lambda r: (r["k"] / r["n"], str(r["rep"])))
        return (
            f"; {rep_label(ctx, str(best['rep']))} asks most often ({pct(best['k'] / best['n'])})"
        )
