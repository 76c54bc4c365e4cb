"""The review's figures for one rep, read through the run's scope from the shared facts and the
checks' own measurements: results against the rest of the team and against quota, the funnel
stage by stage (`rep_stage_funnel`, judged as the diagnosis judges it), and activity volume
against pipeline (the measure of activity_without_pipeline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline_doctor.checks.activity import PER, WORK, WORK_KINDS, ActivityWithoutPipeline
from pipeline_doctor.checks.base import execute
from pipeline_doctor.checks.common import rep_records
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.funnel_leak import stage_gaps
from pipeline_doctor.coaching.result import (
    ActivityVolume,
    QuotaPeriod,
    Quotas,
    RateFigure,
    StageFunnel,
    StageRow,
    Standing,
)
from pipeline_doctor.diagnosis.result import RepDiagnosis
from pipeline_doctor.facts import deal_facts, rep_stage_funnel, rows
from pipeline_doctor.model.labels import absent_phrase
from pipeline_doctor.stats import Rate, difference, quantile, wilson
from pipeline_doctor.wording import money, pct, plural


def rate_figure(r: Rate) -> RateFigure:
    if r.n <= 0:
        return RateFigure(k=int(r.k), n=0, value=None, low=None, high=None)
    return RateFigure(k=int(r.k), n=int(r.n), value=r.value, low=r.low, high=r.high)


def standing(ctx: CheckContext, rep: str, name: str) -> Standing:
    """The rep's won, lost and open deals and win rate against the rest of the team's."""
    per = [r for r in rows(rep_records(ctx)) if r["rep"] is not None]
    mine = next((r for r in per if r["rep"] == rep), None) or {}
    rest = [r for r in per if r["rep"] != rep]
    won, lost, open_ = (int(mine.get(c) or 0) for c in ("won", "lost", "open_deals"))
    own = wilson(won, won + lost)
    others = wilson(sum(r["won"] for r in rest), sum(r["won"] + r["lost"] for r in rest))
    diff = difference(own, others) if own.n and others.n else None
    clear = diff is not None and (diff.low > 0 or diff.high < 0)
    basis = ctx.basis()
    open_amount = float(mine.get("open_amount") or 0.0) if basis.money_known else None
    if own.n:
        text = (
            f"{name} wins {pct(own.value)} of closed deals ({won:,} of {own.n:,.0f}; 95% "
            f"interval {pct(own.low)}–{pct(own.high)})"
        )
        if others.n:
            verdict = (
                "clearly lower" if clear and own.value < others.value
                else "clearly higher" if clear else "within noise"
            )  # fmt: skip
            text += f" against {pct(others.value)} for the rest of the team: {verdict}"
    else:
        text = f"{name} has no closed deals yet"
    pipeline = f" worth {money(open_amount, basis.currency)}" if open_amount is not None else ""
    text += f". {won:,} won, {lost:,} lost, {open_:,} open{pipeline}."
    return Standing(
        deals=won + lost + open_,
        won=won,
        lost=lost,
        open=open_,
        open_amount=open_amount,
        win_rate=rate_figure(own),
        rest_win_rate=rate_figure(others),
        difference_low=diff.low if diff else None,
        difference_high=diff.high if diff else None,
        clear=clear,
        text=text,
    )


def quotas(ctx: CheckContext, rep: str, name: str) -> Quotas:
    """Each quota period of the rep against the amount of their deals won in it."""
    if not ctx.has("quotas"):
        return Quotas(text="No quotas in your data: results against quota cannot be shown.")
    q = ctx.table("quotas")
    q = q.filter(q.rep == rep).select(
        "period", "period_start", "period_end", quota=q.amount
    )  # fmt: skip
    today = ctx.now().date()
    q = q.filter(q.period_start <= today)
    if ctx.scope.since is not None:
        q = q.filter(q.period_end >= ctx.scope.since.date())
    d = deal_facts(ctx, "outcome", "closed_at", "amount")
    w = d.filter((d.outcome == "won") & d.closed_at.notnull())
    w = w.select(closed_day=w.closed_at.date(), won=w.amount)
    j = q.left_join(w, [w.closed_day >= q.period_start, w.closed_day <= q.period_end])
    per = j.group_by(["period", "period_start", "period_end", "quota"]).aggregate(
        won_deals=j.closed_day.count(), won_amount=j.won.sum()
    )
    found = sorted(rows(per), key=lambda r: (r["period_start"], r["period"]))
    if not found:
        return Quotas(text=f"No quota for {name} in your data: results against quota cannot "
                      "be shown.")  # fmt: skip
    basis = ctx.basis()
    periods = []
    for r in found:
        amount = float(r["won_amount"] or 0.0) if basis.money_known else None
        quota = float(r["quota"])
        periods.append(
            QuotaPeriod(
                period=str(r["period"]),
                start=r["period_start"].isoformat(),
                end=r["period_end"].isoformat(),
                quota=quota,
                won_amount=amount,
                won_deals=int(r["won_deals"]),
                attainment=amount / quota if amount is not None and quota > 0 else None,
                partial=r["period_end"] >= today,
            )
        )
    return _quota_summary(periods, basis.money_known, basis.currency)


def _quota_summary(periods: list[QuotaPeriod], money_known: bool, currency: str | None) -> Quotas:
    if not money_known:
        return Quotas(
            periods=periods,
            text="Quotas are in your data, but your deals carry no amounts to set against them.",
        )
    ended = [p for p in periods if not p.partial]
    quota = sum(p.quota for p in ended)
    won = sum(p.won_amount or 0.0 for p in ended)
    attainment = won / quota if quota > 0 else None
    parts = []
    if ended:
        parts.append(
            f"{pct(attainment)} of quota over the {plural(len(ended), 'period')} that have "
            f"ended ({money(won, currency)} won against {money(quota, currency)})"
        )
        hit = sum(1 for p in ended if p.attainment is not None and p.attainment >= 1)
        parts.append(f"quota reached in {hit:,} of them")
    current = [p for p in periods if p.partial]
    if current:
        p = current[-1]
        parts.append(
            f"{p.period} so far: {pct(p.attainment)} ({money(p.won_amount or 0.0, currency)})"
        )
    text = "; ".join(parts) + "."
    return Quotas(periods=periods, attainment=attainment, text=text[:1].upper() + text[1:])


def funnel(ctx: CheckContext, rep: str, name: str, dx_rep: RepDiagnosis | None) -> StageFunnel:
    """The rep's reach and conversion per open stage against the rest of the team's, with the
    diagnosis's weakest link for the rep (shrunk toward the team, as it judges it)."""
    if not (ctx.has("stages") and ctx.has("stage_changes")):
        missing = "stages" if not ctx.has("stages") else "stage_changes"
        return StageFunnel(text=f"No funnel: {absent_phrase(missing)}.")
    gaps = [g for g in stage_gaps(rows(rep_stage_funnel(ctx))) if g.rep == rep]
    link = dx_rep.weakest_link if dx_rep is not None else None
    if not gaps:
        return StageFunnel(text=f"{name} has no closed deals to follow through the stages.")
    own_total = max(g.reached for g in gaps)
    rest_total = max(g.team.n for g in gaps)
    stages = [
        StageRow(
            stage=g.stage,
            reach=g.reached / own_total if own_total else None,
            rate=rate_figure(g.rate),
            shrunk=g.shrunk.value,
            rest_reach=g.team.n / rest_total if rest_total else None,
            rest_rate=rate_figure(g.team),
            weakest=link is not None and link.stage == g.stage,
        )
        for g in gaps
    ]
    if link is None:
        text = "Too few closed deals to compare the stages with the rest of the team."
    elif link.clear:
        text = (
            f"{name}'s funnel leaks most at {link.stage}: {pct(link.rate)} of deals move on "
            f"against {pct(link.baseline)} for the rest of the team."
        )
    else:
        text = (
            f"No stage is clearly weaker than the rest of the team's; the furthest below is "
            f"{link.stage} ({pct(link.rate)} of deals move on against {pct(link.baseline)}, "
            "within noise or a small gap)."
        )
    return StageFunnel(
        stages=stages,
        weakest_stage=link.stage if link is not None else None,
        clear=bool(link and link.clear),
        explained_by=list(dx_rep.explained_by) if dx_rep is not None else [],
        text=text,
    )


