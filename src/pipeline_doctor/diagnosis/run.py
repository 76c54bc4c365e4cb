"""`run_diagnosis`: run the catalogue on a store and rank what it finds (no rendering)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pipeline_doctor.checks.base import Check, run_check
from pipeline_doctor.checks.common import as_rows
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import CheckResult, Finding
from pipeline_doctor.checks.registry import build_registry
from pipeline_doctor.diagnosis.rank import diagnose_reps, diagnose_team, headline, rank_causes
from pipeline_doctor.diagnosis.result import CheckSummary, Diagnosis
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.facts import deal_facts, rep_stage_funnel

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Progress = Callable[[int, int], None]


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


def _resolve_rep(ctx: CheckContext, rep: str) -> str:
    reps = as_rows(ctx.table("reps").select("id", "name"))
    for r in reps:
        if rep == r["id"] or rep.casefold() == str(r["name"] or "").casefold():
            return str(r["id"])
    raise PipelineDoctorError(f"There is no rep called {rep!r}.", "Use a rep's id or full name.")


def _rep_rows(ctx: CheckContext) -> list[dict[str, Any]]:
    d = deal_facts(ctx)
    per = d.group_by(d.rep).aggregate(
        deals=d.count(),
        won=(d.outcome == "won").sum(),
        lost=(d.outcome == "lost").sum(),
        open=(d.outcome == "open").sum(),
        open_amount=(d.outcome == "open").ifelse(d.amount, 0.0).sum(),
    )
    reps = ctx.table("reps").select(rep_id=ctx.table("reps").id, name="name", team="team")
    j = per.left_join(reps, per.rep == reps.rep_id).drop("rep_id")
    return as_rows(j)


def _in_scope(f: Finding, rep: str | None) -> bool:
    if rep is None or f.scope.kind in ("team", "segment"):
        return True
    if f.scope.kind == "rep":
        return f.scope.key == rep
    return f.scope.attributes.get("rep") == rep


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
) -> Diagnosis:
    """Run the checks on `store` and rank the findings into a diagnosis.

    `rep` (id or name) narrows findings to that rep (team findings stay as context); `team`
    and `since` narrow the data itself; `checks` selects check ids; `overrides` maps check id
    to parameter values; `progress(done, total)` is called as checks finish."""
    registry = build_registry(overrides, only=checks)
    with CheckContext(store, as_of=as_of, team=team, since=_parse_since(since)) as ctx:
        return _diagnose(ctx, registry, rep, team, since, progress)


def _diagnose(
    ctx: CheckContext,
    registry: dict[str, Check],
    rep: str | None,
    team: str | None,
    since: object,
    progress: Progress | None,
) -> Diagnosis:
    if team is not None and ctx.team_reps().count().to_pyarrow().as_py() == 0:
        raise PipelineDoctorError(f"There is no team called {team!r}.")
    rep_id = _resolve_rep(ctx, rep) if rep is not None else None
    ctx.rep = rep_id
    results: list[CheckResult] = []
    total = len(registry)
    if progress:
        progress(0, total)
    for i, check in enumerate(registry.values()):
        results.append(run_check(check, ctx))
        if progress:
            progress(i + 1, total)
    findings = [f for r in results for f in r.findings if _in_scope(f, rep_id)]
    if ctx.count("deals") == 0:
        rep_rows: list[dict[str, Any]] = []
        funnel: list[dict[str, Any]] = []
    else:
        rep_rows = _rep_rows(ctx)
        funnel = as_rows(rep_stage_funnel(ctx)) if ctx.count("stages") else []
    opens = [s.name for s in ctx.stages() if not s.closed] if ctx.count("stages") else []
    positions = {name: i / max(1, len(opens) - 1) for i, name in enumerate(opens)}
    totals = {
        k: sum(r[k] or 0 for r in rep_rows) for k in ("deals", "won", "lost", "open", "open_amount")
    }
    team_dx = diagnose_team(totals, funnel, findings, positions)
    min_samples = (
        int(registry["rep_funnel_leak"].min_samples) if "rep_funnel_leak" in registry else 20
    )
    reps_dx = diagnose_reps(rep_rows, funnel, findings, positions, min_samples)
    if rep_id is not None:
        reps_dx = [r for r in reps_dx if r.rep == rep_id]
    causes = rank_causes(findings)
    head, answer = headline(team_dx, causes)
    filters = {k: str(v) for k, v in (("rep", rep_id), ("team", team), ("since", since)) if v}
    return Diagnosis(
        as_of=ctx.now().isoformat(sep=" "),
        store=ctx.store.url,
        filters=filters,
        headline=head,
        answer=answer,
        causes=causes,
        team=team_dx,
        reps=reps_dx,
        findings=findings,
        checks=[
            CheckSummary(
                check=r.check,
                area=r.area,
                title=r.title,
                status=r.status,
                reason=r.reason,
                findings=len(r.findings),
                seconds=round(r.seconds, 3),
            )
            for r in results
        ],
    )
