"""Concrete moments to discuss for a skill whose findings carry no quotes or deal list: the
records of the rep's own deals that show the habit (the meetings that ended without a next
step, the won customers never asked for a referral, …), most recent first.

Each finder reads the shared facts through the run's scope and the run's configured check (its
parameters: the next step's window, the late stage, the referral window), so a moment shows
the habit as the check judged it. Finders are keyed by the skill they illustrate; a skill with
none here gets its moments from its findings alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ibis

from pipeline_doctor.checks import skills
from pipeline_doctor.checks.activity import WORK, WORK_KINDS
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.lost import VAGUE, LostReasonHygiene
from pipeline_doctor.checks.next_step import MissingNextStep
from pipeline_doctor.checks.qualification import QualificationGaps
from pipeline_doctor.checks.referral_program import ReferralProgram
from pipeline_doctor.checks.sourcing import COLD, source_name
from pipeline_doctor.checks.support import LateStageSupport
from pipeline_doctor.coaching.result import Moment
from pipeline_doctor.facts import (
    BANT,
    deal_facts,
    discovery_calls,
    email_facts,
    meeting_facts,
    meeting_preparation,
    rows,
)
from pipeline_doctor.facts.conversations import PREPARATION_DAYS
from pipeline_doctor.model.labels import field_label
from pipeline_doctor.wording import days, money, pct, plural

Finder = Callable[[CheckContext, int], list[Moment]]
"""finder(ctx, most) -> up to `most` moments from the scope rep's deals."""


def _day(value: Any) -> str | None:
    return value.date().isoformat() if isinstance(value, dt.datetime) else None


def _deals(ctx: CheckContext, *columns: str) -> Any:
    """The scope rep's deals with their account's name (`account_name`)."""
    d = deal_facts(ctx, "id", "name", "account", *columns)
    accounts = ctx.table("accounts").select(account_id="id", account_name="name")
    return d.left_join(accounts, d.account == accounts.account_id).drop("account_id")


def _on_deals(ctx: CheckContext, t: Any) -> Any:
    """Records of `t` (with a `deal` column) on the scope rep's deals, with the deal's name."""
    d = _deals(ctx).rename(deal_id="id", deal_name="name")
    return t.join(d, t.deal == d.deal_id).drop("deal_id")


def _label(r: dict[str, Any], name: str = "name") -> str:
    deal = r.get(name) or r.get("id") or r.get("deal") or "a deal"
    account = r.get("account_name") or r.get("account")
    return f"{deal} ({account})" if account and account != deal else str(deal)


def _recent(t: Any, column: str, most: int) -> list[dict[str, Any]]:
    out = rows(t.order_by([ibis.desc(t[column]), t[t.columns[0]]]).limit(most))
    return sorted(out, key=lambda r: r[column] or dt.datetime.min, reverse=True)


def _deal_moment(r: dict[str, Any], at: str, text: str, why: str) -> Moment:
    """A record moment about the deal `r` (a row with `id`), dated by its column `at`."""
    return Moment(kind="record", date=_day(r[at]), deal=str(r["id"]), text=text, why=why)


def _activity_moment(r: dict[str, Any], text: str, why: str) -> Moment:
    """A record moment about the activity `r` (a row with `id`, `deal` and `at`)."""
    return Moment(
        kind="record", date=_day(r["at"]), activity=str(r["id"]), deal=str(r["deal"]),
        text=text, why=why,
    )  # fmt: skip


def _meeting(r: dict[str, Any], why: str) -> Moment:
    return _activity_moment(r, f"Meeting on {_label(r, 'deal_name')}", why)


def next_step_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not ctx.has("activities.next_step"):
        return []
    within = ctx.check(MissingNextStep).within_days
    m = meeting_facts(ctx)
    ok = m.has_next_step & m.due_days.notnull() & (m.due_days <= within)
    found = _recent(_on_deals(ctx, m.filter(~ok)), "at", most)
    return [
        _meeting(
            r,
            f"ended with no next step due within {days(within)}"
            if r["has_next_step"]
            else "ended with no next step written down",
        )
        for r in found
    ]


