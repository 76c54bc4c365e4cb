"""The per-deal fact table: outcome, age, qualification, activity, close-date pushes,
reopenings, furthest stage reached, when the current stage was entered, the rep's team and the
account's attributes.

Built once per run over the scope's *population* (team, since) with an `in_subject` column;
`deal_facts` is the subject's deals (a rep's, under --rep), `population_facts` the whole
population for comparisons with the rest of the team. Absent and unrecorded values stay null:
a deal with no created date has no age, a budget nobody recorded is not "unknown"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.facts.activity import deal_activity
from pipeline_doctor.facts.funnel import deal_stage_reach

if TYPE_CHECKING:
    from pipeline_doctor.facts.context import FactContext

BANT = ("budget", "authority", "need", "timing")
ACTIVITY_COUNTS = (
    "n_activities", "n_touches", "n_outbound", "n_inbound", "n_unanswered", "n_meetings",
    "n_asks", "n_responses", "n_decision_maker",
)  # fmt: skip


def days_between(later: Any, earlier: Any) -> Any:
    """Fractional days between two timestamp expressions (portable across backends)."""
    return (later.epoch_seconds() - earlier.epoch_seconds()) / 86400.0


def _field_history(ctx: FactContext) -> Any:
    f = ctx.table("field_changes")
    push = (f.field == "expected_close") & (f.new_value > f.old_value)
    reopen = (f.field == "outcome") & (f.new_value == "open") & f.old_value.isin(("won", "lost"))
    return f.group_by(f.deal).aggregate(n_pushes=push.sum(), n_reopens=reopen.sum())


def _base(ctx: FactContext) -> Any:
    d = ctx.population_deals()
    end = d.closed_at.fill_null(ibis.literal(ctx.now()))
    unknown = {f"{c}_unknown": (d[c] == "unknown").fill_null(False) for c in BANT}
    return d.select(
        "id", "name", "rep", "account", "source", "source_detail", "product", "pipeline",
        "stage", "amount", "currency", "created_at", "expected_close", "closed_at", "outcome",
        "lost_reason_category", "lost_reason_text", "competitor", *BANT,
        stage_order=ctx.stage_order_expr(d.stage),
        age_days=days_between(end, d.created_at),
        n_unknown_bant=sum((v.cast("int64") for v in unknown.values()), ibis.literal(0)),
        in_subject=ctx.in_subject(d.rep),
        extra=d.extra if "extra" in d.columns else ibis.null("string"),
        amount_estimated=(
            d.amount_estimated.fill_null(False)
            if "amount_estimated" in d.columns
            else ibis.literal(False)
        ),
        **unknown,
    )  # fmt: skip


ACCOUNT_COLUMNS = ("industry", "reach", "region", "country", "price_sensitivity",
                   "innovation_appetite", "employees", "annual_revenue", "extra")  # fmt: skip
"""Account attributes joined onto each deal as `acc_<column>` (the segment checks and the
won-against-lost comparisons group by them)."""


def _with_team_and_account(ctx: FactContext, j: Any) -> Any:
    reps = ctx.table("reps").select(team_rep="id", team="team")
    j = j.left_join(reps, j.rep == reps.team_rep).drop("team_rep")
    a = ctx.table("accounts")
    cols = [c for c in ACCOUNT_COLUMNS if c in a.columns]
    acc = a.select(acc_id=a.id, **{f"acc_{c}": a[c] for c in cols})
    j = j.left_join(acc, j.account == acc.acc_id).drop("acc_id")
    missing = {f"acc_{c}": ibis.null("string") for c in ACCOUNT_COLUMNS if c not in cols}
    return j.mutate(**missing) if missing else j


def extra_column(table: str, index: int) -> str:
    """The deal-facts column holding the `index`-th extra attribute of `table` (deals or
    accounts, in the order of `StoreProfile.extra_keys`)."""
    return f"{table}_extra_{index}"


def _with_extra_columns(ctx: FactContext, j: Any) -> Any:
    """Each extra attribute as a text column of its own, read out of the JSON once when the
    facts are materialised (reading JSON in every query cost 30 s on 78,000 deals)."""
    columns = {}
    for table, source in (("deals", j.extra), ("accounts", j.acc_extra)):
        for i, key in enumerate(ctx.profile.extra_keys.get(table, ())):
            columns[extra_column(table, i)] = source.cast("json")[key].str
    return j.mutate(**columns) if columns else j


def _deal_facts(ctx: FactContext) -> Any:
    base = _base(ctx)
    acts = deal_activity(ctx)
    hist = _field_history(ctx)
    reach = deal_stage_reach(ctx)
    j = base.left_join(acts, base.id == acts.deal).drop("deal")
    j = j.left_join(hist, j.id == hist.deal).drop("deal")
    j = j.left_join(reach, j.id == reach.deal).drop("deal")
    fills = {c: j[c].fill_null(0) for c in (*ACTIVITY_COUNTS, "n_pushes", "n_reopens")}
    fills["single_contact"] = j.contact_min.isnull() | (j.contact_min == j.contact_max)
    first_open = min((s.order for s in ctx.open_stages()), default=0)
    fills["reached_order"] = ibis.greatest(
        j.reached_order.fill_null(first_open),
        (j.outcome == "open").ifelse(j.stage_order.fill_null(first_open), first_open),
    )
    fills["stage_entered_at"] = j.stage_entered_at.fill_null(j.created_at)
    j = j.mutate(**fills).drop("contact_min", "contact_max")
    return _with_extra_columns(ctx, _with_team_and_account(ctx, j))


def population_facts(ctx: FactContext, *columns: str) -> Any:
    """One row per deal of the population (team, since), with `in_subject`; only `columns`
    when given. Name the columns a query needs: Ibis builds a query over a few columns several
    times faster than over all sixty, and that build time is most of a check's cost."""
    facts = ctx.fact("deal_facts", _deal_facts)
    return facts.select(*dict.fromkeys(columns)) if columns else facts


def deal_facts(ctx: FactContext, *columns: str) -> Any:
    """One row per deal of the subject (the population narrowed to the scope's rep); only
    `columns` when given (see `population_facts`)."""
    facts = ctx.fact("deal_facts", _deal_facts)
    if ctx.scope.narrowed:
        facts = facts.filter(facts.in_subject)
    return facts.select(*dict.fromkeys(columns)) if columns else facts
