"""Link 6, next step: meetings not followed by an agreed, scheduled next step."""

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
from pipeline_doctor.facts import deal_facts, meeting_facts
from pipeline_doctor.stats import wilson


class MissingNextStep(Check):
    """Held meetings that end without an agreed next step scheduled within a working week;
    reps who leave meetings open far more often than the rest of the team."""

    id: ClassVar[str] = "missing_next_step"
    area: ClassVar[int] = 6
    title: ClassVar[str] = "Meetings end without a next step"
    requires: ClassVar[tuple[str, ...]] = ("deals", "activities")
    action: ClassVar[str] = (
        "End every meeting by agreeing the next step with the buyer and putting it in both "
        "calendars before leaving the call."
    )
    within_days: float = 7.0
    """A next step counts when it is due within this many days of the meeting."""
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_share: float = 0.4
    """Team share of meetings without a next step above which the team is flagged."""

    def measure(self, ctx: CheckContext) -> Any:
        m = meeting_facts(ctx)
        ok = m.has_next_step & m.due_days.notnull() & (m.due_days <= self.within_days)
        per_deal = m.group_by(m.deal).aggregate(meetings=m.count(), missing=(~ok).sum())
        d = deal_facts(ctx)
        j = d.join(per_deal, d.id == per_deal.deal)
        gap = j.missing > 0
        return j.group_by(j.rep).aggregate(
            n=j.meetings.sum(), k=j.missing.sum(), **outcome_split(j, gap)
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        if not rows:
            return []
        tot = team_totals(rows)
        if tot["n"] < self.min_samples:
            return []
        with_gap = wilson(tot["won_gap"], tot["closed_gap"])
        without = wilson(tot["won_ok"], tot["closed_ok"])
        cost = max(0.0, without.value - with_gap.value)
        share = wilson(tot["k"], tot["n"])
        findings: list[Finding] = []
        if share.value >= self.max_share:
            findings.append(
                self.finding(
                    ctx,
                    title="Meetings end without an agreed next step",
                    summary=(
                        f"{pct(share.value)} of meetings had no next step scheduled within "
                        f"{self.within_days:g} days; deals with such a meeting win "
                        f"{pct(with_gap.value)} against {pct(without.value)}."
                    ),
                    metric=rate_metric(
                        "meetings without a next step", share, self.max_share, "healthy ceiling"
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(
                        affected=int(tot["k"]), population=int(tot["n"]), record_kind="activity"
                    ),
                    money=Money(
                        amount=tot["open_gap_amount"] * cost,
                        how="open deals with a meeting left open × the win-rate cost",
                    ),
                )
            )
        for o in outlier_reps(rows, min_samples=self.min_samples, min_gap=self.min_gap):
            name = rep_label(ctx, o.rep)
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name}'s meetings end without a next step",
                    summary=(
                        f"{pct(o.rate.value)} of {name}'s meetings had no next step scheduled "
                        f"within {self.within_days:g} days, against {pct(o.team.value)} for the "
                        "rest of the team."
                    ),
                    metric=rate_metric(
                        "meetings without a next step", o.rate, o.team.value, "rest of team"
                    ),
                    scope=Scope(kind="rep", key=o.rep, label=name),
                    evidence=Evidence(
                        affected=int(o.extra["k"]),
                        population=int(o.extra["n"]),
                        record_kind="activity",
                    ),
                    money=Money(
                        amount=o.extra["open_gap_amount"] * cost,
                        how="the rep's open deals with a meeting left open × the win-rate cost",
                    ),
                )
            )
        return findings