def preparation_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not ctx.has("activities.agenda"):
        return []
    m = meeting_preparation(ctx)
    found = _recent(_on_deals(ctx, m.filter(~m.prepared)), "at", most)
    why = f"no agenda, and no research note on the deal in the {days(PREPARATION_DAYS)} before"
    return [_meeting(r, why) for r in found]


def referral_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not (ctx.has("activities") and ctx.has("deals.closed_at")):
        return []
    window = ctx.check(ReferralProgram).window_days
    d = _deals(ctx, "outcome", "closed_at", "amount")
    won = d.filter((d.outcome == "won") & d.account.notnull() & d.closed_at.notnull())
    a = ctx.activities()
    asks = a.filter(a.kind == "referral_ask").select(ask_account=a.account, ask_at=a.at)
    unasked = won.anti_join(
        asks,
        [
            won.account == asks.ask_account,
            asks.ask_at >= won.closed_at - dt.timedelta(days=30),
            asks.ask_at <= won.closed_at + dt.timedelta(days=window),
        ],
    )
    money_known = ctx.basis().money_known
    return [
        _deal_moment(
            r,
            "closed_at",
            f"Won: {_label(r)}"
            + (
                f", {money(r['amount'], ctx.basis().currency)}"
                if money_known and r["amount"]
                else ""
            ),
            f"a won customer not asked for a referral in the {days(window)} after the win",
        )
        for r in _recent(unasked, "closed_at", most)
    ]


def qualification_moments(ctx: CheckContext, most: int) -> list[Moment]:
    fields = [c for c in BANT if ctx.has(f"deals.{c}")]
    if not fields:
        return []
    stage = ctx.check(QualificationGaps).qualification_stage
    d = _deals(ctx, "created_at", "reached_order", *(f"{c}_unknown" for c in fields))
    if ctx.has("stage_changes") and ctx.has("stages"):
        d = d.filter(d.reached_order > ctx.stage_order(stage, 1))
    d = d.filter(ibis.or_(*(d[f"{c}_unknown"] for c in fields)))
    out = []
    for r in _recent(d, "created_at", most):
        unknown = [field_label(f"deals.{c}") for c in fields if r[f"{c}_unknown"]]
        out.append(
            _deal_moment(
                r,
                "created_at",
                _label(r),
                f"moved past {stage} with {' and '.join(unknown)} unknown",
            )
        )
    return out


def multithreading_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not (ctx.has("activities.contact") and ctx.has("stages")):
        return []
    late = ctx.check(LateStageSupport).late_stage
    d = _deals(ctx, "created_at", "outcome", "reached_order", "single_contact", "n_decision_maker")
    d = d.filter(d.reached_order >= ctx.stage_order(late, 3))
    d = d.filter(d.single_contact | (d.n_decision_maker == 0))
    return [
        _deal_moment(
            r,
            "created_at",
            f"{_label(r)}, {r['outcome']}",
            f"reached {late} "
            + ("with one contact" if r["single_contact"] else "with no decision maker involved"),
        )
        for r in _recent(d, "created_at", most)
    ]


def loss_moments(ctx: CheckContext, most: int) -> list[Moment]:
    has_category = ctx.has("deals.lost_reason_category")
    if not (has_category or ctx.has("deals.lost_reason_text")):
        return []
    d = _deals(ctx, "outcome", "closed_at", "lost_reason_category", "lost_reason_text")
    lost = d.filter(d.outcome == "lost")
    text = lost.lost_reason_text.strip().lower()
    short = ctx.check(LostReasonHygiene).min_text_chars
    vague = text.isnull() | text.isin(VAGUE) | (text.length() < short)
    cat = lost.lost_reason_category
    bad = (cat.isnull() | ((cat == "other") & vague)) if has_category else vague
    return [
        _deal_moment(
            r,
            "closed_at",
            f"Lost: {_label(r)}",
            "lost with no usable reason recorded",
        )
        for r in _recent(lost.filter(bad), "closed_at", most)
    ]


def prospecting_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not ctx.has("deals.source"):
        return []
    d = _deals(ctx, "source", "outcome", "closed_at", "age_days")
    cold = d.filter(d.source.isin(COLD) & (d.outcome == "lost") & d.closed_at.notnull())
    return [
        _deal_moment(
            r,
            "closed_at",
            f"Lost: {_label(r)}",
            f"{source_name(r['source'])} deal"
            + (f", lost after {days(r['age_days'])}" if r["age_days"] is not None else ", lost"),
        )
        for r in _recent(cold, "closed_at", most)
    ]