def activity(ctx: CheckContext, rep: str, name: str, record: Standing) -> ActivityVolume:
    """Activity volume against the pipeline it builds, beside the rest of the team, from the
    measure of activity_without_pipeline (its rule says who is judged)."""
    check = ctx.check(ActivityWithoutPipeline)
    reason = check.skip_reason(ctx)
    if reason is not None:
        return _no_activity(f"No activity figures: {reason}.")
    per = [r for r in execute(check.measure(ctx)).main if r["activities"] > 0]
    spans = {str(r["rep"]): r for r in rows(_spans(ctx))}
    weeks = {rep_id: _weeks(r) for rep_id, r in spans.items()}
    mine = next((r for r in per if r["rep"] == rep), None)
    if mine is None:
        return _no_activity(f"{name} has logged no calls, emails or meetings.")
    rest = [r for r in per if r["rep"] != rep]
    median = quantile([float(r["activities"]) for r in per], 0.5)
    weekly = [r["activities"] / w for r in per if (w := weeks.get(str(r["rep"])))]
    n, deals, w = int(mine["activities"]), int(mine["deals"]), weeks.get(rep)
    rest_a, rest_d = sum(r["activities"] for r in rest), sum(r["deals"] for r in rest)
    out = ActivityVolume(
        activities=n,
        deals=deals,
        weeks=w,
        per_deal=n / deals if deals else None,
        per_week=n / w if w else None,
        deals_per_1000=PER * deals / n,
        team_median_activities=median,
        team_median_per_week=quantile(weekly, 0.5),
        rest_per_deal=rest_a / rest_d if rest_d else None,
        rest_deals_per_1000=PER * rest_d / rest_a if rest_a else None,
        judged=n >= max(median or 0.0, check.min_samples),
        text="",
    )
    return out.model_copy(update={"text": _activity_text(out, name, record)})


