"""Speaker-labelled discovery calls written by the phrase grammar.

A call alternates rep and buyer turns: an opening (with the plan for the call when the rep
prepared), one turn per rep question, and a close that books a dated next step when the
meeting agreed one. Each rep question has a topic (need, outcome, budget, authority, timing,
in turn from a random start) and is open or closed at the rep's open-question rate. Around
the fixed sentences the rep talks about the buyer's outcomes or about features (at the rep's
outcome-talk rate) and the buyer adds context, until each side's words reach the rep's talk
share of the call; a rep with weak habits packs that talk into a few long monologues. Times
follow the words, so the share of talk time is the profile's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipeline_doctor.simulate.grammar import dates
from pipeline_doctor.simulate.grammar.assemble import Documents, words
from pipeline_doctor.simulate.grammar.cast import SELLER, Cast
from pipeline_doctor.simulate.grammar.noise import misheard, replace_some
from pipeline_doctor.simulate.grammar.phrases_questions import TOPICS
from pipeline_doctor.simulate.grammar.render import Data, Grammar, Picker, render_unordered

UNMARKED_SHARE = 0.25
"""Open questions asked as an invitation without "?" ("Walk me through ...")."""
LOST_MARK_RATE = 0.08
"""Closed questions whose "?" speech-to-text wrote as "."."""
MISHEARD_RATE = 0.03
WORDS_PER_CALL = (550, 950)
REP_FILLER_WORDS, BUYER_FILLER_WORDS = 11.0, 10.0
"""Average words of one filler sentence, to size the talk."""


@dataclass(frozen=True)
class CallPlan:
    """Per call: who talks, how the rep behaves, and how the meeting ended."""

    rep: np.ndarray
    contact: np.ndarray
    share: np.ndarray
    """The rep's target share of talk time."""
    questions: np.ndarray
    open_rate: np.ndarray
    outcome_rate: np.ndarray
    prepared: np.ndarray
    next_step: np.ndarray
    due: np.ndarray
    step: np.ndarray
    """What the next step is, as a noun phrase ("demo for the finance team")."""


@dataclass(frozen=True)
class Segments:
    call: np.ndarray
    seq: np.ndarray
    is_rep: np.ndarray
    start_s: np.ndarray
    end_s: np.ndarray
    text: pa.Array


class _Turns:
    """Segment numbering: call i has 2 * (questions + 2) segments, rep first."""

    def __init__(self, questions: np.ndarray) -> None:
        self.turns = questions + 2
        size = 2 * self.turns
        self.base = np.cumsum(size) - size
        self.total = int(size.sum())
        self.call = np.repeat(np.arange(len(questions)), size)
        self.seq = np.arange(self.total) - self.base[self.call]

    def rep(self, call: np.ndarray, turn: np.ndarray | int) -> np.ndarray:
        return np.asarray(self.base[call] + 2 * np.asarray(turn))


def _add(
    docs: Documents,
    g: Grammar,
    data: Data,
    pick: Picker,
    role: str,
    rows: np.ndarray,
    pos: float,
    lost_marks: float = 0.0,
) -> None:
    """`role` for `rows` at `pos`; `lost_marks`: share whose "?" speech-to-text wrote as "."."""
    if len(rows):
        where, text = render_unordered(g, role, rows, data, pick)
        if lost_marks:
            whole = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
            text = replace_some(whole, lost_marks, (("?", "."),), pick.rng)
        docs.add(rows if where is None else rows[where], pos, text)


def _by_kind(
    docs: Documents,
    g: Grammar,
    data: Data,
    pick: Picker,
    roles: list[str],
    kind: np.ndarray,
    rows: np.ndarray,
    pos: float,
) -> None:
    """Row r gets role roles[kind[r]]."""
    for k, role in enumerate(roles):
        _add(docs, g, data, pick, role, rows[kind == k], pos)


