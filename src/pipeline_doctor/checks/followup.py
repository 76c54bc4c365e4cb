"""Link 7, follow-up: one-sided correspondence, outbound touches that keep going unanswered."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Evidence, Finding, Metric
from pipeline_doctor.checks.common import as_rows, pct
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import deal_list_findings, open_deal_count
from pipeline_doctor.checks.zombies import ZombieDeals
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import Z95


def wilson_upper(k: Any, n: Any, z: float = Z95) -> Any:
    """The Wilson upper bound of k/n as an Ibis expression (n > 0; k above n counts as n)."""
    # a deal can have more answers than asks (the buyer wrote first): clamp, or the root's
    # argument goes negative and the database refuses the whole query
    p = ibis.least(k / n, 1.0)
    z2 = z * z
    centre = p + z2 / (2 * n)
    half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt())
    return (centre + half) / (1 + z2 / n)


class OneSidedCorrespondence(Check):
    """Open deals where the buyer has stopped answering: the share of outbound calls and emails
    that got an answer (a connected call or a reply) is, even at the top of its 95% interval,
    far below the won deals' norm. Zombie deals are left to zombie_deals."""

    id: ClassVar[str] = "one_sided_correspondence"
    area: ClassVar[int] = 7
    title: ClassVar[str] = "One-sided correspondence"
    requires: ClassVar[tuple[str, ...]] = ("deals", "activities")
    action: ClassVar[str] = (
        "Stop sending more of the same: send one short, buyer-specific message with a clear "
        "question, or call a different contact; if still silent, qualify the deal out."
    )
    max_ratio: float = 0.5
    """Flag when the answer rate's upper bound is below this fraction of the won deals' rate."""
    min_asks: int = 10
    """Fewest outbound calls and emails on a deal before it is judged."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def norm(self, ctx: CheckContext) -> float | None:
        """Won deals' pooled answer rate: answers per outbound call or email."""
        d = deal_facts(ctx)
        won = d.filter(d.outcome == "won")
        row = as_rows(won.aggregate(n=won.count(), k=won.n_responses.sum(), asks=won.n_asks.sum()))
        first = row[0]
        if (first["n"] or 0) < self.min_samples or not first["asks"]:
            return None
        return float(first["k"]) / float(first["asks"])

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        norm = self.norm(ctx)
        if norm is None:
            d = d.filter(ibis.literal(False))
            norm = 0.0
        live = d.filter(
            (d.outcome == "open") & (d.n_asks >= self.min_asks) & ~ZombieDeals().is_zombie(d, ctx)
        )
        upper = wilson_upper(live.n_responses.cast("float64"), live.n_asks.cast("float64"))
        t = live.select(
            "id", "rep", "amount", "n_asks", "n_responses", upper=upper, norm=ibis.literal(norm)
        )
        t = t.filter(t.upper < self.max_ratio * t.norm)
        return t.mutate(score=t.n_asks - t.n_responses * 10.0)

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        def text(r: dict[str, Any]) -> tuple[str, str, Metric, Evidence]:
            rate = r["n_responses"] / r["n_asks"]
            summary = (
                f"{r['n_responses']} answers to {r['n_asks']} outbound calls and emails "
                f"({pct(rate)}); won deals get {pct(r['norm'])}."
            )
            metric = Metric(
                name="answer rate",
                value=rate,
                high=r["upper"],
                baseline=r["norm"],
                unit="rate",
                baseline_label="won deals",
            )
            evidence = Evidence(
                affected=int(r["n_asks"] - r["n_responses"]),
                population=int(r["n_asks"]),
                record_kind="activity",
            )
            return f"Deal {r['id']}: the buyer has stopped answering", summary, metric, evidence

        return deal_list_findings(
            self,
            ctx,
            measured,
            population=open_deal_count(ctx),
            max_deals=self.max_deals,
            team_title="Deals where only the seller is talking",
            team_summary=lambda n, amount: (
                f"{n:,} open deals worth {amount:,.0f} get almost no answers to calls and emails, "
                "far fewer than deals that were won."
            ),
            deal_text=text,
            metric_name="one-sided open deals",
        )