def _spans(ctx: CheckContext) -> Any:
    a = ctx.population_activities()
    a = a.filter(a.kind.isin(WORK_KINDS) & a.rep.notnull())
    return a.group_by(a.rep).aggregate(first=a.at.min(), last=a.at.max())


def _weeks(r: dict[str, Any]) -> float | None:
    if r["first"] is None or r["last"] is None:
        return None
    span: dt.timedelta = r["last"] - r["first"]
    return max(1.0, span.total_seconds() / (7 * 86400))


def _no_activity(text: str) -> ActivityVolume:
    return ActivityVolume(
        activities=0, deals=0, weeks=None, per_deal=None, per_week=None, deals_per_1000=None,
        team_median_activities=None, team_median_per_week=None, rest_per_deal=None,
        rest_deals_per_1000=None, judged=False, text=text,
    )  # fmt: skip


def _num(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def _activity_text(a: ActivityVolume, name: str, record: Standing) -> str:
    text = f"{name} logged {plural(a.activities, 'call, email or meeting', WORK)}"
    if a.per_week is not None:
        text += f", about {_num(a.per_week)} a week (team median {_num(a.team_median_per_week)})"
    text += (
        f", for {plural(a.deals, 'deal')}: {_num(a.per_deal)} per deal against "
        f"{_num(a.rest_per_deal)} for the rest of the team, or {_num(a.deals_per_1000, 1)} deals "
        f"per {PER:,} activities against {_num(a.rest_deals_per_1000, 1)}."
    )
    win = record.win_rate.value
    if win is not None:
        rest = record.rest_win_rate.value
        text += (
            f" Those deals win {pct(win)} (the rest of the team {pct(rest)}); "
            f"{plural(record.open, 'deal')} still open."
        )
    if not a.judged:
        text += " Fewer activities than the team's median: not judged as busy without pipeline."
    return text
