"""Link 11, performance: reps with high activity volume and thin pipeline."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, rate_metric, rep_label
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import prior_strength, quantile, shrink, wilson

WORK_KINDS = ("call", "email", "meeting")


class ActivityWithoutPipeline(Check):
    """Reps who hit the activity numbers (at least the team's median volume) but create far
    less pipeline per activity than the rest of the team: "busy, pipeline still empty"."""

    id: ClassVar[str] = "activity_without_pipeline"
    area: ClassVar[int] = 11
    title: ClassVar[str] = "Activity without pipeline"
    requires: ClassVar[tuple[str, ...]] = ("deals", "activities")
    action: ClassVar[str] = (
        "Coach on where the activity goes: fewer, better-targeted touches on qualified "
        "accounts, and ask for the meeting in every conversation."
    )
    max_ratio: float = 0.5
    """Flag when the rep's deals per activity are below this fraction of the rest's."""
    min_samples: int = 100
    """Fewest activities a rep must have logged before being judged."""

    def measure(self, ctx: CheckContext) -> Any:
        a = ctx.activities()
        a = a.filter(a.kind.isin(WORK_KINDS) & a.rep.notnull() & (a.at <= ctx.now()))
        acts = a.group_by(a.rep).aggregate(activities=a.count())
        d = deal_facts(ctx)
        pipe = d.group_by(d.rep).aggregate(
            deals=d.count(),
            won=(d.outcome == "won").sum(),
            open_amount=(d.outcome == "open").ifelse(d.amount, 0.0).sum(),
            won_amount=(d.outcome == "won").ifelse(d.amount, 0.0).sum(),
        )
        pipe = pipe.rename(deal_rep="rep")
        j = acts.left_join(pipe, acts.rep == pipe.deal_rep).drop("deal_rep")
        return j.mutate(
            deals=j.deals.fill_null(0),
            won=j.won.fill_null(0),
            open_amount=j.open_amount.fill_null(0.0),
            won_amount=j.won_amount.fill_null(0.0),
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = [r for r in as_rows(measured) if r["activities"] > 0]
        if len(rows) < 3:
            return []
        median = quantile([float(r["activities"]) for r in rows], 0.5) or 0.0
        total_a = sum(r["activities"] for r in rows)
        total_d = sum(r["deals"] for r in rows)
        total_won_amount = sum(r["won_amount"] for r in rows)
        strength = prior_strength(
            [float(r["deals"]) for r in rows], [float(r["activities"]) for r in rows]
        )
        findings: list[Finding] = []
        for r in sorted(rows, key=lambda r: str(r["rep"])):
            if r["activities"] < max(median, self.min_samples):
                continue
            rest = wilson(total_d - r["deals"], total_a - r["activities"])
            own = wilson(r["deals"], r["activities"])
            shrunk = shrink(r["deals"], r["activities"], rest.value, strength)
            if not (own.high < rest.value and shrunk.value <= self.max_ratio * rest.value):
                continue
            name = rep_label(ctx, str(r["rep"]))
            per100 = 100 * own.value
            missing = (rest.value - own.value) * r["activities"]
            value_per_deal = total_won_amount / total_d if total_d else 0.0
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name} is busy but builds little pipeline",
                    summary=(
                        f"{name} logged {r['activities']:,} calls, emails and meetings (team "
                        f"median {median:,.0f}) but has {r['deals']:,} deals: {per100:.1f} per "
                        f"100 activities against {100 * rest.value:.1f} for the rest of the team."
                    ),
                    metric=rate_metric(
                        "deals per activity", own, rest.value, "rest of team", unit="ratio"
                    ),
                    scope=Scope(kind="rep", key=str(r["rep"]), label=name),
                    evidence=Evidence(
                        affected=int(r["deals"]),
                        population=int(r["activities"]),
                        record_kind="activity",
                    ),
                    money=Money(
                        amount=missing * value_per_deal,
                        how="deals the activity would create at the team's rate × the team's "
                        "won amount per deal",
                    ),
                )
            )
        return findings
