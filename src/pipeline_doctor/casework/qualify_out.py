"""The honest qualify-out email: for a deal on the qualify-out list (zombie or stalled), a short
note in the rep's voice that says plainly what happened — how long it has been open, how many
touches went unanswered, the buyer's last answer, the next step that never happened — and asks
one direct yes/no question, with no product talk. ("Tried a few times and I know you're busy
… how serious are you?" got a first reply in a year within 43 minutes.)

Built from the deal's timeline, never invented: a figure the record does not hold is left out
of the email. CRM text that goes into it (a contact's name, a next step) is reduced to plain
words: markup removed, whitespace collapsed, no question mark (the email asks exactly one
question), cut to a few words."""

from __future__ import annotations

import datetime as dt
import re

from pipeline_doctor.casework.models import DealSummary, QualifyOutEmail, TimelineEvent
from pipeline_doctor.casework.timeline import is_inbound
from pipeline_doctor.text.html_text import html_to_text, looks_like_html
from pipeline_doctor.untrusted import for_terminal
from pipeline_doctor.wording import plural

MAX_WORDS = 100
STEP_WORDS = 8
"""Words of a CRM next step quoted in the email."""
QUESTION = "Is this still something you want to pursue this quarter, yes or no?"
SUBJECT = "Should I close this out?"
CLOSE = "If it's off the table, just say so and I'll close it on my side. No hard feelings."


def plain(text: str | None, words: int | None = None) -> str:
    """CRM text as plain words safe inside the email (see the module's docstring)."""
    if not text:
        return ""
    if looks_like_html(text):
        text = html_to_text(text)
    text = for_terminal(text)
    text = re.sub(r"[<>{}\[\]\"`?]", " ", text)
    parts = text.split()
    if words is not None and len(parts) > words:
        parts = [*parts[:words], "…"]
    return " ".join(parts).strip(" ,;:.-")


def draft_email(
    deal: DealSummary, timeline: list[TimelineEvent], why_listed: str, today: str
) -> QualifyOutEmail:
    """The email for a listed deal (the caller decides it is on the list); `today` (ISO) tells
    a next step that is overdue from one still to come."""
    answers = [e for e in timeline if _answer(e)]
    last = answers[-1] if answers else None
    since = sum(1 for e in timeline if _outbound_touch(e) and (last is None or e.at > last.at))
    touches = sum(1 for e in timeline if _outbound_touch(e))
    unanswered = sum(1 for e in timeline if e.unanswered)
    step = _missed_step(timeline, today)
    to = plain(last.contact if last else _most_touched(timeline), 4) or None
    facts = [_opening(since, last, today)]
    if step is not None:
        facts.append(
            f"We had agreed on {plain(step.next_step, STEP_WORDS)} by "
            f"{(step.next_step_due or step.at)[:10]}, and it hasn't happened."
        )
    if deal.age_days:
        facts.append(f"This has been open for {plural(deal.age_days, 'day')}.")
    signature = plain((deal.rep_name or "").split(" ")[0]) or "Thanks"
    body = "\n\n".join(
        [f"Hi {to.split()[0] if to else 'there'},", " ".join([*facts, QUESTION]), CLOSE, signature]
    )
    last_answer = f"{last.text} on {last.at[:10]}" if last else None
    missed = (
        f"{plain(step.next_step, STEP_WORDS)} (due {(step.next_step_due or step.at)[:10]})"
        if step
        else None
    )
    return QualifyOutEmail(
        deal=deal.id,
        deal_name=deal.name,
        account_name=deal.account_name or deal.account,
        to=to,
        subject=SUBJECT,
        body=body,
        words=len(body.split()),
        days_open=round(deal.age_days) if deal.age_days is not None else None,
        touches=touches,
        unanswered=unanswered,
        since_last_answer=since,
        last_answer=last_answer,
        missed_next_step=missed,
        why_listed=why_listed,
        record=_record(deal, touches, unanswered, since, last_answer, missed),
    )


RECENT_DAYS = 14
"""A buyer who answered within this many days is thanked, not told it has been quiet."""


