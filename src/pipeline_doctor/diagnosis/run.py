"""`run_diagnosis`: run the catalogue on a store through one scope and rank what it finds (no
rendering). The CLI, the report and later the web app all call this."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pipeline_doctor.checks.base import AREAS, Check, run_check
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import CheckResult, Finding
from pipeline_doctor.checks.funnel_leak import RepFunnelLeak
from pipeline_doctor.checks.judgement import Basis
from pipeline_doctor.checks.past_due import PastDueDeals
from pipeline_doctor.checks.registry import NOT_CHECKED_YET, build_registry
from pipeline_doctor.diagnosis import figures as figures_
from pipeline_doctor.diagnosis.dating import datable, date_findings, run_halves, split_date
from pipeline_doctor.diagnosis.over_time import monthly, open_on, past_due, won_days
from pipeline_doctor.diagnosis.periods import latest_complete
from pipeline_doctor.diagnosis.rank import (
    diagnose_reps,
    diagnose_team,
    headline,
    rank_findings,
)
from pipeline_doctor.diagnosis.result import (
    CheckSummary,
    Diagnosis,
    FindingTrend,
    HeadlineFigure,
    NotChecked,
    Trend,
)
from pipeline_doctor.diagnosis.trend import build_trend, trend_windows
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.facts import DataScope, deal_facts, population_facts, rep_stage_funnel, rows
from pipeline_doctor.lookup import resolve

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Progress = Callable[[int, int, str], None]
"""progress(steps done, steps in all, the step now running): a run's steps are reading the
data, preparing the deal facts, each check, the figures over time, and each check run again on
the two halves of the data to date its findings."""


def _parse_since(since: dt.date | dt.datetime | str | None) -> dt.datetime | None:
    if since is None or isinstance(since, dt.datetime):
        return since
    if isinstance(since, dt.date):
        return dt.datetime.combine(since, dt.time())
    try:
        return dt.datetime.fromisoformat(since)
    except ValueError:
        raise PipelineDoctorError(
            f"--since {since!r} is not a date.", "Use the form 2025-01-31."
        ) from None


def _resolve_rep(names: dict[str, str], rep: str) -> str:
    return resolve(names, rep, "rep", "Use a rep's id or full name.")


def _rep_rows(ctx: CheckContext) -> list[dict[str, Any]]:
    d = deal_facts(ctx, "rep", "outcome", "amount")
    is_open = d.outcome == "open"
    per = d.group_by(d.rep).aggregate(
        deals=d.count(),
        won=d.count(where=d.outcome == "won"),
        lost=d.count(where=d.outcome == "lost"),
        open=d.count(where=is_open),
        open_amount=d.amount.sum(where=is_open).fill_null(0.0),
    )
    names, teams = ctx.profile.rep_names, ctx.profile.rep_teams
    return [
        {**r, "name": names.get(str(r["rep"]), r["rep"]), "team": teams.get(str(r["rep"]))}
        for r in rows(per)
    ]


def _rest_win_rate(ctx: CheckContext) -> float | None:
    """The rest of the team's win rate, when the subject is one rep."""
    if ctx.scope.rep is None:
        return None
    p = population_facts(ctx, "in_subject", "outcome")
    rest = p.filter(~p.in_subject)
    row = rows(
        rest.aggregate(
            won=rest.count(where=rest.outcome == "won"),
            closed=rest.count(where=rest.outcome.isin(("won", "lost"))),
        )
    )[0]
    return row["won"] / row["closed"] if row["closed"] else None


def run_diagnosis(
    store: Store,
    *,
    rep: str | None = None,
    team: str | None = None,
    since: dt.date | dt.datetime | str | None = None,
    checks: list[str] | tuple[str, ...] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    progress: Progress | None = None,
    as_of: dt.datetime | None = None,
    dated: bool = False,
) -> Diagnosis:
    """Run the checks on `store` and rank the findings into a diagnosis.

    `team` and `since` narrow the data; `rep` (id or name) narrows the subject to that rep's
    deals, compared with the rest of the team; `checks` selects check ids; `overrides` maps
    check id to parameter values; `progress(done, total, step)` is called as the work advances;
    `dated=True` adds each finding's direction over time: the checks that found something run
    again on the two halves of the data, which about doubles the time (the commands do it)."""
    registry = build_registry(overrides, only=checks)
    steps = Steps(progress, 3 + len(registry))
    steps.next("Reading your data")
    scope = DataScope(team=team, since=_parse_since(since))
    with CheckContext(store, scope=scope, as_of=as_of, checks=registry) as ctx:
        if team is not None and team not in set(ctx.profile.rep_teams.values()):
            raise PipelineDoctorError(f"There is no team called {team!r}.")
        if rep is not None:
            ctx.scope = DataScope(_resolve_rep(ctx.profile.rep_names, rep), team, scope.since)
        steps.next("Preparing the deal facts")
        ctx.prepare()
        return _diagnose(ctx, registry, steps, dated)


