"""Link 8, pipeline hygiene: deals stalled in a stage far longer than deals that went on to
win sat there."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import REF_COLUMNS, deal_list_tables, judge_deal_list
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import PIPELINE_HYGIENE, Skill
from pipeline_doctor.checks.zombies import ZOMBIE_COLUMNS, ZombieDeals
from pipeline_doctor.facts import days_between, deal_facts
from pipeline_doctor.facts.norms import stage_norms
from pipeline_doctor.wording import agree, days, plural


class StalledDeals(Check):
    """Open deals sitting in their stage far longer than deals that went on to win sat there
    (`factor` × the won deals' 90th percentile in that stage, from stages with `min_samples`
    won visits), after moving at a normal pace: most of the deal's life spent in its current
    stage. Deals still in the first stage (whose clock is the lead's age) and zombie deals
    (already on the qualify-out list, by the run's zombie_deals settings) are left out."""

    id: ClassVar[str] = "stalled_deals"
    area: ClassVar[int] = 8
    title: ClassVar[str] = "Deals stalled in a stage"
    skill: ClassVar[Skill | None] = PIPELINE_HYGIENE
    requires: ClassVar[tuple[Need, ...]] = ("deals", "deals.created_at", "stage_changes", "stages")
    answers: ClassVar[tuple[str, ...]] = ("stalled_deals",)
    deal_list: ClassVar[Any] = "qualify_out"
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

    def thresholds(self, ctx: CheckContext) -> Any:
        """Per stage (not the first): won visits and the days past which a deal is stalled."""
        per = stage_norms(ctx)
        first = min((s.order for s in ctx.open_stages()), default=0)
        per = per.filter((per.won_visits >= self.min_samples) & (per.stage_order != first))
        return per.mutate(max_days=ibis.greatest(self.min_days, self.factor * per.p90))

    def measure(self, ctx: CheckContext) -> Measurement:
        d = deal_facts(ctx, *REF_COLUMNS, *ZOMBIE_COLUMNS, "stage_entered_at")
        limits = self.thresholds(ctx).select(limit_stage="stage", max_days="max_days")
        live = d.filter((d.outcome == "open") & ~ctx.check(ZombieDeals).is_zombie(ctx, d))
        j = live.join(limits, live.stage == limits.limit_stage).drop("limit_stage")
        j = j.mutate(days=days_between(ibis.literal(ctx.now()), j.stage_entered_at))
        flagged = j.filter((j.days > j.max_days) & (j.days >= self.stuck_share * j.age_days))
        flagged = flagged.mutate(score=flagged.days / flagged.max_days)
        tables = deal_list_tables(ctx, flagged, self.max_deals, keep=("days", "max_days"))
        tables["stages"] = self.thresholds(ctx).aggregate(n=ibis._.count())
        return Measurement(tables)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        stages = int(measured["stages"][0]["n"] or 0)
        if stages == 0:
            j = Judgement()
            j.little(
                f"no stage after the first has {self.min_samples} won deals that passed "
                "through it, to set how long is too long"
            )
            return j
        return judge_deal_list(
            self,
            basis,
            measured,
            title="Deals stalled in a stage",
            summary=lambda n, amount: (
                f"{plural(n, 'open deal')}{amount} {agree(n, 'has', 'have')} sat in "
                f"{agree(n, 'its', 'their')} stage far longer "
                f"({self.factor:g}× or more) than deals that went on to win sat there."
            ),
            metric_name="open deals stalled in a stage",
            note=lambda r: (
                f"in {r['stage']} for {r['days']:.0f} of its {days(r['age_days'])}; won "
                f"deals left it within {days(r['max_days'] / self.factor)}"
            ),
            healthy=f"no open deal sits in a stage {self.factor:g}× longer than won deals did "
            f"(judged on {plural(stages, 'stage')})",
        )
