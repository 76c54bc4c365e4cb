"""`build_review`: one rep's review with a coaching plan (no rendering). The CLI, and later the
report and the web app, call this.

The rep's findings come from the diagnosis itself (`run_diagnosis(store, rep=...)`), ranked
as it ranks them; the figures come from the shared facts through the same scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.registry import build_registry
from pipeline_doctor.checks.skills import Skill
from pipeline_doctor.coaching import figures
from pipeline_doctor.coaching.moments import record_moments
from pipeline_doctor.coaching.plan import build_plan, review_findings
from pipeline_doctor.coaching.result import CoachingPlan, Review, Standing
from pipeline_doctor.diagnosis import run_diagnosis
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.facts import DataScope, rows
from pipeline_doctor.lookup import resolve
from pipeline_doctor.wording import pct

if TYPE_CHECKING:
    from pipeline_doctor.diagnosis.run import Progress
    from pipeline_doctor.store import Store

LISTED_REPS = 12
"""Reps named in the error for an unknown rep (the rest are counted)."""


def resolve_rep(names: Mapping[str, str], rep: str) -> str:
    """The id of the rep called `rep` (an id or a full name, in any case); an error naming the
    close names, else the reps there are."""
    if not names:
        raise PipelineDoctorError(
            f"There is no rep called {rep!r}: the store has no reps.",
            "Import your CRM data first (pipeline-doctor import ...).",
        )
    shown = sorted(names.items(), key=lambda kv: kv[0])
    listed = ", ".join(f"{name} ({rep_id})" for rep_id, name in shown[:LISTED_REPS])
    more = f" and {len(shown) - LISTED_REPS:,} more" if len(shown) > LISTED_REPS else ""
    hint = f"Use a rep's id or full name; the store has {listed}{more}."
    return resolve(names, rep, "rep", hint)


def find_rep(store: Store, rep: str) -> str:
    """The id of the rep called `rep` in `store` (an error naming the reps there otherwise):
    a command checks it before the longer work starts."""
    reps = rows(store.table("reps").select("id", "name"))
    return resolve_rep({r["id"]: r["name"] or r["id"] for r in reps}, rep)


def build_review(
    store: Store,
    rep: str,
    *,
    since: dt.date | dt.datetime | str | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    as_of: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Review:
    """Review one rep (id or full name) against the rest of the team, with a coaching plan.

    `since` narrows the data to deals created (activities logged) since then; `overrides` maps
    check id to parameter values, as for the diagnosis."""
    registry = build_registry(overrides)
    with CheckContext(store, as_of=as_of, checks=registry) as ctx:
        rep_id = resolve_rep(ctx.profile.rep_names, rep)
        dx = run_diagnosis(
            store, rep=rep_id, since=since, overrides=overrides, as_of=as_of, progress=progress
        )
        start = dx.filters.get("since")
        ctx.scope = DataScope(rep_id, None, dt.datetime.fromisoformat(start) if start else None)
        name = ctx.profile.rep_names.get(rep_id, rep_id)
        dx_rep = next((r for r in dx.reps if r.rep == rep_id), None)
        record = figures.standing(ctx, rep_id, name)
        found = review_findings(dx, rep_id)

        def moments_for(skill: Skill, most: int) -> list[Any]:
            return record_moments(ctx, skill, most)

        plan = build_plan(
            found,
            dx.checks,
            name=name,
            closed=record.won + record.lost,
            currency=dx.currency,
            moments_for=moments_for,
        )
        return Review(
            as_of=dx.as_of,
            store=dx.store,
            filters=dx.filters,
            currency=dx.currency,
            ranked_by=dx.ranked_by,
            rep=rep_id,
            name=name,
            team=ctx.profile.rep_teams.get(rep_id),
            headline=headline(name, record, plan),
            standing=record,
            quotas=figures.quotas(ctx, rep_id, name),
            funnel=figures.funnel(ctx, rep_id, name, dx_rep),
            activity=figures.activity(ctx, rep_id, name, record),
            findings=found,
            plan=plan,
        )


def headline(name: str, record: Standing, plan: CoachingPlan) -> str:
    """The review in a few sentences: the win rate against the rest of the team, then the
    plan's verdict (the first skill, or the whole verdict when there is no skill to develop:
    how little data, or what could and could not be judged)."""
    own, rest = record.win_rate.value, record.rest_win_rate.value
    if own is None:
        first = f"{name} has no closed deals yet."
    elif rest is None:
        first = f"{name} wins {pct(own)} of closed deals."
    else:
        how = (
            "clearly below"
            if record.clear and own < rest
            else "clearly above"
            if record.clear
            else "within noise of"
        )
        first = f"{name} wins {pct(own)} of closed deals, {how} the rest of the team's {pct(rest)}."
    if plan.status == "skill_gaps":
        return f"{first} Skill to develop first: {plan.items[0].skill.name}."
    return f"{first} {plan.text}"
