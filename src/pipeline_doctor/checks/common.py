"""Judging helpers shared by the checks: reps whose rate stands out from the rest of the team
(shrunk toward the team so small samples don't shout), labels, samples, wording."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Metric
from pipeline_doctor.stats import Rate, Shrunk, prior_strength, shrink, wilson

SAMPLE_SIZE = 10


@dataclass(frozen=True)
class RepOutlier:
    """A rep whose rate is worse than the rest of the team's, beyond noise and a minimum gap."""

    rep: str
    rate: Rate
    shrunk: Shrunk
    team: Rate  # the rest of the team (the rep left out)
    extra: dict[str, Any]


def outlier_reps(
    rows: Iterable[dict[str, Any]],
    *,
    min_samples: int,
    min_gap: float,
    higher_is_worse: bool = True,
    k: str = "k",
    n: str = "n",
) -> list[RepOutlier]:
    """Reps whose shrunk rate is at least `min_gap` worse than the rest of the team's rate and
    whose own 95% interval excludes that rate. `rows` hold `rep`, `k` (events), `n` (trials)."""
    data = [r for r in rows if r.get("rep") is not None and (r.get(n) or 0) > 0]
    total_k = sum(float(r[k] or 0) for r in data)
    total_n = sum(float(r[n]) for r in data)
    if total_n <= 0:
        return []
    strength = prior_strength([float(r[k] or 0) for r in data], [float(r[n]) for r in data])
    found = []
    for r in data:
        rk, rn = float(r[k] or 0), float(r[n])
        if rn < min_samples or total_n - rn <= 0:
            continue
        team = wilson(total_k - rk, total_n - rn)
        rate = wilson(rk, rn)
        shrunk = shrink(rk, rn, team.value, strength)
        gap = shrunk.value - team.value if higher_is_worse else team.value - shrunk.value
        beyond_noise = rate.low > team.value if higher_is_worse else rate.high < team.value
        if gap >= min_gap and beyond_noise:
            found.append(RepOutlier(str(r["rep"]), rate, shrunk, team, dict(r)))
    return sorted(found, key=lambda o: o.rep)


def rep_labels(ctx: CheckContext) -> dict[str, str]:
    """Rep id -> display name (the id when the rep has no name)."""

    def build(c: CheckContext) -> dict[str, str]:
        rows = c.table("reps").select("id", "name").to_pyarrow().to_pylist()
        return {r["id"]: r["name"] or r["id"] for r in rows}

    labels: dict[str, str] = ctx.small("rep_labels", build)
    return labels


def rep_label(ctx: CheckContext, rep: str) -> str:
    return rep_labels(ctx).get(rep, rep)


def sample_ids(
    table: Any, *, order_by: Any, column: str = "id", size: int = SAMPLE_SIZE
) -> list[str]:
    """A small, deterministic sample of record ids (the worst first)."""
    keys = order_by if isinstance(order_by, list) else [order_by]
    rows = table.order_by([*keys, table[column]]).limit(size)[column].to_pyarrow().to_pylist()
    return [str(v) for v in rows]


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def money(x: float) -> str:
    return f"{x:,.0f}"


def as_rows(table: Any) -> list[dict[str, Any]]:
    """Execute a small Ibis result and return its rows as dicts."""
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows


def outcome_split(deals: Any, gap: Any) -> dict[str, Any]:
    """Aggregates comparing deals with a process gap to those without: closed and won counts
    on each side, and the open amount of deals with the gap (Ibis expressions)."""
    closed = deals.outcome.isin(("won", "lost"))
    won = deals.outcome == "won"
    return {
        "closed_gap": (closed & gap).sum(),
        "won_gap": (won & gap).sum(),
        "closed_ok": (closed & ~gap).sum(),
        "won_ok": (won & ~gap).sum(),
        "open_gap_amount": ((deals.outcome == "open") & gap).ifelse(deals.amount, 0.0).sum(),
    }


def team_totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per-rep measurement rows summed into team totals (every column but `rep`)."""
    if not rows:
        return {}
    return {k: sum(r[k] or 0 for r in rows) for k in rows[0] if k != "rep"}


def rate_metric(
    name: str,
    rate: Rate,
    baseline: float | None,
    baseline_label: str,
    unit: Literal["rate", "ratio"] = "rate",
) -> Metric:
    """A rate finding's metric: the value with its interval, next to what it is judged by."""
    return Metric(
        name=name,
        value=rate.value,
        low=rate.low,
        high=rate.high,
        baseline=baseline,
        baseline_label=baseline_label,
        unit=unit,
    )
