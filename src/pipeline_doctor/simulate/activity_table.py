"""Assemble activity blocks into the canonical `activities` table, and write call transcripts."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pipeline_doctor.model.schema import table as table_def
from pipeline_doctor.model.validate import ARROW_TYPES
from pipeline_doctor.simulate.activities import Block
from pipeline_doctor.simulate.deals import DealBatch
from pipeline_doctor.simulate.org import Accounts
from pipeline_doctor.simulate.profiles import RepProfiles
from pipeline_doctor.simulate.text import BUYER_LINES, QUESTIONS, REP_FEATURES, REP_LISTENING

ACTIVITY_COLUMNS = table_def("activities").columns


def _column(block: Block, name: str, n: int) -> pa.Array:
    target = ARROW_TYPES[table_def("activities").column(name).type]
    value = block.columns.get(name)
    if value is None:
        return pa.nulls(n, target)
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value.cast(target)
    return pa.array(value, target)


def activities_table(
    blocks: list[Block], b: DealBatch, reps: RepProfiles, accounts: Accounts, batch_no: int
) -> pa.Table:
    parts = []
    for block in blocks:
        n = len(block.deal)
        fixed = {
            "deal": pa.array(b.ids[block.deal]),
            "account": pa.array(accounts.ids[b.account[block.deal]]),
            "rep": pa.array(reps.ids[b.rep[block.deal]]),
            "at": pa.array(block.at, pa.timestamp("us")),
        }
        if "kind" not in block.columns:
            fixed["kind"] = pa.array(np.full(n, block.kind))
        arrays = {
            c.name: fixed[c.name] if c.name in fixed else _column(block, c.name, n)
            for c in ACTIVITY_COLUMNS
            if c.name != "id"
        }
        parts.append(pa.table(arrays))
    table = pa.concat_tables(parts)
    seq = batch_no * 100_000_000 + np.arange(table.num_rows)
    ids = np.char.add("X", np.char.zfill(seq.astype(str), 12))
    return table.add_column(0, "id", pa.array(ids))


def transcripts(
    meetings: Block,
    meeting_ids: np.ndarray,
    b: DealBatch,
    reps: RepProfiles,
    share: float,
    rng: np.random.Generator,
) -> pa.Table:
    """Speaker-labelled transcripts of each sampled deal's first held meeting."""
    held = np.asarray(meetings.columns["outcome"]) == "held"
    first = np.r_[True, meetings.deal[1:] != meetings.deal[:-1]]
    chosen = np.flatnonzero(first & held & (rng.random(len(held)) < share))
    rep = b.rep[meetings.deal[chosen]]
    q = np.clip(rng.poisson(reps.questions[rep]), 1, 20)
    per_side = q + 3
    segs = 2 * per_side
    t = np.repeat(np.arange(len(chosen)), segs)
    seq = np.arange(len(t)) - np.repeat(np.cumsum(segs) - segs, segs)
    is_rep = seq % 2 == 0
    share_rep = reps.talk_share[rep][t]
    total = rng.uniform(1500, 2700, len(chosen))[t]
    duration = np.where(is_rep, share_rep, 1 - share_rep) * total / per_side[t]
    duration = duration * rng.uniform(0.7, 1.3, len(t))
    end = np.cumsum(duration)
    offset = np.repeat(np.r_[0.0, end[np.cumsum(segs) - 1][:-1]], segs)
    end = end - offset
    question = is_rep & (rng.random(len(t)) < (q / per_side)[t])
    weak = share_rep > 0.6
    statement = np.where(
        weak,
        np.array(REP_FEATURES)[seq % len(REP_FEATURES)],
        np.array(REP_LISTENING)[seq % len(REP_LISTENING)],
    )
    text = np.where(
        question,
        np.array(QUESTIONS)[rng.integers(0, len(QUESTIONS), len(t))],
        np.where(is_rep, statement, np.array(BUYER_LINES)[seq % len(BUYER_LINES)]),
    )
    contact = np.asarray(meetings.columns["contact"])[chosen][t]
    return pa.table(
        {
            "activity": meeting_ids[chosen][t],
            "seq": seq.astype(np.int64),
            "speaker": np.where(is_rep, reps.ids[rep][t], contact),
            "speaker_role": np.where(is_rep, "rep", "buyer"),
            "start_s": np.round(end - duration, 1),
            "end_s": np.round(end, 1),
            "text": text,
        }
    )
