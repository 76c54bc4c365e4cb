"""Link 10, lost-deal learning: lost reasons left blank or vague."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, outlier_reps, pct, rate_metric, rep_label
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson

VAGUE = ("", "other", "n/a", "na", "none", "lost", "-", "unknown", "no reason", "?")


class LostReasonHygiene(Check):
    """Lost deals with no reason, or only "other" with no usable explanation; reps who leave
    reasons blank far more often than the rest of the team."""

    id: ClassVar[str] = "lost_reason_hygiene"
    area: ClassVar[int] = 10
    title: ClassVar[str] = "Lost reasons missing or vague"
    requires: ClassVar[tuple[str, ...]] = ("deals",)
    action: ClassVar[str] = (
        "Record a specific root cause for every loss (price, functionality, sales tactic, "
        "timing, no decision, competitor) and review losses monthly."
    )
    min_text_chars: int = 15
    """An "other" reason needs at least this much explanation to be usable."""
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_share: float = 0.25
    """Team share of lost deals without a reason above which the team is flagged."""
    learnable_share: float = 0.1
    """Share of the unexplained lost amount assumed recoverable by learning from losses."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        lost = d.filter(d.outcome == "lost")
        text = lost.lost_reason_text.strip().lower()
        vague_text = text.isnull() | text.isin(VAGUE) | (text.length() < self.min_text_chars)
        cat = lost.lost_reason_category
        bad = cat.isnull() | ((cat == "other") & vague_text)
        return lost.group_by(lost.rep).aggregate(
            n=lost.count(), k=bad.sum(), bad_amount=bad.ifelse(lost.amount, 0.0).sum()
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        rows = as_rows(measured)
        n = sum(r["n"] for r in rows)
        k = sum(r["k"] for r in rows)
        if n < self.min_samples:
            return []
        share = wilson(k, n)
        findings: list[Finding] = []
        if share.value >= self.max_share:
            amount = sum(r["bad_amount"] for r in rows)
            findings.append(
                self.finding(
                    ctx,
                    title="Lost deals without a usable reason",
                    summary=f"{k:,} of {n:,} lost deals ({pct(share.value)}) have no specific "
                    "lost reason, so nobody can learn from them.",
                    metric=rate_metric(
                        "lost deals without a reason", share, self.max_share, "healthy ceiling"
                    ),
                    scope=Scope(kind="team", label="team"),
                    evidence=Evidence(affected=k, population=n),
                    money=Money(
                        amount=amount * self.learnable_share,
                        how=f"unexplained lost amount × {pct(self.learnable_share)} assumed "
                        "recoverable by learning from losses",
                    ),
                )
            )
        for o in outlier_reps(rows, min_samples=self.min_samples, min_gap=self.min_gap):
            name = rep_label(ctx, o.rep)
            findings.append(
                self.finding(
                    ctx,
                    title=f"{name} leaves lost reasons blank",
                    summary=f"{pct(o.rate.value)} of {name}'s lost deals have no usable reason, "
                    f"against {pct(o.team.value)} for the rest of the team.",
                    metric=rate_metric(
                        "lost deals without a reason", o.rate, o.team.value, "rest of team"
                    ),
                    scope=Scope(kind="rep", key=o.rep, label=name),
                    evidence=Evidence(affected=int(o.extra["k"]), population=int(o.extra["n"])),
                    money=Money(
                        amount=o.extra["bad_amount"] * self.learnable_share,
                        how="the rep's unexplained lost amount × the recoverable share",
                    ),
                )
            )
        return findings
