"""`pipeline-doctor deal ID`: one deal's story, from the store and the diagnosis's findings.

`build_deal_story` reads the deal once (`record.read_record`), builds the timeline, stage moves,
correspondence and silences from those rows, compares the deal with won deals like it, lists
the findings that touch it and, for a lost deal, weighs the likely causes against the reason
the rep recorded (`root_causes`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipeline_doctor.casework.correspondence import correspondence, silences
from pipeline_doctor.casework.lookup import resolve_deal
from pipeline_doctor.casework.models import DealStory, DealSummary, FindingRef, QualifyOutEmail
from pipeline_doctor.casework.peers import compare_with_peers, typical_gap_days
from pipeline_doctor.casework.qualify_out import draft_email
from pipeline_doctor.casework.record import DealRecord, read_record
from pipeline_doctor.casework.root_causes import CauseModel, fit_cause_model, review_loss
from pipeline_doctor.casework.timeline import build_timeline, iso, stage_moves
from pipeline_doctor.checks.context import CheckContext

if TYPE_CHECKING:
    from pipeline_doctor.diagnosis import Diagnosis
    from pipeline_doctor.store import Store


def build_deal_story(
    store: Store,
    wanted: str,
    *,
    diagnosis: Diagnosis | None = None,
    as_of: dt.datetime | None = None,
) -> DealStory:
    """The story of the deal `wanted` names (id or name). `diagnosis`, when given, supplies
    the findings that touch the deal."""
    with CheckContext(store, as_of=as_of) as ctx:
        deal_id = resolve_deal(ctx.table("deals"), wanted)
        ctx.prepare()
        return story_of(ctx, deal_id, diagnosis)


def story_of(
    ctx: CheckContext,
    deal_id: str,
    diagnosis: Diagnosis | None = None,
    model: CauseModel | str | None = None,
) -> DealStory:
    """The story of `deal_id` in a prepared context; `model` reuses a fitted cause model when
    many deals are told (the report)."""
    record = read_record(ctx, deal_id)
    d = record.deal
    end = d.get("closed_at") or ctx.now()
    loss = None
    if d.get("outcome") == "lost":
        loss = review_loss(
            model if model is not None else fit_cause_model(ctx),
            d,
            reason_field=record.lost_reason_field,
        )
    findings = _findings(diagnosis, record) if diagnosis is not None else []
    summary, timeline = _summary(record, ctx.now()), build_timeline(record)
    listed = [f.how for f in findings if f.deal_list == "qualify_out"]
    return DealStory(
        as_of=ctx.now().isoformat(timespec="seconds"),
        deal=summary,
        timeline=timeline,
        stage_moves=stage_moves(record),
        correspondence=correspondence(record),
        silences=silences(record, typical_gap_days(ctx), end),
        comparison=compare_with_peers(ctx, d),
        findings=findings,
        loss=loss,
        on_qualify_out_list=bool(listed),
        qualify_out=(
            draft_email(summary, timeline, "; ".join(listed), ctx.now().isoformat())
            if listed
            else None
        ),
        absent=list(record.absent),
    )


def _summary(record: DealRecord, now: dt.datetime) -> DealSummary:
    d = record.deal
    created, closed = d.get("created_at"), d.get("closed_at")
    end = closed or now
    age = (end - created).total_seconds() / 86400 if created else None
    return DealSummary(
        id=str(d["id"]),
        name=d.get("name"),
        account=d.get("account"),
        account_name=record.account_name,
        rep=d.get("rep"),
        rep_name=record.rep_name,
        outcome=str(d.get("outcome")),
        stage=d.get("stage"),
        amount=d.get("amount"),
        currency=d.get("currency"),
        source=d.get("source_detail") or d.get("source"),
        created_at=iso(created),
        expected_close=iso(d.get("expected_close")),
        closed_at=iso(closed),
        age_days=round(age, 1) if age is not None else None,
        lost_reason_category=d.get("lost_reason_category"),
        lost_reason_text=d.get("lost_reason_text"),
        lost_reason_field=record.lost_reason_field,
        competitor=d.get("competitor"),
    )


def _findings(diagnosis: Diagnosis, record: DealRecord) -> list[FindingRef]:
    deal_id, rep = str(record.deal["id"]), record.deal.get("rep")
    out = []
    for f in diagnosis.findings:
        listed = next((r for r in f.deals if r.id == deal_id), None)
        if listed is not None:
            how = f"the deal is on its list: {listed.note}" if listed.note else "on its list"
        elif f.scope.kind == "rep" and rep is not None and f.scope.key == rep:
            how = "about the deal's rep"
        else:
            continue
        out.append(
            FindingRef(
                finding=f.id,
                check=f.check,
                title=f.title,
                summary=f.summary,
                how=how,
                deal_list=f.deal_list if listed is not None else None,
            )
        )
    return out


def empty_list_text(diagnosis: Diagnosis) -> str:
    """Why no deal is on the qualify-out list: the checks that judged the open deals and found
    none, or, when none could judge, what stopped them (never an empty list read as healthy)."""
    checks = [c for c in diagnosis.checks if c.deal_list == "qualify_out"]
    judged = [c for c in checks if c.status == "healthy"]
    if judged:
        said = "; ".join(f"{c.title}: {'; '.join(c.judged)}" for c in judged)
        return f"No deal is on the qualify-out list ({said})."
    why = "; ".join(f"{c.title}: {(c.reason or c.status).rstrip('.')}" for c in checks)
    return f"No qualify-out list: no check could judge your open deals ({why or 'none ran'})."


def qualify_out_emails(store: Store, diagnosis: Diagnosis) -> list[QualifyOutEmail]:
    """The email of every deal on the diagnosis's qualify-out list, in the list's order (the
    story of each is not built: only its record and timeline)."""
    listed: dict[str, list[str]] = {}
    for f in diagnosis.findings:
        if f.deal_list == "qualify_out":
            for r in f.deals:
                listed.setdefault(r.id, []).append(r.note or f.title)
    out = []
    with CheckContext(store) as ctx:
        today = ctx.now().isoformat()
        for deal_id, why in listed.items():
            record = read_record(ctx, deal_id)
            summary = _summary(record, ctx.now())
            out.append(draft_email(summary, build_timeline(record), "; ".join(why), today))
    return out
