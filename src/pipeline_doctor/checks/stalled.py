"""Link 8, pipeline hygiene: deals stalled in a stage far longer than deals that went on to
win sat there."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Evidence, Finding, Metric
from pipeline_doctor.checks.common import as_rows
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import deal_list_findings, open_deal_count
from pipeline_doctor.checks.zombies import ZombieDeals
from pipeline_doctor.facts import days_between, deal_facts, stage_visits


class StalledDeals(Check):
    """Open deals sitting in their stage far longer than deals that went on to win sat there
    (a per-stage threshold from the won deals), after moving at a normal pace: most of the
    deal's life spent in its current stage. Deals still in the first stage (whose clock is
    the lead's age) and zombie deals (already on the qualify-out list) are left out."""

    id: ClassVar[str] = "stalled_deals"
    area: ClassVar[int] = 8
    title: ClassVar[str] = "Deals stalled in a stage"
    requires: ClassVar[tuple[str, ...]] = ("deals", "stage_changes", "stages")
    action: ClassVar[str] = (
        "Review each stalled deal with its rep: agree the one thing that moves it on, or "
        "qualify it out."
    )
    factor: float = 6.0
    """Stalled when in the stage longer than this multiple of the won deals' 90th percentile."""
    min_days: float = 30.0
    """Never call a deal stalled before this many days in its stage."""
    stuck_share: float = 0.6
    """Least share of the deal's whole age spent in its current stage."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def thresholds(self, ctx: CheckContext) -> dict[str, float]:
        v = stage_visits(ctx)
        won = v.filter((v.outcome == "won") & v.left_at.notnull())
        rows = as_rows(won.group_by(won.stage).aggregate(n=won.count(), p90=won.days.quantile(0.9)))
        first = min((s.order for s in ctx.open_stages()), default=0)
        return {
            r["stage"]: max(self.min_days, self.factor * float(r["p90"]))
            for r in rows
            if r["n"] >= self.min_samples
            and r["p90"] is not None
            and ctx.stage_order(r["stage"], first) != first
        }

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        limits = self.thresholds(ctx)
        if not limits:
            none = d.filter(ibis.literal(False))
            return none.select("id", "rep", "amount", "stage", days=none.age_days,
                               max_days=none.age_days, score=none.age_days)  # fmt: skip
        limit = ibis.cases(*[(d.stage == s, v) for s, v in limits.items()], else_=None)
        days = days_between(ibis.literal(ctx.now()), d.stage_entered_at)
        live = d.filter((d.outcome == "open") & ~ZombieDeals().is_zombie(d, ctx))
        t = live.select(
            "id", "rep", "amount", "stage", "age_days", days=days, max_days=limit.cast("float64")
        )
        t = t.filter(
            t.max_days.notnull() & (t.days > t.max_days) & (t.days >= self.stuck_share * t.age_days)
        )
        return t.mutate(score=t.days / t.max_days)

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        def text(r: dict[str, Any]) -> tuple[str, str, Metric, Evidence]:
            summary = (
                f"In {r['stage']} for {r['days']:.0f} of its {r['age_days']:.0f} days; deals "
                f"that went on to win left it within {r['max_days'] / self.factor:.0f}."
            )
            metric = Metric(
                name=f"days in {r['stage']}",
                value=r["days"],
                baseline=r["max_days"],
                unit="days",
                baseline_label=f"{self.factor:g}× the won deals' 90th percentile",
            )
            evidence = Evidence(affected=1, population=1)
            return f"Deal {r['id']} stalled in {r['stage']}", summary, metric, evidence

        return deal_list_findings(
            self,
            ctx,
            measured,
            population=open_deal_count(ctx),
            max_deals=self.max_deals,
            team_title="Deals stalled in a stage",
            team_summary=lambda n, amount: (
                f"{n:,} open deals worth {amount:,.0f} have sat in their stage far longer than "
                "deals that went on to win."
            ),
            deal_text=text,
            metric_name="stalled open deals",
        )