def targeting_moments(ctx: CheckContext, most: int) -> list[Moment]:
    """Accounts the rep works hardest without a deal there, then the rep's deals that took
    the most calls, emails and meetings and were lost."""
    if not ctx.has("activities"):
        return []
    a = ctx.activities()
    a = a.filter(a.kind.isin(WORK_KINDS) & a.account.notnull())
    per = a.group_by(a.account).aggregate(touches=a.count(), last=a.at.max())
    theirs = deal_facts(ctx, "account").filter(ibis._.account.notnull())
    theirs = theirs.select(deal_account="account").distinct()
    idle = per.anti_join(theirs, per.account == theirs.deal_account)
    accounts = ctx.table("accounts").select(account_id="id", account_name="name")
    idle = idle.left_join(accounts, idle.account == accounts.account_id)
    top = rows(idle.order_by([ibis.desc(idle.touches), idle.account]).limit(most))
    out = [
        Moment(
            kind="record",
            date=_day(r["last"]),
            text=f"Account {r['account_name'] or r['account']}",
            why=f"{plural(r['touches'], 'call, email or meeting', WORK)} and no deal",
        )
        for r in sorted(top, key=lambda r: (-r["touches"], str(r["account"])))
    ]
    d = _deals(ctx, "outcome", "closed_at", "n_touches")
    lost = d.filter((d.outcome == "lost") & (d.n_touches > 0))
    heavy = rows(lost.order_by([ibis.desc(lost.n_touches), lost.id]).limit(most - len(out)))
    out += [
        _deal_moment(
            r,
            "closed_at",
            f"Lost: {_label(r)}",
            f"{plural(r['n_touches'], 'call, email or meeting', WORK)}, then lost",
        )
        for r in sorted(heavy, key=lambda r: (-r["n_touches"], str(r["id"])))
    ]
    return out[:most]


def discovery_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not ctx.has("transcript_segments"):
        return []
    c = _on_deals(ctx, discovery_calls(ctx))
    found = rows(c.order_by([c.rep_questions, ibis.desc(c.at), c.id]).limit(most))
    return [
        _activity_moment(
            r,
            f"Discovery call on {_label(r, 'deal_name')}",
            f"{plural(r['rep_questions'], 'question')} asked"
            + (
                f"; the rep talked {pct(r['rep_talk_share'])} of the time"
                if r["rep_talk_share"] is not None
                else ""
            ),
        )
        for r in found
    ]


def email_moments(ctx: CheckContext, most: int) -> list[Moment]:
    if not ctx.has("activities.body"):
        return []
    e = email_facts(ctx)
    e = _on_deals(ctx, e.filter(~e.has_ask | e.self_focused))
    return [
        _activity_moment(
            r,
            f"Email on {_label(r, 'deal_name')}",
            "asked the buyer for nothing" if not r["has_ask"] else "mostly about us",
        )
        for r in _recent(e, "at", most)
    ]


FINDERS: dict[str, Finder] = {
    skills.NEXT_STEP.key: next_step_moments,
    skills.PREPARATION.key: preparation_moments,
    skills.REFERRAL_ASKING.key: referral_moments,
    skills.QUALIFICATION.key: qualification_moments,
    skills.MULTITHREADING.key: multithreading_moments,
    skills.LOSS_REVIEW.key: loss_moments,
    skills.PROSPECTING_MIX.key: prospecting_moments,
    skills.TARGETING.key: targeting_moments,
    skills.DISCOVERY.key: discovery_moments,
    skills.EMAIL_COPYWRITING.key: email_moments,
}
"""Skill key -> where its moments are found in the records (pipeline hygiene has none: its
findings list the deals themselves)."""


def record_moments(ctx: CheckContext, skill: skills.Skill, most: int) -> list[Moment]:
    """Up to `most` moments from the records for `skill` (none when it has no finder)."""
    finder = FINDERS.get(skill.key)
    return finder(ctx, most) if finder is not None and most > 0 else []
