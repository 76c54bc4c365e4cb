"""Link 11, performance: for each rep, the stage where their conversion falls furthest below
the rest of the team's (shrunk toward the team), with the deals it cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.common import no_outlier, rate_metric
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Evidence, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import Skill
from pipeline_doctor.facts import rep_stage_funnel
from pipeline_doctor.stats import Rate, Shrunk, prior_strength, shrink, wilson
from pipeline_doctor.wording import money, pct, plural


@dataclass(frozen=True)
class StageGap:
    """One rep at one stage: own conversion, shrunk conversion, the rest of the team's."""

    rep: str
    stage: str
    stage_order: int
    reached: int
    advanced: int
    rate: Rate
    shrunk: Shrunk
    team: Rate
    lost_amount: float

    @property
    def gap(self) -> float:
        return self.team.value - self.shrunk.value


def stage_gaps(rows: list[dict[str, Any]]) -> list[StageGap]:
    """Every (rep, stage) with the rep's conversion shrunk toward the rest of the team's."""
    gaps: list[StageGap] = []
    for stage in sorted({r["stage"] for r in rows}):
        at = [r for r in rows if r["stage"] == stage and r["reached"]]
        k_all = sum(r["advanced"] for r in at)
        n_all = sum(r["reached"] for r in at)
        strength = prior_strength([r["advanced"] for r in at], [r["reached"] for r in at])
        for r in at:
            team = wilson(k_all - r["advanced"], n_all - r["reached"])
            gaps.append(
                StageGap(
                    rep=str(r["rep"]),
                    stage=stage,
                    stage_order=int(r["stage_order"]),
                    reached=int(r["reached"]),
                    advanced=int(r["advanced"]),
                    rate=wilson(r["advanced"], r["reached"]),
                    shrunk=shrink(r["advanced"], r["reached"], team.value, strength),
                    team=team,
                    lost_amount=float(r["lost_amount"] or 0.0),
                )
            )
    return sorted(gaps, key=lambda g: (g.rep, g.stage_order))


def weakest_links(rows: list[dict[str, Any]]) -> dict[str, StageGap]:
    """Per rep, the stage with the largest shrunk shortfall against the rest of the team."""
    worst: dict[str, StageGap] = {}
    for g in stage_gaps(rows):
        if g.rep not in worst or g.gap > worst[g.rep].gap:
            worst[g.rep] = g
    return worst


class RepFunnelLeak(Check):
    """For each rep, the stage where their conversion falls furthest below the rest of the
    team's, shrunk toward the team so small samples don't shout, with the deals it cost.
    Reported when that stage accounts for most of the rep's excess losses; a rep who loses
    at every stage has an upstream cause, which the diagnosis names."""

    id: ClassVar[str] = "rep_funnel_leak"
    area: ClassVar[int] = 11
    title: ClassVar[str] = "Rep's funnel leaks at one stage"
    skill: ClassVar[Skill | None] = None
    requires: ClassVar[tuple[Need, ...]] = ("deals", "stage_changes", "stages")
    answers: ClassVar[tuple[str, ...]] = ("stage_leak",)
    symptom: ClassVar[bool] = True
    action: ClassVar[str] = (
        "Coach this rep on this stage: review their lost deals there with them and pair them "
        "with the team's strongest rep at it."
    )
    min_gap: float = 0.2
    """Smallest shrunk shortfall (absolute) against the rest of the team worth reporting."""
    min_share: float = 0.6
    """Least share of the rep's excess lost deals (summed over stages, against the rest of the
    team) that the stage must account for: a leak at one stage, not a rep losing everywhere."""

    def measure(self, ctx: CheckContext) -> Measurement:
        return Measurement({"main": rep_stage_funnel(ctx)})

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        rows = measured.main
        reached_at: dict[int, int] = {}
        for r in rows:
            order = int(r["stage_order"])
            reached_at[order] = reached_at.get(order, 0) + int(r["reached"])
        orders = sorted(reached_at)
        won_total = sum(r["advanced"] for r in rows if orders and r["stage_order"] == orders[-1])
        won_after = {
            o: (won_total / reached_at[orders[i + 1]] if reached_at[orders[i + 1]] else 0.0)
            if i + 1 < len(orders)
            else 1.0
            for i, o in enumerate(orders)
        }
        excess: dict[str, float] = {}
        for g in stage_gaps(rows):
            excess[g.rep] = (
                excess.get(g.rep, 0.0) + max(0.0, g.team.value - g.rate.value) * g.reached
            )
        judged = 0
        compared: list[str] = []
        for g in weakest_links(rows).values():
            if g.reached < self.min_samples:
                continue
            judged += 1
            compared.append(g.rep)
            if basis.scope.rep not in (None, g.rep):
                continue
            if g.gap < self.min_gap or g.rate.high >= g.team.value:
                continue
            own = max(0.0, g.team.value - g.rate.value) * g.reached
            if not excess.get(g.rep) or own / excess[g.rep] < self.min_share:
                continue  # a rep who loses at every stage: the cause is upstream, not a stage
            name = basis.rep_name(g.rep)
            avg = g.lost_amount / max(1, g.reached - g.advanced)
            lost_deals = (g.team.value - g.rate.value) * g.reached
            wins = lost_deals * won_after.get(g.stage_order, 0.0)
            how = (
                f"about {plural(lost_deals, 'extra deal')} lost at {g.stage} × the team's win rate "
                f"from the next stage on × the average amount of the rep's deals lost there "
                f"({money(avg, basis.currency)})"
            )
            j.findings.append(
                self.finding(
                    basis,
                    title=f"{name} loses deals at {g.stage}",
                    summary=(
                        f"{name} moves {pct(g.rate.value)} of deals on from {g.stage} against "
                        f"{pct(g.team.value)} for the rest of the team: about "
                        f"{plural(round(lost_deals), 'deal')} lost there."
                    ),
                    metric=rate_metric(
                        f"conversion at {g.stage}", g.rate, g.team.value, "rest of team"
                    ),
                    scope=Scope(kind="rep", key=g.rep, label=name, attributes={"stage": g.stage}),
                    evidence=Evidence(affected=g.reached - g.advanced, population=g.reached),
                    impact=basis.impact(wins, wins * avg, how),
                )
            )
        if judged == 0:
            j.little(f"no rep has {self.min_samples} closed deals that reached a stage")
        elif not j.findings:
            leak = (
                f"no leak at one stage of {round(100 * self.min_gap)} points or more against the "
                "rest of the team"
            )
            no_outlier(
                j,
                basis,
                compared,
                f"compared {plural(judged, 'rep')} stage by stage: {leak}",
                f"has {leak} (compared stage by stage with {plural(judged - 1, 'other rep')})",
                f"{self.min_samples} closed deals that reached a stage",
            )
        return j