def _opening(since: int, last: TimelineEvent | None, today: str) -> str:
    """The first sentence: the touches since the buyer's last answer as the record counts
    them; no claim of having tried when the record holds no touch, nor of silence when the
    buyer answered lately (the deal is listed for sitting in its stage)."""
    when = f" since {_last_contact(last)} on {last.at[:10]}" if last is not None else ""
    if since >= 2:
        return f"I've reached out {plural(since, 'time')}{when}, and I know you're busy."
    if since == 1:
        return f"I've reached out once{when}, and I know you're busy."
    if last is not None and _days_between(last.at, today) < RECENT_DAYS:
        note = {"email": "your note", "call": "your call"}.get(last.kind, "the time you gave me")
        return f"Thanks for {note} on {last.at[:10]}."
    if last is not None:
        return f"It has been quiet{when}, and I know you're busy."
    return "I'm going through my open deals and want to be straight with you."


def _days_between(start: str, end: str) -> float:
    return (dt.datetime.fromisoformat(end[:19]) - dt.datetime.fromisoformat(start[:19])).days


def _record(
    deal: DealSummary,
    touches: int,
    unanswered: int,
    since: int,
    last_answer: str | None,
    missed: str | None,
) -> str:
    """What the email was built from, for the rep to check before sending."""
    facts = [f"open {plural(deal.age_days, 'day')}" if deal.age_days is not None else ""]
    if touches or last_answer:
        facts.append(
            f"{plural(since, 'touch', 'touches')} since the buyer's last answer; "
            f"{plural(unanswered, 'touch', 'touches')} recorded as unanswered in all"
        )
        facts.append(f"last answer: {last_answer}" if last_answer else "no answer on record")
    else:
        facts.append("no calls, emails or meetings on record for this deal")
    facts.append(f"next step missed: {missed}" if missed else "")
    return "; ".join(f for f in facts if f)


def _last_contact(last: TimelineEvent) -> str:
    """The buyer's last answer as the email names it."""
    if last.kind == "email":
        return "you last wrote"
    if last.kind == "call" and last.outcome != "connected":
        return "you last called"  # the buyer rang, nobody picked up
    return "we last spoke"


def _answer(e: TimelineEvent) -> bool:
    """The buyer answered: an inbound call or email, a reply, a call that connected (as the
    facts count a response), a meeting held."""
    return (
        is_inbound({"kind": e.kind, "direction": e.direction, "outcome": e.outcome})
        or (e.kind == "call" and e.outcome == "connected")
        or (e.kind == "meeting" and e.outcome in (None, "held"))
    )


def _outbound_touch(e: TimelineEvent) -> bool:
    return e.kind in ("call", "email", "meeting") and e.direction == "outbound" and not _answer(e)


def _missed_step(timeline: list[TimelineEvent], today: str) -> TimelineEvent | None:
    """The last agreed next step, when it is overdue and the buyer never answered after it."""
    for i in range(len(timeline) - 1, -1, -1):
        e = timeline[i]
        if e.next_step and plain(e.next_step):
            overdue = (e.next_step_due or e.at) < today
            later = timeline[i + 1 :]
            return e if overdue and not any(_answer(x) for x in later) else None
    return None


def why_no_email(deal: DealSummary, timeline: list[TimelineEvent]) -> str:
    """Why a deal gets no qualify-out email, in a sentence."""
    if deal.outcome != "open":
        return f"{deal.id} is {deal.outcome}: there is nothing to qualify out."
    answers = [e for e in timeline if _answer(e)]
    last = f"; the buyer last answered on {answers[-1].at[:10]}" if answers else ""
    age = f", {plural(deal.age_days, 'day')} old" if deal.age_days is not None else ""
    return (
        f"{deal.id} is not on the qualify-out list (neither a zombie nor stalled: open{age}"
        f"{last}). Keep working it."
    )


def _most_touched(timeline: list[TimelineEvent]) -> str | None:
    counts: dict[str, int] = {}
    for e in timeline:
        if e.contact:
            counts[e.contact] = counts.get(e.contact, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


__all__ = ["MAX_WORDS", "QUESTION", "draft_email", "plain", "why_no_email"]
