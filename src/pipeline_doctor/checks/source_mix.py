"""Link 1, sourcing: where the pipeline comes from and how each source converts, lead -> deal ->
won; which sources win clearly more or less often than the rest, whatever they are; what a
cold-heavy mix costs; reps whose pipeline is far colder than the team's."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.common import no_outlier, outlier_reps, rate_metric, subject_scope
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.contrast import contrasts
from pipeline_doctor.checks.driver_findings import Phrasing, attribute_finding
from pipeline_doctor.checks.findings import Evidence, Finding, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import PROSPECTING_MIX, Skill
from pipeline_doctor.checks.sourcing import (
    COLD,
    Funnel,
    funnel_breakdown,
    lift_breakdown,
    pooled,
    source_name,
)
from pipeline_doctor.facts import population_facts
from pipeline_doctor.stats import difference, wilson
from pipeline_doctor.wording import money, pct, plural, points

COUNTS = ("leads", "converted", "lead_won", "deals", "won", "lost", "open_deals", "open_amount")
"""Columns of the measurement besides rep and source."""


PHRASING = Phrasing(
    "deals.source",
    title="lead source",
    better_action=(
        "Put more effort into this source: ask won customers and partners for introductions "
        "and track this source's pipeline weekly."
    ),
    worse_action=(
        "Move effort away from this source, or qualify its deals harder before they take a "
        "rep's time."
    ),
)


class SourceMix(Check):
    """Where the pipeline comes from and how each source converts, lead to deal to won, with
    95% intervals. Each source's win rate is compared with the rest (the statistics of
    win_drivers: Newcombe intervals, Benjamini–Hochberg, a practical minimum gap): the sources
    that win clearly more or less often are reported whatever they are, and where referrals win
    less often than another source, the finding says so. Also flags a team whose pipeline is
    mostly cold (outbound or purchased lists, beyond `max_cold_share`) while cold deals win
    clearly less often, and reps whose pipeline is far colder than the rest of the team's.
    Leads are optional: without them lead conversion is called unknown."""

    id: ClassVar[str] = "source_mix"
    area: ClassVar[int] = 1
    title: ClassVar[str] = "Where deals come from and how each source converts"
    skill: ClassVar[Skill | None] = PROSPECTING_MIX
    requires: ClassVar[tuple[Need, ...]] = ("deals", "deals.source")
    answers: ClassVar[tuple[str, ...]] = ("cold_sourcing",)
    covers: ClassVar[tuple[str, ...]] = ("deals.source",)
    action: ClassVar[str] = (
        "Move effort from cold outbound to referrals and warm introductions: ask every won "
        "customer for an introduction and track referral pipeline weekly."
    )
    min_gap: float = 0.3
    """How much higher (absolute) a rep's cold share must be than the rest of the team's."""
    max_cold_share: float = 0.5
    """Team cold share above which a cold-heavy mix is reported (when cold converts worse)."""
    min_effect: float = 0.1
    """Smallest win-rate gap between a source and the rest (or cold and warm) worth reporting."""
    fdr: float = 0.05
    """False-discovery rate over this check's comparisons (Benjamini–Hochberg)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        """Per (rep, source) of the population: leads, leads that became deals, leads whose
        deal was won, deals, won, lost, open deals and open amount."""
        d = population_facts(ctx, "id", "rep", "source", "outcome", "amount")
        is_open = d.outcome == "open"
        zero = ibis.literal(0, "int64")
        deals = d.group_by([d.rep, d.source]).aggregate(
            deals=d.count(),
            won=d.count(where=d.outcome == "won"),
            lost=d.count(where=d.outcome == "lost"),
            open_deals=d.count(where=is_open),
            open_amount=d.amount.sum(where=is_open).fill_null(0.0),
        )
        deals = deals.mutate(leads=zero, converted=zero, lead_won=zero)
        keys = {"rep": ibis._.rep.cast("string"), "source": ibis._.source.cast("string")}
        deals = deals.select(**keys, **{c: deals[c] for c in COUNTS})
        if not ctx.has("leads"):
            return Measurement({"main": deals}, {"leads": False})
        leads = ctx.population_leads()
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
            t = t.mutate(deals=zero, won=zero, lost=zero, open_deals=zero,
                         open_amount=ibis.literal(0.0, "float64"))  # fmt: skip
            parts.append(t.select(**keys, **{c: t[c] for c in COUNTS}))
        u = ibis.union(*parts)
        merged = u.group_by(["rep", "source"]).aggregate(**{c: u[c].sum() for c in COUNTS})
        return Measurement({"main": merged}, {"leads": True})

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        focus = basis.scope.rep
        rows = [r for r in measured.main if focus is None or r["rep"] == focus]
        by_source: dict[str | None, Funnel] = {}
        for r in rows:
            by_source.setdefault(r["source"], Funnel()).add(r)
        has_leads = bool(measured.notes["leads"]) and sum(f.leads for f in by_source.values()) > 0
        funnel = funnel_breakdown(
            {k: v for k, v in by_source.items() if k is not None},
            has_leads,
            "Conversion by lead source",
        )
        self._drivers(j, basis, by_source, funnel)
        self._mix(j, basis, rows, has_leads, by_source, funnel)
        self._cold_reps(j, basis, measured.main, has_leads)
        return j

    # -- which sources win more or less often ----------------------------------------------
    def _drivers(
        self, j: Judgement, basis: Basis, by_source: dict[str | None, Funnel], funnel: Any
    ) -> None:
        rows = [
            {"attribute": "deals.source", "value": s, "won": f.won, "lost": f.lost,
             "open_deals": f.open_deals, "open_amount": f.open_amount}
            for s, f in by_source.items()
        ]  # fmt: skip
        compared = sum(1 for f in by_source.values() if f.won + f.lost >= self.min_samples)
        if compared < 2:
            closed = sum(int(f.won + f.lost) for f in by_source.values())
            j.little(
                f"{plural(compared, 'lead source')} with {self.min_samples} or more closed deals "
                f"({plural(closed, 'closed deal')} in all); 2 needed to compare sources"
            )
            return
        made = contrasts(rows, min_samples=self.min_samples, min_gap=self.min_effect, fdr=self.fdr)
        finding = attribute_finding(self, basis, made, rows, PHRASING)
        if finding is None:
            j.healthy(
                f"win rates of {plural(len(made), 'lead source')} compared with the rest: none "
                f"differs by {round(100 * self.min_effect)} points or more after false-discovery "
                f"control at {self.fdr:.0%}"
            )
            return
        extra = self._referral_below(by_source)
        summary = finding.summary + (f" {extra}" if extra else "")
        j.findings.append(
            finding.model_copy(
                update={"summary": summary, "breakdowns": [*finding.breakdowns, funnel]}
            )
        )

    def _referral_below(self, by_source: dict[str | None, Funnel]) -> str:
        """ "Referrals win 25% here, Existing customer deals 61%." when referrals win clearly
        less often than another source ("" otherwise)."""
        ref = by_source.get("referral")
        if ref is None or ref.won + ref.lost < self.min_samples:
            return ""
        better = [
            (s, f)
            for s, f in by_source.items()
            if s not in (None, "referral") and f.won + f.lost >= self.min_samples
        ]
        beaten = [
            (s, f)
            for s, f in better
            if difference(f.win_rate, ref.win_rate).low > 0
            and f.win_rate.value - ref.win_rate.value >= self.min_effect
        ]
        if not beaten:
            return ""
        s, f = max(beaten, key=lambda sf: sf[1].win_rate.value)
        return (
            f"Referrals win {pct(ref.win_rate.value)} here, less often than {source_name(s)} "
            f"deals ({pct(f.win_rate.value)})."
        )

    # -- a cold-heavy mix ---------------------------------------------------------------------
    def _mix(
        self,
        j: Judgement,
        basis: Basis,
        rows: list[dict[str, Any]],
        has_leads: bool,
        by_source: dict[str | None, Funnel],
        funnel: Any,
    ) -> None:
        cold = pooled(r for r in rows if r["source"] in COLD)
        warm = pooled(r for r in rows if r["source"] is not None and r["source"] not in COLD)
        if min(cold.won + cold.lost, warm.won + warm.lost) < self.min_samples:
            return
        share = wilson(cold.deals, cold.deals + warm.deals)
        gap = difference(warm.win_rate, cold.win_rate)
        costly = gap.low > 0 and gap.value >= self.min_effect
        if not (costly and share.low > self.max_cold_share):
            j.healthy(
                f"{pct(share.value)} of deals come from cold outreach and bought lists "
                f"(ceiling {pct(self.max_cold_share)}), winning {pct(cold.win_rate.value)} "
                f"against {pct(warm.win_rate.value)} for other sources"
            )
            return
        ref = by_source.get("referral", Funnel())
        rest = pooled(r for r in rows if r["source"] != "referral")
        how = (
            f"the open cold pipeline ({plural(cold.open_deals, 'deal')}, "
            f"{money(cold.open_amount, basis.currency)}) × how much less often cold deals win "
            f"({points(gap.value, signed=False)})"
        )
        lead_text = _lead_text(cold, warm, has_leads)
        finding = self.finding(
            basis,
            title=(
                "Most of the pipeline is cold outbound"
                if share.value > 0.5
                else "Too much of the pipeline is cold outbound"
            ),
            summary=(
                f"{pct(share.value)} of deals come from cold outreach and bought lists, which "
                f"win {pct(cold.win_rate.value)} of the time against "
                f"{pct(warm.win_rate.value)} for other sources; {lead_text}."
            ),
            metric=rate_metric("cold share of deals", share, self.max_cold_share, "ceiling"),
            scope=subject_scope(basis),
            evidence=Evidence(affected=int(cold.deals), population=int(cold.deals + warm.deals)),
            impact=basis.impact(cold.open_deals * gap.value, cold.open_amount * gap.value, how),
            breakdowns=[funnel, lift_breakdown(ref, rest, has_leads)],
        )
        j.findings.append(finding)

    # -- reps far colder than the team ------------------------------------------------------
    def _cold_reps(
        self, j: Judgement, basis: Basis, rows: list[dict[str, Any]], has_leads: bool
    ) -> None:
        by_rep: dict[str, dict[str, float]] = {}
        for r in rows:
            if r["rep"] is None or r["source"] is None:
                continue
            cold = r["source"] in COLD
            p = by_rep.setdefault(r["rep"], {"k": 0, "n": 0, "cold_open": 0.0, "cold_n": 0})
            p["n"] += r["deals"]
            p["k"] += r["deals"] if cold else 0
            p["cold_open"] += r["open_amount"] if cold else 0.0
            p["cold_n"] += r["open_deals"] if cold else 0
        all_cold = pooled(r for r in rows if r["source"] in COLD)
        all_warm = pooled(r for r in rows if r["source"] is not None and r["source"] not in COLD)
        gap = max(0.0, all_warm.win_rate.value - all_cold.win_rate.value)
        judged = sum(1 for v in by_rep.values() if v["n"] >= self.min_samples)
        outliers = outlier_reps(
            ({"rep": rep, **v} for rep, v in by_rep.items()),
            min_samples=self.min_samples,
            min_gap=self.min_gap,
        )
        mine = [o for o in outliers if basis.scope.rep in (None, o.rep)]
        for o in mine:
            j.findings.append(self._cold_rep(basis, o, rows, has_leads, gap, all_cold, all_warm))
        if not mine and judged >= 2:
            above = f"{round(100 * self.min_gap)} points above the rest of the team"
            no_outlier(
                j,
                basis,
                (rep for rep, v in by_rep.items() if v["n"] >= self.min_samples),
                f"compared the cold share of {plural(judged, 'rep')}' deals: none is {above}",
                f"has a cold share not {above} (compared with {plural(judged - 1, 'other rep')})",
                f"{self.min_samples} deals with a known source",
            )

    def _cold_rep(
        self,
        basis: Basis,
        o: Any,
        rows: list[dict[str, Any]],
        has_leads: bool,
        gap: float,
        cold: Funnel,
        warm: Funnel,
    ) -> Finding:
        name = basis.rep_name(o.rep)
        mine = {r["source"]: Funnel().add(r) for r in rows if r["rep"] == o.rep and r["source"]}
        how = (
            f"{name}'s open cold pipeline ({plural(o.extra['cold_n'], 'deal')}, "
            f"{money(o.extra['cold_open'], basis.currency)}) × how much less often cold deals "
            f"win ({points(gap, signed=False)})"
        )
        return self.finding(
            basis,
            title=f"{name}'s pipeline is mostly cold",
            summary=(
                f"{pct(o.rate.value)} of {name}'s deals come from cold outreach and bought "
                f"lists against {pct(o.team.value)} for the rest of the team; cold deals win "
                f"{pct(cold.win_rate.value)}, deals from other sources {pct(warm.win_rate.value)}."
            ),
            metric=rate_metric("cold share of deals", o.rate, o.team.value, "rest of team"),
            scope=Scope(kind="rep", key=o.rep, label=name),
            evidence=Evidence(affected=int(o.extra["k"]), population=int(o.extra["n"])),
            impact=basis.impact(o.extra["cold_n"] * gap, o.extra["cold_open"] * gap, how),
            breakdowns=[funnel_breakdown(mine, has_leads, f"{name}: conversion by lead source")],
        )


def _lead_text(cold: Funnel, warm: Funnel, has_leads: bool) -> str:
    """Lead-to-deal conversion of cold leads against the others, or why it is unknown."""
    if not has_leads:
        return "lead conversion is unknown because no leads were imported"
    if not cold.leads or not warm.leads:
        return (
            "lead conversion cannot be compared: the leads are all cold or all from other sources"
        )
    return (
        f"cold leads become deals {pct(cold.lead_to_deal.value)} of the time against "
        f"{pct(warm.lead_to_deal.value)} for other leads"
    )
