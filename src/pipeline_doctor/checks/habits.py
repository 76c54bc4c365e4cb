"""Judging a habit: a share of records with a gap (meetings with no next step, advanced deals
with budget unknown, lost deals with no reason, late deals resting on one contact, wins with no
referral ask). Two questions, one shared answer shape:

- the subject (the team, or the scope's rep): is the share clearly above the ceiling (its 95%
  interval wholly above it)? What does the gap cost, measured as the win rate of deals with
  the gap against deals without it?
- each rep against the rest of the team: shrunk toward the team, at least `min_gap` worse and
  beyond noise. What a rep's problem puts at stake: their open deals at the rest of the team's
  win rate against their own.

Every part that is judged says so with the value and the threshold; every part that cannot be
judged says how much data there is and how much is needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.common import (
    compared_reps,
    no_outlier,
    outcome_split,
    outlier_reps,
    rate_metric,
    subject_scope,
    team_totals,
)
from pipeline_doctor.checks.findings import Evidence, Finding, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured
from pipeline_doctor.facts import population_facts
from pipeline_doctor.stats import Rate, wilson
from pipeline_doctor.wording import money, nouns, pct, plural, points

if TYPE_CHECKING:
    from pipeline_doctor.checks.context import CheckContext


@dataclass(frozen=True)
class HabitWords:
    """How one habit is named. `share` completes "30% of meetings …" ("had no next step
    within 7 days"); `records` is the singular noun of what is counted."""

    share: str
    records: str
    record_kind: Literal["activity", "deal"]
    team_title: str
    rep_title: Callable[[str], str]
    cost_subject: str | None = "deals with the gap"
    """What the cost sentence compares ("deals with one unknown"); None: no win-rate cost
    (the records are all lost deals, say)."""
    records_plural: str | None = None


@dataclass(frozen=True)
class Cost:
    """The gap's cost: won/closed of deals with and without it, and open deals with it."""

    with_gap: Rate
    without: Rate
    open_deals: float
    open_amount: float

    @property
    def gap(self) -> float:
        """How much less often deals with the gap win (0 when they do not win less)."""
        if self.with_gap.n == 0 or self.without.n == 0 or self.with_gap.high >= self.without.low:
            return 0.0
        return self.without.value - self.with_gap.value


class HabitCheck(Check):
    """A check that judges one habit: its `measure` gives the per-rep rows (`per_rep_habit`, or
    the same columns) as "main" and the rep records as "reps"; `habit_words` names the habit.
    `judge` compares the subject's share with `max_share` and each rep with the rest."""

    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk share must be than the rest of the team's."""
    max_share: float = 0.5
    """Ceiling on the share of records with the gap: above it (beyond its 95% interval) the
    team, or the scope's rep, is flagged."""

    def habit_words(self, measured: Measured) -> HabitWords:
        """How the habit is named (it may depend on the measurement, such as a threshold)."""
        raise NotImplementedError

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        return judge_habit(
            self,
            basis,
            measured.main,
            measured["reps"],
            self.habit_words(measured),
            ceiling=self.max_share,
            min_gap=self.min_gap,
            min_samples=self.min_samples,
        )


def cost_of(totals: dict[str, float]) -> Cost:
    return Cost(
        wilson(totals.get("won_gap", 0), totals.get("closed_gap", 0)),
        wilson(totals.get("won_ok", 0), totals.get("closed_ok", 0)),
        float(totals.get("open_gap", 0)),
        float(totals.get("open_gap_amount", 0.0)),
    )


def _nouns(words: HabitWords, n: float) -> str:
    return plural(n, words.records, words.records_plural)


def _cost_text(cost: Cost, words: HabitWords) -> str:
    if words.cost_subject is None:
        return ""
    if cost.with_gap.n == 0 or cost.without.n == 0:
        return "too few closed deals on one side to measure what it costs"
    compare = f"{pct(cost.with_gap.value)} against {pct(cost.without.value)}"
    if cost.gap > 0:
        return f"{words.cost_subject} win {compare}"
    return f"{words.cost_subject} win about as often here ({compare})"


def per_rep_habit(ctx: CheckContext, per_deal: Any, records: str, gaps: str, **sums: str) -> Any:
    """What `judge_habit` reads, from one row per deal (`deal`, a count of `records`, how many
    of them have the gap, and any further counts to `sums`): per rep of the deal, records (n),
    records with the gap (k), those sums, and the outcomes of deals where most records have the
    gap against the others (an Ibis table)."""
    d = population_facts(ctx, "id", "rep", "outcome", "amount")
    j = d.join(per_deal, d.id == per_deal.deal)
    gap = j[gaps] * 2 > j[records]
    return j.group_by(j.rep).aggregate(
        n=j[records].sum(),
        k=j[gaps].sum(),
        **{name: j[column].sum() for name, column in sums.items()},
        **outcome_split(j, gap),
    )


def judge_habit(
    check: Check,
    basis: Basis,
    rows: list[dict[str, Any]],
    reps: list[dict[str, Any]],
    words: HabitWords,
    *,
    ceiling: float,
    min_gap: float,
    min_samples: int,
) -> Judgement:
    """The subject's share against `ceiling`, then each rep against the rest of the team."""
    j = Judgement()
    focus = basis.scope.rep
    subject = [r for r in rows if focus is None or r["rep"] == focus]
    totals = team_totals(subject)
    n, k = float(totals.get("n", 0)), float(totals.get("k", 0))
    outliers = _judge_reps(
        check, basis, j, rows, reps, words, min_gap=min_gap, min_samples=min_samples
    )
    if focus is not None and outliers:
        return j  # the rep against the rest of the team says it all
    if n < min_samples:
        j.little(f"{_nouns(words, n)}; {min_samples} needed")
        return j
    share = wilson(k, n)
    measured = f"{pct(share.value)} of {_nouns(words, n)} {words.share}"
    if share.low > ceiling:
        j.findings.append(_subject_finding(check, basis, share, cost_of(totals), words, ceiling))
    elif share.value <= ceiling:
        j.healthy(f"{measured}; ceiling {pct(ceiling)}")
    else:
        j.little(
            f"{measured}, above the {pct(ceiling)} ceiling but not clearly (95% interval "
            f"{pct(share.low)}–{pct(share.high)}): more records needed to judge"
        )
    return j


def _subject_finding(
    check: Check, basis: Basis, share: Rate, cost: Cost, words: HabitWords, ceiling: float
) -> Finding:
    focus = basis.scope.rep
    name = basis.rep_name(focus) if focus else None
    whose = f"{name}'s " if name else ""
    cost_text = _cost_text(cost, words)
    summary = (
        f"{pct(share.value)} of {whose}{_nouns(words, share.n)} {words.share} (ceiling "
        f"{pct(ceiling)}){'; ' + cost_text if cost_text else ''}."
    )
    how = (
        f"{plural(cost.open_deals, 'open deal')} with the gap × how much less often such deals "
        f"win ({points(cost.gap, signed=False)})"
    )
    return check.finding(
        basis,
        title=words.rep_title(name) if name else words.team_title,
        summary=summary[:1].upper() + summary[1:],
        metric=rate_metric(words.share, share, ceiling, "ceiling"),
        scope=subject_scope(basis),
        evidence=Evidence(
            affected=int(share.k), population=int(share.n), record_kind=words.record_kind
        ),
        impact=basis.impact(cost.open_deals * cost.gap, cost.open_amount * cost.gap, how),
    )


def _judge_reps(
    check: Check,
    basis: Basis,
    j: Judgement,
    rows: list[dict[str, Any]],
    reps: list[dict[str, Any]],
    words: HabitWords,
    *,
    min_gap: float,
    min_samples: int,
) -> int:
    """Reps against the rest of the team; returns how many were found."""
    judged = compared_reps(rows, min_samples)
    compared = len(judged)
    if compared < 2:
        j.little(
            f"{plural(compared, 'rep')} with {min_samples} or more "
            f"{nouns(words.records, words.records_plural)}; 2 needed to compare reps"
        )
        return 0
    record = {str(r["rep"]): r for r in reps}
    found = 0
    for o in outlier_reps(rows, min_samples=min_samples, min_gap=min_gap):
        if basis.scope.rep is not None and o.rep != basis.scope.rep:
            continue
        found += 1
        j.findings.append(_rep_finding(check, basis, o, record, words))
    if not found:
        share = (
            f"{round(100 * min_gap)} points or more above the rest of the team in the share of "
            f"{nouns(words.records, words.records_plural)} that {words.share}"
        )
        no_outlier(
            j,
            basis,
            judged,
            f"compared {plural(compared, 'rep')}: none is {share}",
            f"is not {share} (compared with {plural(compared - 1, 'other rep')})",
            f"{min_samples} {nouns(words.records, words.records_plural)}",
        )
    return found


def _rep_finding(
    check: Check, basis: Basis, o: Any, record: dict[str, dict[str, Any]], words: HabitWords
) -> Finding:
    name = basis.rep_name(o.rep)
    mine = record.get(o.rep, {})
    rest_won = sum(float(r["won"]) for rep, r in record.items() if rep != o.rep)
    rest_closed = sum(
        float(r["won"]) + float(r["lost"]) for rep, r in record.items() if rep != o.rep
    )
    own = wilson(float(mine.get("won", 0)), float(mine.get("won", 0)) + float(mine.get("lost", 0)))
    rest = wilson(rest_won, rest_closed)
    gap = max(0.0, rest.value - own.value) if own.n and rest.n else 0.0
    open_deals = float(mine.get("open_deals", 0))
    open_amount = float(mine.get("open_amount", 0.0) or 0.0)
    outcome = (
        f"{name} wins {pct(own.value)} of closed deals against {pct(rest.value)} for the rest"
        if own.n
        else f"{name} has no closed deals yet"
    )
    if own.n and rest.n and own.high >= rest.value:
        outcome += " (within noise)"
    summary = (
        f"{pct(o.rate.value)} of {name}'s {nouns(words.records, words.records_plural)} "
        f"{words.share}, against {pct(o.team.value)} for the rest of the team; {outcome}."
    )
    how = (
        f"{name}'s {plural(open_deals, 'open deal')} ({money(open_amount, basis.currency)}) × "
        f"how much less often {name} wins than the rest ({points(gap, signed=False)}): the most "
        "fixing this could return"
    )
    return check.finding(
        basis,
        title=words.rep_title(name),
        summary=summary,
        metric=rate_metric(words.share, o.rate, o.team.value, "rest of team"),
        scope=Scope(kind="rep", key=o.rep, label=name),
        evidence=Evidence(
            affected=int(o.rate.k), population=int(o.rate.n), record_kind=words.record_kind
        ),
        impact=basis.impact(open_deals * gap, open_amount * gap, how),
    )
