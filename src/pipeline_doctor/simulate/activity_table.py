"""Assemble activity blocks into the canonical `activities` table, and write call transcripts."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.model.schema import table as table_def
from pipeline_doctor.model.validate import ARROW_TYPES
from pipeline_doctor.simulate.activities import Block
from pipeline_doctor.simulate.deals import DealBatch
from pipeline_doctor.simulate.grammar import CallPlan, Scribe, write_calls
from pipeline_doctor.simulate.org import Accounts
from pipeline_doctor.simulate.profiles import RepProfiles
from pipeline_doctor.simulate.text import NEXT_STEP_NOUNS

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
    seq = pa.array(batch_no * 100_000_000 + np.arange(table.num_rows)).cast(pa.string())
    ids = pc.binary_join_element_wise("X", pc.utf8_lpad(seq, 12, "0"), "")
    return table.add_column(0, "id", ids)


def transcripts(
    meetings: Block,
    meeting_ids: np.ndarray,
    b: DealBatch,
    reps: RepProfiles,
    share: float,
    rng: np.random.Generator,
    scribe: Scribe,
) -> pa.Table:
    """Speaker-labelled transcripts of each sampled deal's first held meeting: the rep's
    questions, talk share, topics and statements follow the rep's profile, and the call books a
    dated next step when the meeting agreed one."""
    held = np.asarray(meetings.columns["outcome"]) == "held"
    first = np.r_[True, meetings.deal[1:] != meetings.deal[:-1]]
    chosen = np.flatnonzero(first & held & (rng.random(len(held)) < share))
    rep = b.rep[meetings.deal[chosen]]
    n = len(chosen)
    questions = np.clip(rng.poisson(reps.questions[rep]), 1, 20)
    # the fixed-sentence transcripts before the grammar drew these; drawing them still keeps
    # the batch's later draws (field changes), hence its behaviour columns, as they were
    segments = int((2 * (questions + 3)).sum())
    rng.uniform(1500, 2700, n)
    rng.uniform(0.7, 1.3, segments)
    rng.random(segments)
    rng.integers(0, 15, segments)
    extra = meetings.extra
    plan = CallPlan(
        rep=rep,
        contact=extra["contact"][chosen],
        share=np.clip(reps.talk_share[rep] + scribe.habits.normal(0, 0.03, n), 0.15, 0.9),
        questions=questions,
        open_rate=reps.open_question_rate[rep],
        outcome_rate=reps.outcome_talk_rate[rep],
        prepared=extra["agenda"][chosen],
        next_step=extra["next_step"][chosen],
        due=extra["due"][chosen],
        step=np.array(NEXT_STEP_NOUNS)[extra["step"][chosen]],
    )
    seg = write_calls(plan, scribe.cast, scribe.grammar, scribe.rng)
    contact = np.asarray(meetings.columns["contact"])[chosen][seg.call]
    return pa.table(
        {
            "activity": meeting_ids[chosen][seg.call],
            "seq": seg.seq.astype(np.int64),
            "speaker": np.where(seg.is_rep, reps.ids[rep][seg.call], contact),
            "speaker_role": np.where(seg.is_rep, "rep", "buyer"),
            "start_s": seg.start_s,
            "end_s": seg.end_s,
            "text": seg.text,
        }
    )
