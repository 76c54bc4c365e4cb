"""A deal's timeline in words: its creation, stage moves, close-date pushes, amount changes,
reopenings and every activity, oldest first. Pure: built from a `DealRecord`'s rows.

An outbound touch is unanswered when the CRM recorded it so (no answer, voicemail, bounced, no
show): the rule of the deal facts, so the timeline and the zombie list count alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline_doctor.casework.models import EventKind, StageMove, TimelineEvent
from pipeline_doctor.casework.record import DealRecord
from pipeline_doctor.facts.activity import TOUCH_KINDS, UNANSWERED
from pipeline_doctor.wording import money

PRECEDING_DAYS = 7
"""A stage move lists the activities of this many days before it."""

OUTCOME_WORDS = {
    "no_answer": "no answer", "voicemail": "voicemail left", "bounced": "bounced",
    "no_show": "the buyer did not show", "replied": "replied", "connected": "connected",
    "held": "held",
}  # fmt: skip


def iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else None


def day(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, dt.datetime) else "an unknown day"


def is_unanswered(a: dict[str, Any]) -> bool:
    return (
        a.get("kind") in TOUCH_KINDS
        and a.get("direction") == "outbound"
        and a.get("outcome") in UNANSWERED
    )


def is_inbound(a: dict[str, Any]) -> bool:
    return a.get("kind") in TOUCH_KINDS and (
        a.get("direction") == "inbound" or a.get("outcome") == "replied"
    )


def activity_text(a: dict[str, Any], who: str | None) -> str:
    """One activity in words: "Email to Ana Ruiz: Next steps (no reply)"."""
    kind = str(a.get("kind") or "activity")
    inbound = a.get("direction") == "inbound"
    noun = {"referral_ask": "Referral ask"}.get(kind, kind.capitalize())
    person = f" {'from' if inbound else 'with' if kind == 'meeting' else 'to'} {who}" if who else ""
    subject = f": {a['subject']}" if a.get("subject") and kind in ("email", "meeting") else ""
    if kind in ("note", "task"):
        subject = f": {a['subject']}" if a.get("subject") else ""
        person = ""
    text = f"{noun}{person}{subject}"
    outcome = a.get("outcome")
    if outcome in OUTCOME_WORDS and not (outcome == "replied" and inbound):
        text += f" ({OUTCOME_WORDS[str(outcome)]})"
    if kind == "meeting" and outcome in (None, "held"):
        step = str(a.get("next_step") or "").strip()
        due = a.get("next_step_due")
        if step:
            text += f"; next step: {step}" + (f", due {day(due)}" if due else "")
        else:
            text += "; no next step agreed"
    return text


def build_timeline(record: DealRecord) -> list[TimelineEvent]:
    d = record.deal
    events: list[TimelineEvent] = []
    if d.get("created_at"):
        source = f" from {d['source_detail'] or d['source']}" if d.get("source") else ""
        events.append(TimelineEvent(at=iso(d["created_at"]) or "", kind="created",
                                    text=f"Deal created{source}"))  # fmt: skip
    for c in record.stage_changes:
        text = f"Moved from {c['from_stage']} to {c['to_stage']}" if c.get("from_stage") else (
            f"Entered {c['to_stage']}"
        )  # fmt: skip
        events.append(TimelineEvent(at=iso(c["at"]) or "", kind="stage", text=text))
    for f in record.field_changes:
        events.append(_field_event(f, d.get("currency")))
    for a in record.activities:
        who = record.contacts.get(str(a.get("contact"))) if a.get("contact") else None
        kind = a.get("kind")
        events.append(
            TimelineEvent(
                at=iso(a["at"]) or "",
                kind=kind if kind in _ACTIVITY_KINDS else "other",
                text=activity_text(a, who),
                direction=a.get("direction"),
                outcome=a.get("outcome"),
                contact=who,
                unanswered=is_unanswered(a),
                activity=str(a["id"]),
                next_step=str(a.get("next_step") or "").strip() or None,
                next_step_due=iso(a.get("next_step_due")),
            )
        )
    if d.get("closed_at") and d.get("outcome") in ("won", "lost"):
        events.append(
            TimelineEvent(
                at=iso(d["closed_at"]) or "",
                kind="closed",
                text=_closed_text(d, record.lost_reason_field),
            )
        )
    return sorted(events, key=lambda e: (e.at, _ORDER.get(e.kind, 5)))


_ACTIVITY_KINDS: frozenset[EventKind] = frozenset(
    ("meeting", "call", "email", "note", "task", "referral_ask")
)
_ORDER = {"created": 0, "stage": 1, "close_date": 2, "amount": 2, "reopened": 2, "closed": 9}


def _closed_text(d: dict[str, Any], reason_field: bool) -> str:
    if d["outcome"] == "won":
        return "Won"
    reason = d.get("lost_reason_category")
    text = d.get("lost_reason_text")
    blank = " (no reason recorded)" if reason_field else ""
    said = f": {str(reason).replace('_', ' ')}" if reason else blank
    return f"Lost{said}" + (f" — {text}" if text else "")


def _field_event(f: dict[str, Any], currency: str | None) -> TimelineEvent:
    at = iso(f["at"]) or ""
    field, old, new = f.get("field"), f.get("old_value"), f.get("new_value")
    if field == "expected_close":
        verb = "pushed" if (old or "") < (new or "") else "moved"
        return TimelineEvent(
            at=at, kind="close_date",
            text=f"Close date {verb} from {str(old)[:10]} to {str(new)[:10]}",
        )  # fmt: skip
    if field == "amount":
        return TimelineEvent(at=at, kind="amount", text=f"Amount changed from "
                             f"{_money(old, currency)} to {_money(new, currency)}")  # fmt: skip
    if field == "outcome" and new == "open":
        return TimelineEvent(at=at, kind="reopened", text=f"Reopened after being {old}")
    return TimelineEvent(at=at, kind="other", text=f"{field} changed from {old} to {new}")


def _money(value: Any, currency: str | None) -> str:
    try:
        return money(float(value), currency)
    except (TypeError, ValueError):
        return str(value)


def stage_moves(record: DealRecord) -> list[StageMove]:
    """Each stage change with the time spent in the stage it left and the week before it."""
    moves: list[StageMove] = []
    entered = record.deal.get("created_at")
    for c in record.stage_changes:
        at = c["at"]
        spent = (at - entered).total_seconds() / 86400 if entered and at else None
        window = [
            a for a in record.activities
            if at and a["at"] and dt.timedelta(0) <= at - a["at"] <= dt.timedelta(PRECEDING_DAYS)
        ]  # fmt: skip
        preceded = [
            f"{day(a['at'])}: {activity_text(a, record.contacts.get(str(a.get('contact'))))}"
            for a in window
        ]
        moves.append(
            StageMove(
                at=iso(at) or "",
                from_stage=c.get("from_stage"),
                to_stage=c.get("to_stage"),
                days_in_stage=round(spent, 1) if spent is not None else None,
                preceded_by=preceded,
            )
        )
        entered = at
    return moves
