"""Call transcripts from the store, each analysed once: the rep's questions (open or closed),
talk share, longest monologue, patience, qualification topics, a dated next step, and
feature against buyer-outcome talk, with the moments quoted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.conversations.moments import encode
from pipeline_doctor.conversations.parallel import map_chunks
from pipeline_doctor.model.schema import CALL_ANALYSES
from pipeline_doctor.model.validate import arrow_schema
from pipeline_doctor.text import TOPICS, Moment, Segment, analyse_call

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Transcript = tuple[str, list[Segment]]


def transcript_segments(store: Store) -> Any:
    """Every transcript segment, in call order."""
    t = store.table("transcript_segments")
    return t.select("activity", "seq", "speaker_role", "start_s", "end_s", "text").order_by(
        ["activity", "seq"]
    )


def _moments(r: Any) -> str | None:
    closed = [q for q in r.rep_questions if q.kind == "closed"][:1]

    asked = [Moment(q.segment, q.text, f"{q.kind} question") for q in closed]
    return encode(
        [r.longest_rep_monologue, *r.feature_talk[:1], *asked, r.next_step, *r.outcome_talk[:1]]
    )


def analyse_chunk(items: Sequence[Transcript]) -> list[dict[str, Any]]:
    """Analyse a chunk of transcripts (module level: worker processes run it)."""
    out = []
    for activity, segments in items:
        r = analyse_call(segments)
        by_time = bool(r.talk_share_time)
        share = r.rep_talk_share
        topics = [t for t in TOPICS if r.topics.get(t)]
        out.append(
            {
                "activity": activity,
                "segments": len(segments),
                "rep_questions": len(r.rep_questions),
                "open_questions": r.open_questions,
                "rep_talk_share": share,
                "talk_share_basis": None if share is None else ("time" if by_time else "words"),
                "longest_monologue_s": r.longest_rep_monologue_s,
                "patience_s": r.patience_s,
                "topics_discussed": len(topics),
                "topics": ";".join(topics) or None,
                "next_step": r.next_step.text if r.next_step else None,
                "feature_sentences": len(r.feature_talk),
                "outcome_sentences": len(r.outcome_talk),
                "moments": _moments(r),
            }
        )
    return out


def _transcripts(segments: pa.Table) -> list[Transcript]:
    activity = segments.column("activity").to_pylist()
    rows = zip(
        segments.column("speaker_role").to_pylist(),
        segments.column("start_s").to_pylist(),
        segments.column("end_s").to_pylist(),
        pc.fill_null(segments.column("text"), "").to_pylist(),
        strict=True,
    )
    out: list[Transcript] = []
    current: str | None = None
    for a, (role, start, end, text) in zip(activity, rows, strict=True):
        if a != current:
            out.append((a, []))
            current = a
        out[-1][1].append(Segment(role, start, end, text))
    return out


def analyse_calls(segments: pa.Table, done: Callable[[int], None] | None = None) -> pa.Table:
    """The `call_analyses` rows of `segments` (ordered by activity and seq)."""
    results = map_chunks(analyse_chunk, _transcripts(segments), done)
    schema = arrow_schema(CALL_ANALYSES)
    return pa.table({n: [r[n] for r in results] for n in schema.names}, schema=schema)
