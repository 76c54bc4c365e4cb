"""Shared measuring and judging for checks that flag individual deals (zombies, stalled, past
due, one-sided): one finding per check with the deals inside it, worst first, each with enough
to recognise it (name, account, owner, amount, age, last touch) and why it is on the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.checks.common import subject_scope
from pipeline_doctor.checks.findings import DealRef, Evidence, Metric
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured
from pipeline_doctor.wording import money, pct, plural

if TYPE_CHECKING:
    from pipeline_doctor.checks.base import Check
    from pipeline_doctor.checks.context import CheckContext

Note = Callable[[dict[str, Any]], str]


REF_COLUMNS = ("id", "name", "account", "rep", "amount", "stage", "age_days", "last_activity_at")
"""The deal facts a `DealRef` is built from."""


def deal_list_tables(
    ctx: CheckContext, flagged: Any, max_deals: int, keep: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`deals`: the `max_deals` worst flagged deals (by `score`) with their account's name,
    each row carrying how many deals are flagged in all (`n_flagged`) and their amount
    (`flagged_amount`): one query. `keep` names the columns a check's notes need besides."""
    # a narrow projection first: every column carried along is spelt out again at each step
    flagged = flagged.select(*dict.fromkeys((*REF_COLUMNS, *keep, "score")))
    whole = ibis.window()
    flagged = flagged.mutate(
        n_flagged=flagged.count().over(whole),
        flagged_amount=flagged.amount.sum().over(whole),
    )
    top = flagged.order_by([flagged.score.desc(), flagged.id]).limit(max_deals)
    accounts = ctx.table("accounts").select(account_id="id", account_name="name")
    top = top.left_join(accounts, top.account == accounts.account_id).drop("account_id")
    return {"deals": top}  # a join keeps no order: the judge sorts by score again


def _deal_ref(r: dict[str, Any], basis: Basis, note: Note) -> DealRef:
    last = r.get("last_activity_at")
    return DealRef(
        id=str(r["id"]),
        name=r.get("name"),
        account=r.get("account_name") or r.get("account"),
        rep=r.get("rep"),
        rep_name=basis.rep_name(str(r["rep"])) if r.get("rep") else None,
        amount=r.get("amount"),
        stage=r.get("stage"),
        age_days=r.get("age_days"),
        last_touch=None if last is None else last.date().isoformat(),
        note=note(r),
    )


def judge_deal_list(
    check: Check,
    basis: Basis,
    measured: Measured,
    *,
    title: str,
    summary: Callable[[int, str], str],
    metric_name: str,
    note: Note,
    healthy: str,
) -> Judgement:
    """The list as one finding (the team's, or the scope rep's), or `healthy` when empty."""
    j = Judgement()
    if basis.open_deals == 0:
        j.little("no open deals in scope")
        return j
    rows = measured["deals"]
    n = int(rows[0]["n_flagged"]) if rows else 0
    if n == 0:
        j.healthy(healthy)
        return j
    amount = float(rows[0]["flagged_amount"] or 0.0)
    amount_text = f" worth {money(amount, basis.currency)}" if basis.money_known else ""
    win = basis.win_rate or 0.0
    worst_first = sorted(measured["deals"], key=lambda r: (-float(r["score"]), str(r["id"])))
    deals = [_deal_ref(r, basis, note) for r in worst_first]
    how = (
        f"{plural(n, 'deal')} × the win rate of closed deals ({pct(win)}): what the forecast "
        "counts on"
    )
    return Judgement(
        findings=[
            check.finding(
                basis,
                title=title,
                summary=summary(n, amount_text),
                metric=Metric(
                    name=metric_name,
                    value=n / basis.open_deals,
                    baseline=None,
                    unit="rate",
                    baseline_label="",
                ),
                scope=subject_scope(basis),
                evidence=Evidence(
                    affected=n, population=basis.open_deals, sample=[d.id for d in deals[:10]]
                ),
                impact=basis.impact(n * win, amount * win, how),
                deals=deals,
            )
        ]
    )