class Steps:
    """Counts the run's steps for a progress callback, growing the total when the dating
    runs are known."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, -1

    def next(self, step: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(min(self.done, self.total), self.total, step)

    def add(self, more: int) -> None:
        self.total += more


def _diagnose(
    ctx: CheckContext, registry: dict[str, Check], steps: Steps, dated: bool
) -> Diagnosis:
    results: list[CheckResult] = []
    for check in registry.values():
        steps.next(f"Checking: {check.title}")
        results.append(run_check(check, ctx))
    steps.next("Figures over time")
    basis = ctx.basis()
    by: Literal["money", "wins"] = "money" if basis.money_known else "wins"
    findings, causes = rank_findings([f for r in results for f in r.findings], by, ctx.scope.rep)
    has_deals = ctx.count("deals") > 0
    rep_rows = _rep_rows(ctx) if has_deals else []
    funnel = rows(rep_stage_funnel(ctx)) if has_deals and ctx.has("stages") else []
    opens = [s.name for s in ctx.open_stages()]
    positions = {name: i / max(1, len(opens) - 1) for i, name in enumerate(opens)}
    label = (
        basis.rep_name(ctx.scope.rep)
        if ctx.scope.rep
        else f"team {ctx.scope.team}"
        if ctx.scope.team
        else "the team"
    )
    totals = {
        "deals": basis.deals,
        "won": basis.won,
        "lost": basis.lost,
        "open": basis.open_deals,
        "open_amount": basis.open_amount if basis.money_known else None,
    }
    subject_funnel = [r for r in funnel if ctx.scope.rep in (None, r["rep"])]
    symptoms = frozenset(c.id for c in registry.values() if c.symptom)
    team_dx = diagnose_team(
        label, totals, subject_funnel, findings, positions, _rest_win_rate(ctx), symptoms
    )
    min_samples = ctx.check(RepFunnelLeak).min_samples
    reps_dx = diagnose_reps(
        rep_rows, funnel, findings, positions, min_samples, basis.money_known, symptoms
    )
    summaries = [CheckSummary.of(r) for r in results]
    head, answer, notes = headline(team_dx, causes, summaries, basis.currency, basis.money_note)
    trend, figures = over_time(ctx, basis, findings, summaries)
    finding_trends = _date(ctx, registry, results, findings, steps) if dated else []
    steps.next("Done")
    return Diagnosis(
        as_of=ctx.now().isoformat(sep=" "),
        store=ctx.store.label,  # the URL without its password
        filters=ctx.scope.filters(),
        currency=basis.currency,
        ranked_by=by,
        headline=head,
        answer=answer,
        notes=notes,
        causes=causes,
        team=team_dx,
        reps=reps_dx,
        findings=findings,
        checks=summaries,
        not_checked=[
            NotChecked(area=a, area_name=AREAS[a], text=t) for a, t in NOT_CHECKED_YET.items()
        ],
        figures=figures,
        trend=trend,
        finding_trends=finding_trends,
    )


def over_time(
    ctx: CheckContext, basis: Basis, findings: list[Finding], summaries: list[CheckSummary]
) -> tuple[Trend, list[HeadlineFigure]]:
    """The trend per period and the headline strip (each figure against the previous period
    where the dates allow)."""
    last = ctx.now().date()
    data = monthly(ctx)
    trend = build_trend(data, last, basis.money_known, basis.currency)
    grid = trend_windows(data, last)  # the trend's periods, by their own labels
    pair = latest_complete(grid)
    by_window = dict(zip(grid, trend.periods, strict=True))
    periods = (by_window[pair[0]], by_window[pair[1]]) if pair else None
    start = grid[-1] if grid else None
    opened = open_on(ctx, start.start) if start is not None else None
    # like with like: the pipeline then is rebuilt from created dates, so the change is said
    # only when every deal open now has one too
    dated_now = open_on(ctx, last + dt.timedelta(days=1)) if opened is not None else None
    if dated_now is not None and dated_now[0] != basis.open_deals:
        opened = None
    grace = ctx.check(PastDueDeals).grace_days
    figures = [
        figures_.win_rate(basis, periods),
        figures_.open_pipeline(basis, (start, opened) if start and opened else None),
        figures_.at_risk(basis, findings, summaries),
        figures_.days_to_win(won_days(ctx), pair),
        figures_.past_due(past_due(ctx, grace), basis, grace),
    ]
    return trend, figures


def _date(
    ctx: CheckContext,
    registry: dict[str, Check],
    results: list[CheckResult],
    findings: list[Finding],
    steps: Steps,
) -> list[FindingTrend]:
    """Each finding's direction: the checks that found a datable finding, run again on the two
    halves of the data."""
    wanted = {f.check for f in datable(findings)}
    checks = {cid: c for cid, c in registry.items() if cid in wanted}
    split = split_date(ctx) if checks else None
    if split is None:
        return []
    steps.add(2 * len(checks))
    earlier, later = run_halves(ctx, checks, split, lambda t: steps.next(f"Dating: {t}"))
    return date_findings(findings, earlier, later, split)
