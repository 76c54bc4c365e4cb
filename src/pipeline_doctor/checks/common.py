"""Judging and measuring helpers shared by the checks: reps whose rate stands out from the rest
of the team (shrunk toward the team so small samples don't shout), each rep's own record, and
rate metrics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Metric, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement
from pipeline_doctor.facts import population_facts
from pipeline_doctor.stats import Rate, Shrunk, prior_strength, shrink, wilson


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


def no_outlier(
    j: Judgement, basis: Basis, compared: Iterable[str], team_text: str, rep_text: str, need: str
) -> None:
    """The verdict of a comparison of reps that found no outlier to report. For the team:
    `team_text`. In one rep's run (the other reps' outliers are not this run's findings): the
    rep was compared and is not one (`rep_text`, after the rep's name), or the rep has too few
    records to be compared (`need`: what the rep lacks, e.g. "20 closed deals") — never the
    team's "none", which would deny the outliers the team's diagnosis names."""
    rep = basis.scope.rep
    if rep is None:
        j.healthy(team_text)
    elif rep in set(compared):
        j.healthy(f"{basis.rep_name(rep)} {rep_text}")
    else:
        j.little(f"{basis.rep_name(rep)} has fewer than {need} to compare with the team")


def compared_reps(rows: Iterable[dict[str, Any]], min_samples: int, n: str = "n") -> list[str]:
    """The reps with enough records to be compared with the rest of the team."""
    return [
        str(r["rep"]) for r in rows if r.get("rep") is not None and (r.get(n) or 0) >= min_samples
    ]


def rep_records(ctx: CheckContext) -> Any:
    """Per rep of the population: won, lost and open deals and the open amount (an Ibis
    table), for what a rep's problem puts at stake."""
    d = population_facts(ctx, "rep", "outcome", "amount")
    is_open = d.outcome == "open"
    return d.group_by(d.rep).aggregate(
        won=d.count(where=d.outcome == "won"),
        lost=d.count(where=d.outcome == "lost"),
        open_deals=d.count(where=is_open),
        open_amount=d.amount.sum(where=is_open).fill_null(0.0),
    )


def outcome_split(deals: Any, gap: Any) -> dict[str, Any]:
    """Aggregates comparing deals with a process gap to those without: closed and won counts
    on each side, and the open deals (and their amount) with the gap (Ibis expressions)."""
    closed = deals.outcome.isin(("won", "lost"))
    won = deals.outcome == "won"
    is_open = deals.outcome == "open"
    return {
        "closed_gap": deals.count(where=closed & gap),
        "won_gap": deals.count(where=won & gap),
        "closed_ok": deals.count(where=closed & ~gap),
        "won_ok": deals.count(where=won & ~gap),
        "open_gap": deals.count(where=is_open & gap),
        "open_gap_amount": deals.amount.sum(where=is_open & gap).fill_null(0.0),
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


def subject_scope(basis: Basis) -> Scope:
    """The scope of a finding about the whole subject: the scope's rep, by name, or the team
    (named "the team", or "team East" when the diagnosis is about one team)."""
    rep = basis.scope.rep
    if rep:
        return Scope(kind="rep", key=rep, label=basis.rep_name(rep))
    return Scope(kind="team", label=team_label(basis))


def team_label(basis: Basis) -> str:
    """The team as a finding names it: "the team", or "team East" in one team's diagnosis."""
    return f"team {basis.scope.team}" if basis.scope.team else "the team"
