"""Link 11, performance: reps with high activity volume and thin pipeline."""

from __future__ import annotations

from typing import ClassVar

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.common import no_outlier
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Evidence, Metric, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import TARGETING, Skill
from pipeline_doctor.facts import population_facts
from pipeline_doctor.stats import prior_strength, quantile, shrink, wilson
from pipeline_doctor.wording import pct, plural

WORK_KINDS = ("call", "email", "meeting")
WORK = "calls, emails and meetings"
PER = 1000
"""Deals are counted per this many activities: a rep's few deals per activity read as "6 per
1,000", not as "0.006"."""


class ActivityWithoutPipeline(Check):
    """Reps who hit the activity numbers (at least the team's median volume) but create far
    less pipeline per activity than the rest of the team: "busy, pipeline still empty"."""

    id: ClassVar[str] = "activity_without_pipeline"
    area: ClassVar[int] = 11
    title: ClassVar[str] = "Activity without pipeline"
    skill: ClassVar[Skill | None] = TARGETING
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "activities.rep")
    answers: ClassVar[tuple[str, ...]] = ("activity_without_pipeline",)
    action: ClassVar[str] = (
        "Coach on where the activity goes: fewer, better-targeted touches on qualified "
        "accounts, and ask for the meeting in every conversation."
    )
    max_ratio: float = 0.5
    """Flag when the rep's deals per activity are below this fraction of the rest's."""
    min_samples: int = 100
    """Fewest activities a rep must have logged before being judged."""

    def measure(self, ctx: CheckContext) -> Measurement:
        a = ctx.population_activities()
        a = a.filter(a.kind.isin(WORK_KINDS) & a.rep.notnull())
        acts = a.group_by(a.rep).aggregate(activities=a.count())
        d = population_facts(ctx, "rep", "outcome", "amount")
        pipe = d.group_by(deal_rep=d.rep).aggregate(
            deals=d.count(),
            won=d.count(where=d.outcome == "won"),
            lost=d.count(where=d.outcome == "lost"),
            won_amount=d.amount.sum(where=d.outcome == "won").fill_null(0.0),
        )
        j = acts.left_join(pipe, acts.rep == pipe.deal_rep).drop("deal_rep")
        return Measurement(
            {
                "main": j.mutate(
                    **{c: j[c].fill_null(0) for c in ("deals", "won", "lost", "won_amount")}
                )
            }
        )

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        rows = [r for r in measured.main if r["activities"] > 0]
        if len(rows) < 3:
            j.little(f"{plural(len(rows), 'rep')} with calls, emails or meetings; 3 needed")
            return j
        median = quantile([float(r["activities"]) for r in rows], 0.5) or 0.0
        total_a = sum(r["activities"] for r in rows)
        total_d = sum(r["deals"] for r in rows)
        total_won = sum(r["won"] for r in rows)
        total_closed = sum(r["won"] + r["lost"] for r in rows)
        win = total_won / total_closed if total_closed else 0.0
        value = sum(r["won_amount"] for r in rows) / total_won if total_won else 0.0
        strength = prior_strength(
            [float(r["deals"]) for r in rows], [float(r["activities"]) for r in rows]
        )
        judged = 0
        compared: list[str] = []
        for r in sorted(rows, key=lambda r: str(r["rep"])):
            if r["activities"] < max(median, self.min_samples):
                continue
            judged += 1
            compared.append(str(r["rep"]))
            if basis.scope.rep not in (None, r["rep"]):
                continue
            rest = wilson(total_d - r["deals"], total_a - r["activities"])
            own = wilson(r["deals"], r["activities"])
            shrunk = shrink(r["deals"], r["activities"], rest.value, strength)
            if not (own.high < rest.value and shrunk.value <= self.max_ratio * rest.value):
                continue
            name = basis.rep_name(str(r["rep"]))
            missing = (rest.value - own.value) * r["activities"]
            how = (
                f"about {plural(missing, 'deal')} the activity would create at the team's rate × "
                f"the win rate ({pct(win)})"
            )
            j.findings.append(
                self.finding(
                    basis,
                    title=f"{name} is busy but builds little pipeline",
                    summary=(
                        f"{name} logged {plural(r['activities'], 'call, email or meeting', WORK)}"
                        f" (team median: {plural(median, 'activity')}) but has "
                        f"{plural(r['deals'], 'deal')}: {PER * own.value:.1f} per "
                        f"{PER:,} activities against {PER * rest.value:.1f} for the rest of the "
                        "team."
                    ),
                    metric=Metric(
                        name=f"deals per {PER:,} calls, emails and meetings",
                        value=PER * own.value,
                        low=PER * own.low,
                        high=PER * own.high,
                        baseline=PER * rest.value,
                        baseline_label="rest of team",
                        unit="count",
                    ),
                    scope=Scope(kind="rep", key=str(r["rep"]), label=name),
                    evidence=Evidence(
                        affected=int(r["deals"]),
                        population=int(r["activities"]),
                        record_kind="activity",
                    ),
                    impact=basis.impact(missing * win, missing * win * value, how),
                )
            )
        if not j.findings:
            rate = f"creates deals at under {pct(self.max_ratio)} of the rest's rate per activity"
            no_outlier(
                j,
                basis,
                compared,
                f"{plural(judged, 'rep')} at or above the team's median of {median:,.0f} calls, "
                f"emails and meetings: none {rate}",
                f"logs at least the team's median of {median:,.0f} calls, emails and meetings "
                f"and does not {rate.replace('creates', 'create', 1)}",
                f"the team's median of {median:,.0f} calls, emails and meetings",
            )
        return j
