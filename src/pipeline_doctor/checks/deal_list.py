"""Shared judging for checks that flag individual deals: one team finding with the count and
value, then one finding per deal, worst first, capped (the qualify-out list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline_doctor.checks.common import as_rows, money, rep_label
from pipeline_doctor.checks.findings import Evidence, Finding, Metric, Money, Scope

if TYPE_CHECKING:
    from pipeline_doctor.checks.base import Check
    from pipeline_doctor.checks.context import CheckContext

DealText = Callable[[dict[str, Any]], tuple[str, str, Metric, Evidence]]


def team_win_rate(ctx: CheckContext) -> float:
    """Won / closed over deals in scope (0.0 when nothing has closed)."""
    from pipeline_doctor.facts import deal_facts

    def build(c: CheckContext) -> float:
        d = deal_facts(c)
        row = as_rows(
            d.aggregate(
                won=(d.outcome == "won").sum(), closed=d.outcome.isin(("won", "lost")).sum()
            )
        )[0]
        return float(row["won"] or 0) / float(row["closed"]) if row["closed"] else 0.0

    rate: float = ctx.small("team_win_rate", build)
    return rate


def open_deal_count(ctx: CheckContext) -> int:
    """Open deals in scope: the population deal-level checks draw from."""
    from pipeline_doctor.facts import deal_facts

    def build(c: CheckContext) -> int:
        d = deal_facts(c)
        return int(as_rows(d.aggregate(n=(d.outcome == "open").sum()))[0]["n"] or 0)

    count: int = ctx.small("open_deal_count", build)
    return count


def deal_list_findings(
    check: Check,
    ctx: CheckContext,
    flagged: Any,
    *,
    population: int,
    max_deals: int,
    team_title: str,
    team_summary: Callable[[int, float], str],
    deal_text: DealText,
    metric_name: str,
) -> list[Finding]:
    """Findings for a table of flagged deals (columns id, rep, amount, score, ...)."""
    totals = as_rows(flagged.aggregate(n=flagged.count(), amount=flagged.amount.sum()))[0]
    n = int(totals["n"] or 0)
    if n == 0:
        return []
    amount = float(totals["amount"] or 0.0)
    win = team_win_rate(ctx)
    worst = as_rows(flagged.order_by([flagged.score.desc(), flagged.id]).limit(max_deals))
    findings = [
        check.finding(
            ctx,
            title=team_title,
            summary=team_summary(n, amount),
            metric=Metric(name=metric_name, value=float(n), unit="count"),
            scope=Scope(kind="team", label="team"),
            evidence=Evidence(
                affected=n, population=population, sample=[str(r["id"]) for r in worst[:10]]
            ),
            money=Money(
                amount=amount * win,
                how=f"their amount ({money(amount)}) × the team's win rate",
            ),
        )
    ]
    for r in worst:
        title, summary, deal_metric, evidence = deal_text(r)
        findings.append(
            check.finding(
                ctx,
                title=title,
                summary=summary,
                metric=deal_metric,
                scope=Scope(
                    kind="deal",
                    key=str(r["id"]),
                    label=str(r["id"]),
                    attributes={"rep": str(r["rep"]), "rep_name": rep_label(ctx, str(r["rep"]))},
                ),
                evidence=evidence,
                money=Money(
                    amount=float(r["amount"] or 0.0) * win,
                    how="the deal's amount × the team's win rate",
                ),
            )
        )
    return findings
