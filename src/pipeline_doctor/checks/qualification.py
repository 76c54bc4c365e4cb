"""Link 3, qualification: deals advanced past qualification with budget, authority, need or
timing unknown; win rate with and without each."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import (
    as_rows,
    outlier_reps,
    pct,
    rate_metric,
    rep_label,
    team_totals,
)
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.facts.deals import BANT
from pipeline_doctor.stats import wilson


class QualificationGaps(Check):
    """Deals moved past qualification with budget, authority, need or timing still unknown;
    reps who do it far more often than the rest of the team, and what it costs in win rate."""

    id: ClassVar[str] = "qualification_gaps"
    area: ClassVar[int] = 3
    title: ClassVar[str] = "Deals advanced unqualified"
    requires: ClassVar[tuple[str, ...]] = ("deals", "stage_changes", "stages")
    action: ClassVar[str] = (
        "Before a deal leaves qualification, confirm budget, authority, need and timing; "
        "qualify out deals where they can't be established."
    )
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_share: float = 0.4
    """Team share of advanced deals with a BANT gap above which the team is flagged."""
    qualification_stage: str = "Qualification"
    """The stage a deal must have moved past to count as advanced."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        q = ctx.stage_order(self.qualification_stage, 1)
        adv = d.filter(d.reached_order > q)
        gap = adv.n_unknown_bant > 0
        closed = adv.outcome.isin(("won", "lost"))
        won = adv.outcome == "won"
        agg: dict[str, Any] = {
            "n": adv.count(),
            "k": gap.sum(),
            "closed_gap": (closed & gap).sum(),
            "won_gap": (won & gap).sum(),
            "closed_ok": (closed & ~gap).sum(),
            "won_ok": (won & ~gap).sum(),
            "open_gap_amount": ((adv.outcome == "open") & gap).ifelse(adv.amount, 0.0).sum(),
        }
        for c in BANT:
            agg[f"{c}_unknown"] = adv[f"{c}_unknown"].sum()
        return adv.group_by(adv.rep).aggregate(**agg)

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        tot = team_totals(rows)
        if not rows or tot["n"] < self.min_samples:
            return []
        with_gap = wilson(tot["won_gap"], tot["closed_gap"])
        without = wilson(tot["won_ok"], tot["closed_ok"])
        cost = max(0.0, without.value - with_gap.value)
        findings: list[Finding] = []
        share = wilson(tot["k"], tot["n"])
        if share.value >= self.max_share and with_gap.high < without.low:
            worst = max(BANT, key=lambda c: (tot[f"{c}_unknown"], c))
            findings.append(
                self.finding(
                    ctx,
                    title="Deals pass qualification with budget, authority or timing unknown",
                    summary=(
                        f"{pct(share.value)} of deals past qualification have a BANT gap "
                        f"(most often {worst}); they win {pct(with_gap.value)} against "
                        f"{pct(without.value)} when fully qualified."
                    ),
                    metric=rate_metric(
                        "advanced deals with a BANT gap", share, self.max_share, "healthy ceiling"
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(affected=int(tot["k"]), population=int(tot["n"])),
                    money=Money(
                        amount=tot["open_gap_amount"] * cost,
                        how="open deals with a gap × the win-rate cost of the gap",
                    ),
                )
            )
        for o in outlier_reps(rows, min_samples=self.min_samples, min_gap=self.min_gap):
            name = rep_label(ctx, o.rep)
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name} advances deals without qualifying them",
                    summary=(
                        f"{pct(o.rate.value)} of {name}'s deals past qualification have budget, "
                        f"authority, need or timing unknown, against {pct(o.team.value)} for the "
                        "rest of the team."
                    ),
                    metric=rate_metric(
                        "advanced deals with a BANT gap", o.rate, o.team.value, "rest of team"
                    ),
                    scope=Scope(kind="rep", key=o.rep, label=name),
                    evidence=Evidence(affected=int(o.extra["k"]), population=int(o.extra["n"])),
                    money=Money(
                        amount=o.extra["open_gap_amount"] * cost,
                        how="the rep's open deals with a gap × the team's win-rate cost of a gap",
                    ),
                )
            )
        return findings
