"""Link 10, lost-deal learning: process signals over-represented in lost deals against won
deals, and the open deals showing the same pattern now."""

from __future__ import annotations

from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, money, pct, rate_metric, sample_ids
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson

SIGNALS: dict[str, str] = {
    "bant_gap": "budget, authority, need or timing unknown",
    "no_meeting": "no meeting held",
    "one_sided": "three or more outbound touches per buyer reply",
    "close_pushed": "close date pushed twice or more",
    "single_contact": "one contact or none involved",
    "reopened": "closed and reopened",
}


def _signals(d: Any) -> dict[str, Any]:
    return {
        "bant_gap": d.n_unknown_bant > 0,
        "no_meeting": d.n_meetings == 0,
        "one_sided": d.n_outbound >= 3 * (d.n_inbound + 1),
        "close_pushed": d.n_pushes >= 2,
        "single_contact": d.single_contact,
        "reopened": d.n_reopens >= 1,
    }


class LostDealPatterns(Check):
    """Process signals (unknown BANT, no meeting, one-sided follow-up, pushed close dates,
    a single contact, reopenings) far more common in lost deals than in won ones, and the open
    deals that show the same signal today."""

    id: ClassVar[str] = "lost_deal_patterns"
    area: ClassVar[int] = 10
    title: ClassVar[str] = "Losses repeat a pattern"
    requires: ClassVar[tuple[str, ...]] = ("deals",)
    action: ClassVar[str] = (
        "Review the open deals that show this pattern now, and fix the habit behind it "
        "before they are lost the same way."
    )
    min_lift: float = 1.5
    """A signal counts when its share in lost deals is at least this multiple of won deals'."""
    min_samples: int = 30
    """Fewest won and lost deals (and lost deals with the signal) before judging."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        sig = _signals(d)
        is_open = d.outcome == "open"
        agg: dict[str, Any] = {"n": d.count()}
        for name, expr in sig.items():
            agg[name] = expr.sum()
            agg[f"{name}_open_amount"] = (is_open & expr).ifelse(d.amount, 0.0).sum()
        return d.group_by(d.outcome).aggregate(**agg)

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        by = {r["outcome"]: r for r in as_rows(measured)}
        won, lost, opened = by.get("won"), by.get("lost"), by.get("open")
        if not won or not lost or won["n"] < self.min_samples or lost["n"] < self.min_samples:
            return []
        d = deal_facts(ctx)
        sig = _signals(d)
        findings: list[Finding] = []
        for name, label in SIGNALS.items():
            in_lost = wilson(lost[name], lost["n"])
            in_won = wilson(won[name], won["n"])
            if lost[name] < self.min_samples or in_lost.low <= in_won.high:
                continue
            if in_lost.value < self.min_lift * in_won.value:
                continue
            with_sig = wilson(won[name], won[name] + lost[name])
            without = wilson(won["n"] - won[name], won["n"] - won[name] + lost["n"] - lost[name])
            open_n = int(opened[name]) if opened else 0
            open_amount = float(opened[f"{name}_open_amount"]) if opened else 0.0
            flagged = d.filter((d.outcome == "open") & sig[name])
            findings.append(
                self.finding(
                    ctx,
                    title=f"Lost deals often had {label}",
                    summary=(
                        f"{pct(in_lost.value)} of lost deals had {label} against "
                        f"{pct(in_won.value)} of won deals; {open_n:,} open deals show it now."
                    ),
                    metric=rate_metric(
                        f"lost deals with {label}", in_lost, in_won.value, "won deals"
                    ),
                    scope=Scope(kind="team", label="team", attributes={"signal": name}),
                    evidence=Evidence(
                        affected=open_n,
                        population=int(opened["n"]) if opened else 0,
                        sample=sample_ids(flagged, order_by=flagged.amount.desc()),
                    ),
                    money=Money(
                        amount=open_amount * max(0.0, without.value - with_sig.value),
                        how=f"open deals with the signal ({money(open_amount)}) × the win-rate "
                        "gap between deals without and with it",
                    ),
                )
            )
        return findings
