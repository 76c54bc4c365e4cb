"""Link 2, ideal customer: win rate and cycle length by demographic and psychographic segment;
effort spent on segments that almost never buy."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Evidence, Finding, Money, Scope
from pipeline_doctor.checks.common import as_rows, money, pct, rate_metric
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.stats import wilson

CATEGORICAL = ("industry", "reach", "region", "price_sensitivity", "innovation_appetite")
EMPLOYEE_BANDS = ((50, "<50"), (250, "50-249"), (1000, "250-999"), (5000, "1000-4999"))
REVENUE_BANDS = ((1e6, "<1M"), (1e7, "1M-10M"), (1e8, "10M-100M"), (1e9, "100M-1B"))


def _band(column: Any, bands: tuple[tuple[float, str], ...], top: str) -> Any:
    cases = [(column < limit, label) for limit, label in bands]
    return ibis.cases(*cases, else_=top).cast("string")


class IcpFit(Check):
    """Segments of accounts (industry, size, reach, price sensitivity, innovation appetite...)
    that win far less often than the rest: effort spent where customers almost never buy.
    Segments are judged one at a time, each after removing those already found, so a segment
    that merely overlaps a poor one is not blamed."""

    id: ClassVar[str] = "icp_fit"
    area: ClassVar[int] = 2
    title: ClassVar[str] = "Effort on segments that rarely buy"
    requires: ClassVar[tuple[str, ...]] = ("deals", "accounts")
    action: ClassVar[str] = (
        "Stop prospecting this segment (or qualify it out early) and move the effort to "
        "segments that buy; write the ideal-customer profile down."
    )
    max_ratio: float = 0.5
    """A segment is poor when its win rate is below this fraction of the rest's."""
    min_samples: int = 30
    """Fewest closed deals in a segment (and outside it) before it is judged."""
    max_segments: int = 5
    """Most segments reported."""

    def measure(self, ctx: CheckContext) -> Any:
        d = deal_facts(ctx)
        a = ctx.table("accounts")
        dims = {c: a[c].cast("string").fill_null("unknown") for c in CATEGORICAL}
        dims["employees"] = _band(a.employees, EMPLOYEE_BANDS, "5000+").fill_null("unknown")
        dims["annual_revenue"] = _band(a.annual_revenue, REVENUE_BANDS, "1B+").fill_null("unknown")
        acc = a.select(account_id=a.id, **dims)
        j = d.join(acc, d.account == acc.account_id)
        won = j.outcome == "won"
        return j.group_by(list(dims)).aggregate(
            closed=j.outcome.isin(("won", "lost")).sum(),
            won=won.sum(),
            n_open=(j.outcome == "open").sum(),
            open_amount=(j.outcome == "open").ifelse(j.amount, 0.0).sum(),
            effort=j.n_activities.sum(),
            won_days=won.ifelse(j.age_days, 0.0).sum(),
        )

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        cells = as_rows(measured)
        dims = [*CATEGORICAL, "employees", "annual_revenue"]
        findings: list[Finding] = []
        for _ in range(self.max_segments):
            total = {k: sum(c[k] for c in cells) for k in ("closed", "won", "effort", "n_open")}
            groups: dict[tuple[str, str], dict[str, float]] = defaultdict(
                lambda: defaultdict(float)
            )
            for c in cells:
                for dim in dims:
                    if c[dim] == "unknown":
                        continue
                    g = groups[(dim, c[dim])]
                    for k in ("closed", "won", "n_open", "open_amount", "effort", "won_days"):
                        g[k] += c[k] or 0
            best: tuple[float, tuple[str, str]] | None = None
            for key, g in groups.items():
                rest_closed = total["closed"] - g["closed"]
                if g["closed"] < self.min_samples or rest_closed < self.min_samples:
                    continue
                seg = wilson(g["won"], g["closed"])
                rest = wilson(total["won"] - g["won"], rest_closed)
                if seg.high < rest.value and seg.value <= self.max_ratio * rest.value:
                    strength = (rest.value - seg.value) / max(seg.high - seg.value, 1e-9)
                    if best is None or (strength, key) > best:
                        best = (strength, key)
            if best is None:
                break
            dim, value = best[1]
            g = groups[(dim, value)]
            findings.append(self._finding(ctx, dim, value, g, total))
            cells = [c for c in cells if c[dim] != value]
        return findings

    def _finding(
        self, ctx: CheckContext, dim: str, value: str, g: dict[str, float], total: dict[str, float]
    ) -> Finding:
        seg = wilson(g["won"], g["closed"])
        rest = wilson(total["won"] - g["won"], total["closed"] - g["closed"])
        label = f"{dim.replace('_', ' ')} = {value}"
        effort_share = g["effort"] / total["effort"] if total["effort"] else 0.0
        cycle = g["won_days"] / g["won"] if g["won"] else None
        cycle_text = f"; won deals there took {cycle:.0f} days" if cycle is not None else ""
        return self.finding(
            ctx,
            title=f"Accounts with {label} rarely buy",
            summary=(
                f"Deals with {label} win {pct(seg.value)} against {pct(rest.value)} elsewhere, "
                f"yet take {pct(effort_share)} of the team's activity{cycle_text}."
            ),
            metric=rate_metric("win rate", seg, rest.value, "other segments"),
            scope=Scope(kind="segment", key=f"{dim}={value}", label=label),
            evidence=Evidence(
                affected=int(g["closed"] + g["n_open"]),
                population=int(total["closed"] + total["n_open"]),
                record_kind="deal",
            ),
            money=Money(
                amount=g["open_amount"] * (rest.value - seg.value),
                how=f"open pipeline in the segment ({money(g['open_amount'])}) × its win-rate "
                "gap to other segments",
            ),
        )
