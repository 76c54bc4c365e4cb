"""Link 8, pipeline hygiene: zombie deals to qualify out, worst first."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Evidence, Finding, Metric
from pipeline_doctor.checks.common import as_rows
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import deal_list_findings, open_deal_count
from pipeline_doctor.facts import deal_facts


def won_cycle_p90(ctx: CheckContext) -> float | None:
    """The 90th percentile of won deals' days from creation to close."""

    def build(c: CheckContext) -> float | None:
        d = deal_facts(c)
        won = d.filter(d.outcome == "won")
        row = as_rows(won.aggregate(n=won.count(), p90=won.age_days.quantile(0.9)))[0]
        return float(row["p90"]) if row["n"] and row["p90"] is not None else None

    value: float | None = ctx.small("won_cycle_p90", build)
    return value


class ZombieDeals(Check):
    """Open deals far past the won deals' cycle that show at least two signs of being dead:
    repeated close-date pushes, closed and reopened, many unanswered touches. The qualify-out
    list, worst first."""

    id: ClassVar[str] = "zombie_deals"
    area: ClassVar[int] = 8
    title: ClassVar[str] = "Zombie deals to qualify out"
    requires: ClassVar[tuple[str, ...]] = ("deals",)
    action: ClassVar[str] = (
        "Ask the buyer an honest question (is this still a priority this quarter?) and "
        "qualify the deal in or out this week; stop forecasting it until then."
    )
    age_factor: float = 2.0
    """Open for longer than this multiple of the won deals' 90th-percentile cycle."""
    min_age_days: float = 90.0
    """Never call a deal a zombie before it is this many days old."""
    min_pushes: int = 3
    """Close-date pushes that count as a sign."""
    min_reopens: int = 1
    """Reopenings that count as a sign."""
    min_unanswered: int = 15
    """Unanswered outbound calls and meetings that count as a sign."""
    min_signs: int = 2
    """How many of the three signs a long-open deal must show."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def norm_days(self, ctx: CheckContext) -> float:
        return max(self.min_age_days, self.age_factor * (won_cycle_p90(ctx) or 0.0))

    def is_zombie(self, d: Any, ctx: CheckContext) -> Any:
        """Boolean expression over the deal facts `d`."""
        signs = (
            (d.n_pushes >= self.min_pushes).cast("int64")
            + (d.n_reopens >= self.min_reopens).cast("int64")
            + (d.n_unanswered >= self.min_unanswered).cast("int64")
        )
        return (
            (d.outcome == "open") & (d.age_days > self.norm_days(ctx)) & (signs >= self.min_signs)
        )

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        norm = self.norm_days(ctx)
        score = (
            d.age_days / norm + d.n_pushes + 2 * d.n_reopens + d.n_unanswered / self.min_unanswered
        )
        flagged = d.filter(self.is_zombie(d, ctx))
        return flagged.select(
            "id", "rep", "amount", "age_days", "n_pushes", "n_reopens", "n_unanswered",
            "n_touches", score=score, norm_days=ibis.literal(norm),
        )  # fmt: skip

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        norm = self.norm_days(ctx)

        def text(r: dict[str, Any]) -> tuple[str, str, Metric, Evidence]:
            summary = (
                f"Open {r['age_days']:.0f} days (won deals close within "
                f"{norm / self.age_factor:.0f}), {r['n_touches']} touches with "
                f"{r['n_unanswered']} unanswered, close date pushed {r['n_pushes']} times, "
                f"reopened {r['n_reopens']} times."
            )
            metric = Metric(
                name="days open",
                value=r["age_days"],
                baseline=norm,
                unit="days",
                baseline_label=f"{self.age_factor:g}× the won deals' 90th-percentile cycle",
            )
            evidence = Evidence(
                affected=int(r["n_unanswered"]),
                population=int(r["n_touches"]),
                record_kind="activity",
            )
            return f"Zombie deal {r['id']}", summary, metric, evidence

        return deal_list_findings(
            self,
            ctx,
            measured,
            population=open_deal_count(ctx),
            max_deals=self.max_deals,
            team_title="Zombie deals clog the pipeline",
            team_summary=lambda n, amount: (
                f"{n:,} open deals worth {amount:,.0f} are far past the normal cycle and keep "
                "being pushed, reopened or chased without answer."
            ),
            deal_text=text,
            metric_name="zombie deals",
        )
