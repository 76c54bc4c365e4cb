"""Calls, emails, meetings, notes, tasks and referral asks for a batch of deals.

Timing is realistic: working hours, quiet weekends, most cold calls unanswered. Behaviour
follows the rep's profile (agendas, next steps, calls to action, threading) and planted deals."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.config import OPEN_STAGES, SimulationConfig
from pipeline_doctor.simulate.deals import DAY, NULL, DealBatch
from pipeline_doctor.simulate.org import Accounts, contact_id
from pipeline_doctor.simulate.profiles import SOURCES, RepProfiles
from pipeline_doctor.simulate.text import (
    AGENDAS,
    EMAIL_BUYER_BODIES,
    EMAIL_CTAS,
    EMAIL_SELF_BODIES,
    EMAIL_SIGNATURE,
    NEXT_STEPS,
)

COLD = np.isin(np.array(SOURCES), ["outbound_cold", "purchased_list"])
SILENT = ("zombie_deals", "radio_silence")


@dataclass
class Block:
    """Rows of one kind of activity, column by column."""

    deal: np.ndarray
    at: np.ndarray
    kind: str
    columns: dict[str, object] = field(default_factory=dict)


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
    acc = b.account[d]
    count = accounts.contact_count[acc]
    slot = np.where(
        b.multithread[d], (rng.random(len(d)) * count).astype(int), np.minimum(3, count - 1)
    )
    return contact_id(accounts.contact_start[acc] + slot)


def meetings(
    b: DealBatch,
    reps: RepProfiles,
    accounts: Accounts,
    participants: np.ndarray,
    rng: np.random.Generator,
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
    return Block(
        d,
        at,
        "meeting",
        {
            "direction": np.full(m, "outbound"),
            "outcome": np.where(held, "held", "no_show"),
            "subject": np.char.add(np.array(OPEN_STAGES)[np.minimum(k, 4)], " meeting"),
            "duration_s": np.where(held, rng.integers(1200, 3600, m), 0),
            "agenda": np.where(agenda, np.array(AGENDAS)[k % len(AGENDAS)], NULL),
            "next_step": np.where(
                next_step, np.array(NEXT_STEPS)[rng.integers(0, len(NEXT_STEPS), m)], NULL
            ),
            "next_step_due": pa.array(np.where(next_step, due, NULL), pa.timestamp("us")),
            "participants": np.where(b.multithread[d], participants[b.account[d]], single),
            "contact": single,
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
            "contact": _contacts(b, d, accounts, rng),
        },
    )


def _bodies(cta: np.ndarray, rng: np.random.Generator) -> pa.Array:
    m = len(cta)
    buyer = pc.binary_join_element_wise(
        pa.array(EMAIL_BUYER_BODIES).take(rng.integers(0, len(EMAIL_BUYER_BODIES), m)),
        pa.array(EMAIL_CTAS).take(rng.integers(0, len(EMAIL_CTAS), m)),
        "\n\n",
    )
    self_focused = pa.array(EMAIL_SELF_BODIES).take(rng.integers(0, len(EMAIL_SELF_BODIES), m))
    core = pc.if_else(pa.array(cta), buyer, self_focused)
    return pc.binary_join_element_wise(
        pa.array(np.full(m, "Hi,")), core, pa.array(np.full(m, EMAIL_SIGNATURE)), "\n\n"
    )


def emails(
    b: DealBatch, reps: RepProfiles, accounts: Accounts, scale: float, rng: np.random.Generator
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
    out = Block(
        d,
        at,
        "email",
        {
            "direction": np.full(m, "outbound"),
            "outcome": np.full(m, "sent"),
            "subject": np.where(cta, "Next steps", "Checking in"),
            "body": _bodies(cta, rng),
            "contact": contact,
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
            "body": np.full(len(r), "Thanks, that works for us. Let's talk then."),
            "contact": contact[r],
        },
    )
    return [out, reply]


def notes_and_referral_asks(
    b: DealBatch, reps: RepProfiles, config: SimulationConfig, rng: np.random.Generator
) -> list[Block]:
    n = rng.poisson(3, len(b.ids))
    d = np.repeat(np.arange(len(b.ids)), n)
    is_task = rng.random(len(d)) < 0.4
    notes = Block(
        d,
        _spread(b, d, rng),
        "note",
        {
            "kind": np.where(is_task, "task", "note"),
            "outcome": np.where(is_task, "done", NULL),
            "subject": np.where(is_task, "Send follow-up material", "Call notes"),
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