def _assign(
    call: np.ndarray, weights: np.ndarray, offsets: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """For each item of `call`, one slot of its call drawn with `weights` (slots of call i are
    offsets[i] .. offsets[i+1]-1 in the flat `weights`)."""
    slot_call = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    totals = np.bincount(slot_call, weights, minlength=len(offsets) - 1)
    cum = np.cumsum(weights) - np.repeat(np.cumsum(totals) - totals, np.diff(offsets))
    keys = slot_call + cum / totals[slot_call]
    found = np.searchsorted(keys, call + rng.random(len(call)) * 0.999999)
    return np.asarray(np.minimum(found, offsets[call + 1] - 1))


def write_calls(plan: CallPlan, cast: Cast, g: Grammar, rng: np.random.Generator) -> Segments:
    n = len(plan.rep)
    q = np.asarray(plan.questions, np.int64)
    turns = _Turns(q)
    pick = Picker(rng)
    due_day = dates.working_day_after(plan.due, np.zeros(n, np.int64))
    per_call = {
        "first": cast.contact_first.take(plan.contact),
        "day": dates.day_phrases(due_day, rng),
        "time": dates.clock_phrases(n, rng),
        "step": pa.array(plan.step, pa.string()),
    }
    data: dict[str, pa.Array] = {k: v.take(turns.call) for k, v in per_call.items()}
    data["company"] = pa.repeat(SELLER, turns.total).cast(pa.string())
    docs = Documents(turns.total)
    calls = np.arange(n)
    opening = turns.rep(calls, 0)
    _add(docs, g, data, pick, "call.rep_open", opening, 0)
    _add(docs, g, data, pick, "call.rep_agenda", opening[plan.prepared], 1)
    _add(docs, g, data, pick, "call.buyer_open", opening + 1, 0)

    # one rep turn per question, the buyer's answer after it
    q_call = np.repeat(calls, q)
    q_turn = 1 + np.arange(len(q_call)) - np.repeat(np.cumsum(q) - q, q)
    topic_start = rng.integers(0, len(TOPICS), n)
    topic = (topic_start[q_call] + q_turn) % len(TOPICS)
    is_open = rng.random(len(q_call)) < plan.open_rate[q_call]
    form = np.where(is_open, np.where(rng.random(len(q_call)) < UNMARKED_SHARE, 1, 0), 2)
    asking = turns.rep(q_call, q_turn)
    for f, role in enumerate(("call.open", "call.unmarked", "call.closed")):
        for t, name in enumerate(TOPICS):
            chosen = asking[(form == f) & (topic == t)]
            lost = LOST_MARK_RATE if role == "call.closed" else 0.0
            _add(docs, g, data, pick, f"{role}.{name}", chosen, 9, lost)
    acks = (q_turn > 1) & (rng.random(len(q_call)) < 0.75 * plan.outcome_rate[q_call])
    _add(docs, g, data, pick, "call.ack", asking[acks], 0)
    closed = form == 2
    answering = asking + 1
    _add(docs, g, data, pick, "call.short_answer", answering[closed], 0)
    topical = ~closed | (rng.random(len(q_call)) < 0.5)
    answers = [f"call.answer.{t}" for t in TOPICS]
    _by_kind(docs, g, data, pick, answers, topic[topical], answering[topical], 1)

    closing = turns.rep(calls, q + 1)
    booked = plan.next_step.astype(bool)
    _by_kind(
        docs, g, data, pick, ["call.close_vague", "call.next_step"], booked.astype(int), closing, 0
    )
    _by_kind(
        docs,
        g,
        data,
        pick,
        ["call.buyer_close", "call.buyer_accept"],
        booked.astype(int),
        closing + 1,
        0,
    )

    _fill(docs, g, data, pick, plan, turns, topic_start, rng)
    text = docs.join()
    text = misheard(text, MISHEARD_RATE, rng)
    start, end = _timing(plan, turns, words(text), rng)
    return Segments(
        turns.call, turns.seq, turns.seq % 2 == 0, np.round(start, 1), np.round(end, 1), text
    )


def _fill(
    docs: Documents,
    g: Grammar,
    data: Data,
    pick: Picker,
    plan: CallPlan,
    turns: _Turns,
    topic_start: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Rep talk (outcomes or features) and buyer context up to each side's share of words."""
    n = len(plan.rep)
    so_far = docs.words_per_row()
    is_rep = turns.seq % 2 == 0
    rep_words = np.bincount(turns.call, so_far * is_rep, minlength=n)
    buyer_words = np.bincount(turns.call, so_far * ~is_rep, minlength=n)
    total = rng.uniform(*WORDS_PER_CALL, n)
    rep_more = np.maximum(0, np.round((plan.share * total - rep_words) / REP_FILLER_WORDS))
    buyer_more = np.maximum(
        0, np.round(((1 - plan.share) * total - buyer_words) / BUYER_FILLER_WORDS)
    )
    q = turns.turns - 2

    # rep: spread over turns 0..q; a rep who talks features packs it into a few monologues
    slots = q + 1
    offsets = np.r_[0, np.cumsum(slots)]
    slot_call = np.repeat(np.arange(n), slots)
    spread = 0.2 + 8 * plan.outcome_rate**2
    weights = rng.gamma(spread[slot_call], 1.0) + 1e-9
    f_call = np.repeat(np.arange(n), rep_more.astype(np.int64))
    f_turn = _assign(f_call, weights, offsets, rng) - offsets[f_call]
    rows = turns.rep(f_call, f_turn)
    outcome = rng.random(len(rows)) < plan.outcome_rate[f_call]
    u = rng.random(len(rows))
    rhetorical = ~outcome & (u < 0.06)
    uptalk = ~outcome & (u >= 0.06) & (u < 0.13)
    kind = np.select([outcome, rhetorical, uptalk], [0, 2, 3], 1)
    roles = ["call.outcome_talk", "call.feature_talk", "call.rhetorical", "call.feature_uptalk"]
    _by_kind(docs, g, data, pick, roles, kind, rows, 2)

    # buyer: context over answer turns 1..q, now and then about the question's topic
    b_slots = np.maximum(q, 1)
    b_offsets = np.r_[0, np.cumsum(b_slots)]
    b_weights = rng.gamma(3.0, 1.0, int(b_slots.sum())) + 1e-9
    b_call = np.repeat(np.arange(n), buyer_more.astype(np.int64))
    b_turn = 1 + _assign(b_call, b_weights, b_offsets, rng) - b_offsets[b_call]
    b_turn = np.minimum(b_turn, np.maximum(q[b_call], 1))
    b_rows = turns.rep(b_call, b_turn) + 1
    on_topic = rng.random(len(b_rows)) < 0.3
    topic = (topic_start[b_call] + b_turn) % len(TOPICS)
    b_kind = np.where(on_topic, 1 + topic, 0)
    b_roles = ["call.buyer_more", *(f"call.answer.{t}" for t in TOPICS)]
    _by_kind(docs, g, data, pick, b_roles, b_kind, b_rows, 2)

    # the buyer's reactions after the rep's monologues, and some pushback
    listening = np.flatnonzero(~is_rep & (turns.seq > 1))
    react = listening[
        rng.random(len(listening)) < 0.5 * (1 - plan.outcome_rate[turns.call[listening]])
    ]
    _add(docs, g, data, pick, "call.buyer_react", react, -1)
    push = listening[
        rng.random(len(listening)) < 0.15 * (1 - plan.outcome_rate[turns.call[listening]])
    ]
    _add(docs, g, data, pick, "call.buyer_asks", push, 5)


def _timing(
    plan: CallPlan, turns: _Turns, count: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end seconds: time follows words, and the rep's share of time is the plan's."""
    n = len(plan.rep)
    is_rep = turns.seq % 2 == 0
    weight = np.maximum(count, 1) * rng.uniform(0.85, 1.15, turns.total)
    rate = rng.uniform(2.3, 2.9, n)
    talk = np.bincount(turns.call, np.maximum(count, 1), minlength=n) / rate
    side_weight = np.bincount(turns.call * 2 + is_rep, weight, minlength=2 * n).reshape(n, 2)
    side_time = np.stack([(1 - plan.share) * talk, plan.share * talk], axis=1)
    duration = weight * (side_time / side_weight)[turns.call, is_rep.astype(int)]
    patience = np.clip(3.4 - 4 * plan.share, 0.3, 2.5)[turns.call]
    gap = np.where(
        is_rep, rng.uniform(0.5, 1.5, turns.total) * patience, rng.uniform(0.2, 1.0, turns.total)
    )
    gap = np.where(turns.seq == 0, rng.uniform(0, 2, turns.total), gap)
    end = np.cumsum(gap + duration)
    offset = np.repeat(np.r_[0.0, end[turns.base[1:] - 1]], 2 * turns.turns)
    end = end - offset
    return end - duration, end
