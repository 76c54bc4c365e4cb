"""Calls, emails, meetings, notes, tasks and referral asks for a batch of deals.

Timing is realistic: working hours, quiet weekends, most cold calls unanswered. Behaviour
follows the rep's profile (agendas, research before meetings, next steps, calls to action,
mass emails, threading) and planted deals. Behaviour is drawn from the batch's stream; the
words (`grammar/`) from the scribe's own stream."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.config import OPEN_STAGES, SimulationConfig
from pipeline_doctor.simulate.deals import DAY, NULL, DealBatch
from pipeline_doctor.simulate.grammar import (
    Outbound,
    Scribe,
    agendas,
    call_notes,
    outbound_bodies,
    reply_bodies,
    research_notes,
)
from pipeline_doctor.simulate.grammar.dates import working_day_before
from pipeline_doctor.simulate.org import Accounts, contact_id
from pipeline_doctor.simulate.profiles import SOURCES, RepProfiles
from pipeline_doctor.simulate.text import NEXT_STEPS

COLD = np.isin(np.array(SOURCES), ["outbound_cold", "purchased_list"])
THREADED = 0.15
"""Share of outbound emails written as a reply in a thread (quoting the buyer's message)."""
SILENT = ("zombie_deals", "radio_silence")


@dataclass
class Block:
    """Rows of one kind of activity, column by column."""

    deal: np.ndarray
    at: np.ndarray
    kind: str
    columns: dict[str, object] = field(default_factory=dict)
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    """Inputs of later text (contact numbers, next-step kinds), not written to the table."""


def _working_time(
    t: np.ndarray, lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    day = t.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + 3) % 7
    shift = np.where((weekday >= 5) & (rng.random(len(t)) < 0.92), 7 - weekday, 0)
    hour = np.clip(rng.normal(11.5, 2.3, len(t)), 8.0, 17.9)
    out = (day + shift).astype("datetime64[us]") + (hour * 3.6e9).astype("timedelta64[us]")
    return np.asarray(
        np.minimum(np.maximum(out, lo), hi).astype("datetime64[s]").astype("datetime64[us]")
    )


def _spread(b: DealBatch, d: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    span = b.end[d] - b.created[d]
    t = b.created[d] + (span * rng.random(len(d))).astype("timedelta64[us]")
    return _working_time(t, b.created[d], b.end[d], rng)


def _contacts(
    b: DealBatch, d: np.ndarray, accounts: Accounts, rng: np.random.Generator
) -> np.ndarray:
    """The contact number each activity is with."""
    acc = b.account[d]
    count = accounts.contact_count[acc]
    slot = np.where(
        b.multithread[d], (rng.random(len(d)) * count).astype(int), np.minimum(3, count - 1)
    )
    return np.asarray(accounts.contact_start[acc] + slot)


def _main_contact(b: DealBatch, d: np.ndarray, accounts: Accounts) -> np.ndarray:
    acc = b.account[d]
    return np.asarray(accounts.contact_start[acc] + np.minimum(3, accounts.contact_count[acc] - 1))


def meetings(
    b: DealBatch,
    reps: RepProfiles,
    accounts: Accounts,
    participants: np.ndarray,
    rng: np.random.Generator,
    scribe: Scribe,
) -> Block:
    n_m = np.where(
        np.isin(b.special, ("zombie_deals", "stalled_deals", "radio_silence")),
        1 + (rng.random(len(b.ids)) < 0.5),
        b.final_stage + 1,
    )
    d = np.repeat(np.arange(len(b.ids)), n_m)
    k = np.arange(len(d)) - np.repeat(np.cumsum(n_m) - n_m, n_m)
    span = b.end[d] - b.created[d]
    frac = (k + rng.uniform(0.2, 0.8, len(d))) / n_m[d]
    frac = np.where(np.isin(b.special[d], ("stalled_deals", "zombie_deals")), frac * 0.15, frac)
    at = _working_time(
        b.created[d] + (span * frac).astype("timedelta64[us]"), b.created[d], b.end[d], rng
    )
    m = len(d)
    rep = b.rep[d]
    held = rng.random(m) < 0.93
    agenda = rng.random(m) < reps.agenda_rate[rep]
    next_step = held & (rng.random(m) < reps.next_step_rate[rep])
    due = at + (rng.uniform(1, 6, m) * DAY.astype(np.int64)).astype("timedelta64[us]")
    single = _contacts(b, d, accounts, rng)
    duration = np.where(held, rng.integers(1200, 3600, m), 0)
    step = rng.integers(0, len(NEXT_STEPS), m)
    stage = np.minimum(k, 4)
    written = agendas(stage[agenda], scribe.grammar, scribe.rng)
    agenda_text = pc.replace_with_mask(pa.nulls(m, pa.string()), pa.array(agenda), written)
    return Block(
        d,
        at,
        "meeting",
        {
            "direction": np.full(m, "outbound"),
            "outcome": np.where(held, "held", "no_show"),
            "subject": np.char.add(np.array(OPEN_STAGES)[stage], " meeting"),
            "duration_s": duration,
            "agenda": agenda_text,
            "next_step": np.where(next_step, np.array(NEXT_STEPS)[step], NULL),
            "next_step_due": pa.array(np.where(next_step, due, NULL), pa.timestamp("us")),
            "participants": np.where(
                b.multithread[d], participants[b.account[d]], contact_id(single)
            ),
            "contact": contact_id(single),
        },
        {"contact": single, "step": step, "due": due, "next_step": next_step, "agenda": agenda},
    )


def research(meetings: Block, b: DealBatch, reps: RepProfiles, scribe: Scribe) -> Block:
    """A note researching the account and the attendee, 1-2 working days before each meeting
    the rep prepares (at the rep's research rate)."""
    habits = scribe.habits
    rep = b.rep[meetings.deal]
    chosen = np.flatnonzero(habits.random(len(rep)) < reps.research_rate[rep])
    n = len(chosen)
    meeting_at = meetings.at[chosen]
    day = working_day_before(meeting_at, habits.integers(1, 3, n))
    hour = habits.uniform(8.0, 17.8, n)
    at = day.astype("datetime64[us]") + (hour * 3.6e9).astype("timedelta64[us]")
    at = at.astype("datetime64[s]").astype("datetime64[us]")
    contact = meetings.extra["contact"][chosen]
    subject, body = research_notes(
        b.account[meetings.deal[chosen]],
        contact,
        meeting_at,
        scribe.cast,
        scribe.grammar,
        scribe.rng,
    )
    return Block(
        meetings.deal[chosen],
        at,
        "note",
        {
            "kind": np.full(n, "note"),
            "subject": subject,
            "body": body,
            "contact": contact_id(contact),
        },
    )


def calls(
    b: DealBatch, reps: RepProfiles, accounts: Accounts, scale: float, rng: np.random.Generator
) -> Block:
    n = rng.poisson(10 * scale * reps.activity_mult[b.rep])
    # zombie and radio-silent deals: the rep keeps chasing (many calls) and is never called back
    n = np.select([b.special == "zombie_deals", b.special == "radio_silence"], [35, 16], n)
    d = np.repeat(np.arange(len(b.ids)), n)
    m = len(d)
    p_connect = np.where(COLD[b.source[d]], 0.28, 0.6)
    p_connect = np.where(np.isin(b.special[d], SILENT), 0.05, p_connect)
    connected = rng.random(m) < p_connect
    outcome = np.where(
        connected, "connected", np.where(rng.random(m) < 0.7, "no_answer", "voicemail")
    )
    return Block(
        d,
        _spread(b, d, rng),
        "call",
        {
            "direction": np.where(
                (rng.random(m) < 0.9) | np.isin(b.special[d], SILENT), "outbound", "inbound"
            ),
            "outcome": outcome,
            "subject": np.full(m, "Call"),
            "duration_s": np.where(connected, rng.integers(120, 1500, m), rng.integers(0, 40, m)),
            "contact": contact_id(_contacts(b, d, accounts, rng)),
        },
    )


def emails(
    b: DealBatch,
    reps: RepProfiles,
    accounts: Accounts,
    scale: float,
    rng: np.random.Generator,
    scribe: Scribe,
) -> list[Block]:
    n = rng.poisson(9 * scale * reps.activity_mult[b.rep])
    n = np.select([b.special == "zombie_deals", b.special == "radio_silence"], [7, 14], n)
    d = np.repeat(np.arange(len(b.ids)), n)
    m = len(d)
    cta = rng.random(m) < reps.cta_rate[b.rep[d]]
    at = _spread(b, d, rng)
    contact = _contacts(b, d, accounts, rng)
    p_reply = np.where(cta, 0.5, 0.12)
    p_reply = np.where(np.isin(b.special[d], SILENT), 0.02, p_reply)
    replied = rng.random(m) < p_reply
    # the fixed sentences written before the grammar drew these; drawing them still keeps
    # every later draw of the batch, hence every behaviour column, as it was
    for k in (3, 3, 2):
        rng.integers(0, k, m)
    subject = np.where(cta, "Next steps", "Checking in")
    rep = b.rep[d]
    sent = Outbound(
        rep=rep,
        contact=contact,
        account=b.account[d],
        at=at,
        subject=subject,
        ask=cta,
        mass=~cta & (scribe.habits.random(m) < reps.template_rate[rep]),
        thread=scribe.habits.random(m) < THREADED,
    )
    bodies = outbound_bodies(sent, scribe.cast, scribe.grammar, scribe.rng)
    out = Block(
        d,
        at,
        "email",
        {
            "direction": np.full(m, "outbound"),
            "outcome": np.full(m, "sent"),
            "subject": subject,
            "body": bodies,
            "contact": contact_id(contact),
        },
    )
    r = np.flatnonzero(replied)
    lag = (rng.uniform(0.1, 2.5, len(r)) * DAY.astype(np.int64)).astype("timedelta64[us]")
    # buyers reply in working hours too
    reply_at = _working_time(at[r] + lag, at[r], b.end[d[r]], rng)
    reply = Block(
        d[r],
        reply_at,
        "email",
        {
            "direction": np.full(len(r), "inbound"),
            "outcome": np.full(len(r), "replied"),
            "subject": np.full(len(r), "Re: Next steps"),
            "body": reply_bodies(sent, r, bodies, scribe.cast, scribe.grammar, scribe.rng),
            "contact": contact_id(contact[r]),
        },
    )
    return [out, reply]


def notes_and_referral_asks(
    b: DealBatch,
    reps: RepProfiles,
    accounts: Accounts,
    config: SimulationConfig,
    rng: np.random.Generator,
    scribe: Scribe,
) -> list[Block]:
    n = rng.poisson(3, len(b.ids))
    d = np.repeat(np.arange(len(b.ids)), n)
    is_task = rng.random(len(d)) < 0.4
    written = call_notes(_main_contact(b, d, accounts), scribe.cast, scribe.grammar, scribe.rng)
    notes = Block(
        d,
        _spread(b, d, rng),
        "note",
        {
            "kind": np.where(is_task, "task", "note"),
            "outcome": np.where(is_task, "done", NULL),
            "subject": np.where(is_task, "Send follow-up material", "Call notes"),
            "body": pc.if_else(pa.array(is_task), pa.scalar(None, pa.string()), written),
        },
    )
    as_of = np.datetime64(config.as_of, "us")
    after = b.end + (rng.uniform(2, 20, len(b.ids)) * DAY.astype(np.int64)).astype(
        "timedelta64[us]"
    )
    ask = (
        (b.outcome == "won")
        & (rng.random(len(b.ids)) < reps.referral_ask_rate[b.rep])
        & (after <= as_of)
    )
    a = np.flatnonzero(ask)
    asks = Block(
        a,
        _working_time(after[a], b.end[a], np.full(len(a), as_of), rng),
        "referral_ask",
        {
            "direction": np.full(len(a), "outbound"),
            "outcome": np.full(len(a), "done"),
            "subject": np.full(len(a), "Asked for a referral"),
        },
    )
    return [notes, asks]
