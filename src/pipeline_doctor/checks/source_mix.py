"""Link 1, sourcing: where the pipeline comes from and how each source converts, lead -> deal ->
won; the referral lift; what a cold-heavy mix costs."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, money, outlier_reps, pct, rate_metric, rep_label
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.sourcing import (
    COLD,
    Funnel,
    funnel_breakdown,
    leads_in_scope,
    lift_breakdown,
    pooled,
    rate_ratio,
    times,
    with_breakdowns,
)
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import Rate, wilson

COUNTS = ("leads", "converted", "lead_won", "deals", "won", "lost", "open_amount")
"""Columns of the measurement besides rep and source."""


class SourceMix(Check):
    """Where the pipeline comes from and how each source converts, lead to deal to won, with
    95% intervals; how many times as often referrals convert as the rest (the referral lift);
    and what the current mix costs: the won revenue the open cold pipeline would bring at the
    other sources' win rate minus at its own. Flags a team whose pipeline is mostly cold
    (outbound or purchased lists) while cold deals win clearly less often than the rest, and
    reps whose pipeline is far colder than the rest of the team's. Findings carry the funnel per
    source (and the lift) as tables, `breakdowns` in the JSON. Leads are optional: without them
    the deal figures still count and lead conversion is called unknown."""

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
        """Per (rep, source): leads, leads that became deals, leads whose deal was won, deals,
        won, lost and open amount (lead columns 0 when no leads are imported)."""
        d = deal_facts(ctx)
        is_open = d.outcome == "open"
        zero = ibis.literal(0, "int64")
        deals = d.group_by([d.rep, d.source]).aggregate(
            deals=d.count(),
            won=d.count(where=d.outcome == "won"),
            lost=d.count(where=d.outcome == "lost"),
            open_amount=d.amount.sum(where=is_open).fill_null(0.0),
        )
        deals = deals.mutate(leads=zero, converted=zero, lead_won=zero)
        keys = {"rep": ibis._.rep.cast("string"), "source": ibis._.source.cast("string")}
        deals = deals.select(**keys, **{c: deals[c] for c in COUNTS})
        if ctx.count("leads") == 0:
            return deals
        leads = leads_in_scope(ctx)
        by_lead = leads.group_by([leads.rep, leads.source]).aggregate(
            leads=leads.count(),
            converted=leads.count(where=leads.deal.notnull() | (leads.status == "converted")),
        )
        by_lead = by_lead.mutate(lead_won=zero)
        # won deals' leads in a join of their own: joining every lead (most never became a
        # deal) to the deals costs about as much again as counting them
        won = d.filter(d.outcome == "won").select(won_deal=d.id)
        converted = leads.filter(leads.deal.notnull())
        j = converted.join(won, converted.deal == won.won_deal)
        lead_won = j.group_by([j.rep, j.source]).aggregate(lead_won=j.count())
        lead_won = lead_won.mutate(leads=zero, converted=zero)
        parts = [deals]
        for t in (by_lead, lead_won):
            t = t.mutate(deals=zero, won=zero, lost=zero, open_amount=ibis.literal(0.0, "float64"))
            parts.append(t.select(**keys, **{c: t[c] for c in COUNTS}))
        u = ibis.union(*parts)
        return u.group_by(["rep", "source"]).aggregate(**{c: u[c].sum() for c in COUNTS})

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        by_source: dict[str, Funnel] = {}
        for r in rows:
            by_source.setdefault(r["source"], Funnel()).add(r)
        has_leads = sum(f.leads for f in by_source.values()) > 0
        cold = pooled(r for r in rows if r["source"] in COLD)
        warm = pooled(r for r in rows if r["source"] not in COLD)
        if min(cold.won + cold.lost, warm.won + warm.lost) < self.min_samples:
            return []
        cold_rate, warm_rate = cold.win_rate, warm.win_rate
        if warm_rate.low <= cold_rate.high:
            return []  # cold does not convert clearly worse here: nothing to fix in the mix
        gap = warm_rate.value - cold_rate.value
        findings: list[Finding] = []
        total = cold.deals + warm.deals
        share = wilson(cold.deals, total)
        if share.value >= self.max_cold_share:
            funnel = funnel_breakdown(by_source, has_leads, "Conversion by lead source")
            ref = by_source.get("referral", Funnel())
            rest = pooled(r for r in rows if r["source"] != "referral")
            lift = lift_breakdown(ref, rest, has_leads)
            finding = self.finding(
                ctx,
                title=(
                    "Most of the pipeline is cold outbound"
                    if share.value > 0.5
                    else "Too much of the pipeline is cold outbound"
                ),
                summary=(
                    f"{pct(share.value)} of deals come from cold outreach and bought lists, "
                    f"which win {pct(cold_rate.value)} of the time against "
                    f"{pct(warm_rate.value)} for other sources; {self._lift_text(ref, rest)}; "
                    f"{self._lead_text(ctx, cold, warm, has_leads)}."
                ),
                metric=rate_metric(
                    "cold share of deals", share, self.max_cold_share, "healthy ceiling"
                ),
                scope=Scope(kind="team", label="team"),
                evidence=Evidence(affected=int(cold.deals), population=int(total)),
                money=Money(
                    amount=cold.open_amount * gap,
                    how=(
                        f"what the current mix costs: the open cold pipeline "
                        f"({money(cold.open_amount)}) would win "
                        f"{money(cold.open_amount * warm_rate.value)} at the other sources' "
                        f"win rate ({pct(warm_rate.value)}) and "
                        f"{money(cold.open_amount * cold_rate.value)} at its own "
                        f"({pct(cold_rate.value)}); the difference"
                    ),
                ),
            )
            findings.append(with_breakdowns(finding, funnel, lift))
        findings += self._cold_reps(ctx, rows, cold_rate, warm_rate, has_leads)
        return findings

    def _cold_reps(
        self,
        ctx: CheckContext,
        rows: list[dict[str, Any]],
        cold_rate: Rate,
        warm_rate: Rate,
        has_leads: bool,
    ) -> list[Finding]:
        """Reps whose share of cold deals is far above the rest of the team's."""
        by_rep: dict[str, dict[str, float]] = {}
        for r in rows:
            if r["rep"] is None:
                continue
            cold = r["source"] in COLD
            p = by_rep.setdefault(r["rep"], {"k": 0, "n": 0, "cold_open": 0.0})
            p["n"] += r["deals"]
            p["k"] += r["deals"] if cold else 0
            p["cold_open"] += r["open_amount"] if cold else 0.0
        gap = warm_rate.value - cold_rate.value
        findings = []
        for o in outlier_reps(
            ({"rep": rep, **v} for rep, v in by_rep.items()),
            min_samples=self.min_samples,
            min_gap=self.min_gap,
        ):
            name = rep_label(ctx, o.rep)
            mine = {r["source"]: Funnel().add(r) for r in rows if r["rep"] == o.rep}
            finding = self.finding(
                ctx,
                title=f"{name}'s pipeline is mostly cold",
                summary=(
                    f"{pct(o.rate.value)} of {name}'s deals come from cold outreach and bought "
                    f"lists against {pct(o.team.value)} for the rest of the team; cold deals "
                    f"win {pct(cold_rate.value)}, deals from other sources "
                    f"{pct(warm_rate.value)}."
                ),
                metric=rate_metric("cold share of deals", o.rate, o.team.value, "rest of team"),
                scope=Scope(kind="rep", key=o.rep, label=name),
                evidence=Evidence(affected=int(o.extra["k"]), population=int(o.extra["n"])),
                money=Money(
                    amount=o.extra["cold_open"] * gap,
                    how=(
                        f"the rep's open cold pipeline ({money(o.extra['cold_open'])}) × how "
                        f"much more often deals from other sources win ({pct(gap)})"
                    ),
                ),
            )
            title = f"{name}: conversion by lead source"
            findings.append(with_breakdowns(finding, funnel_breakdown(mine, has_leads, title)))
        return findings

    def _lift_text(self, ref: Funnel, rest: Funnel) -> str:
        """The referral lift in words, whichever way the data points."""
        if ref.won + ref.lost < self.min_samples:
            return "too few closed referral deals to compare referrals with the rest"
        a, b = ref.win_rate, rest.win_rate
        lift = rate_ratio(a, b)
        if lift is None:
            return f"referrals win {pct(a.value)} of the time"
        if lift.low > 1:
            return f"referrals win {times(lift.value)} as often as other deals"
        if lift.high < 1:
            return (
                f"referrals win less often than other deals ({pct(a.value)} against {pct(b.value)})"
            )
        return f"referrals win about as often as other deals ({pct(a.value)}, {pct(b.value)})"

    @staticmethod
    def _lead_text(ctx: CheckContext, cold: Funnel, warm: Funnel, has_leads: bool) -> str:
        """Lead-to-deal conversion of cold leads against the others, or why it is unknown."""
        if not has_leads:
            why = "no leads were imported" if ctx.count("leads") == 0 else "no leads are in scope"
            return f"lead conversion is unknown because {why}"
        if not cold.leads or not warm.leads:
            return (
                "lead conversion cannot be compared: the leads are all cold or all from other "
                "sources"
            )
        return (
            f"cold leads become deals {pct(cold.lead_to_deal.value)} of the time against "
            f"{pct(warm.lead_to_deal.value)} for other leads"
        )
