"""Link 9, support: late-stage deals single-threaded (one contact, no decision maker) or with
no technical help involved."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import (
    as_rows,
    outcome_split,
    outlier_reps,
    pct,
    rate_metric,
    rep_label,
    team_totals,
)
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson


class LateStageSupport(Check):
    """Deals that reached the late stages with a single contact or no decision maker involved,
    or with no technical contact ever engaged; reps who single-thread far more than the team."""

    id: ClassVar[str] = "late_stage_support"
    area: ClassVar[int] = 9
    title: ClassVar[str] = "Single-threaded late-stage deals"
    requires: ClassVar[tuple[str, ...]] = ("deals", "activities", "contacts", "stage_changes")
    action: ClassVar[str] = (
        "From the proposal stage on, bring in the decision maker and a technical contact "
        "(and your own technical help); a deal resting on one person is at risk."
    )
    late_stage: str = "Proposal"
    """The first stage counted as late."""
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_share: float = 0.5
    """Team share of single-threaded late deals above which the team is flagged."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        j = d.filter(d.reached_order >= ctx.stage_order(self.late_stage, 3))
        single = j.single_contact | (j.n_decision_maker == 0)
        no_tech = j.n_technical == 0
        return j.group_by(j.rep).aggregate(
            n=j.count(), k=single.sum(), no_tech=no_tech.sum(), **outcome_split(j, single)
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        if not rows:
            return []
        tot = team_totals(rows)
        if tot["n"] < self.min_samples:
            return []
        cost = max(
            0.0,
            wilson(tot["won_ok"], tot["closed_ok"]).value
            - wilson(tot["won_gap"], tot["closed_gap"]).value,
        )
        share = wilson(tot["k"], tot["n"])
        findings: list[Finding] = []
        if share.value >= self.max_share:
            findings.append(
                self.finding(
                    ctx,
                    title="Late-stage deals rest on one person",
                    summary=(
                        f"{pct(share.value)} of deals that reached {self.late_stage} involved one "
                        f"contact or no decision maker; {pct(tot['no_tech'] / tot['n'])} never "
                        "involved a technical contact."
                    ),
                    metric=rate_metric(
                        "single-threaded late-stage deals", share, self.max_share, "healthy ceiling"
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(affected=int(tot["k"]), population=int(tot["n"])),
                    money=Money(
                        amount=tot["open_gap_amount"] * cost,
                        how="open single-threaded late deals × the win-rate cost",
                    ),
                )
            )
        for o in outlier_reps(rows, min_samples=self.min_samples, min_gap=self.min_gap):
            name = rep_label(ctx, o.rep)
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name} single-threads late-stage deals",
                    summary=(
                        f"{pct(o.rate.value)} of {name}'s late-stage deals involved one contact "
                        f"or no decision maker, against {pct(o.team.value)} for the rest of the "
                        "team."
                    ),
                    metric=rate_metric(
                        "single-threaded late-stage deals", o.rate, o.team.value, "rest of team"
                    ),
                    scope=Scope(kind="rep", key=o.rep, label=name),
                    evidence=Evidence(affected=int(o.extra["k"]), population=int(o.extra["n"])),
                    money=Money(
                        amount=o.extra["open_gap_amount"] * cost,
                        how="the rep's open single-threaded late deals × the win-rate cost",
                    ),
                )
            )
        return findings
