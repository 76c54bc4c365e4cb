"""What a call transcript shows about discovery: who talked, which questions were asked, how long
the rep held the floor, how patiently they waited, which BANT topics came up, whether a dated
next step was agreed, and whether the rep talked features or the buyer's outcomes.

Rules and their limits:

- Talk share by time needs the start and end of every segment (a partial sum would favour
  whoever has times); otherwise it is empty and `rep_talk_share` falls back to words.
- Questions follow `sentences` (form, not "?" alone). A question is rhetorical, and dropped,
  when the speaker's next sentence, in the same segment or their next one straight after,
  answers it ("Why does this matter? Because ..."), and a tag question ("..., right?") the
  speaker talks straight past is dropped too.
- A monologue is the rep's consecutive speech: consecutive rep segments merged, from the first
  one's start to the last one's end. A buyer's backchannel ("mm-hmm", "right", three words or
  fewer of acknowledgement) does not interrupt it, since the rep kept the floor.
- Patience is the median pause between the end of a buyer turn (not a backchannel) and the
  start of the rep's next segment when the rep speaks next; an interruption (overlap) counts
  as a pause of 0 s.
- A next step is a day or time ahead one side proposes and the other accepts ("Can we do
  Wednesday at two?" / "Wednesday at two works for me"), or a dated plan stated outright ("I'll
  send an invite for the 4th at nine"); the last one in the call wins (`next_step`).
- Feature and outcome talk count rep sentences only (`talk`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline_doctor.text.evidence import Moment, Question
from pipeline_doctor.text.next_step import next_step
from pipeline_doctor.text.segments import Segment, as_segments
from pipeline_doctor.text.sentences import answers_itself, is_tag_question, question_kind
from pipeline_doctor.text.splitting import split_sentences
from pipeline_doctor.text.talk import focus_moment, topic_moments
from pipeline_doctor.text.words import word_count

TOPICS = ("budget", "authority", "need", "timing")

_BACKCHANNEL = re.compile(
    r"^\W*(?:(?:mm+-?hmm+|uh-huh|mhm|yeah|yep|yes|right|ok|okay|sure|got it|i see|exactly|true"
    r"|makes sense|sure thing|totally|absolutely|correct)\W*){1,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CallAnalysis:
    """The evidence of one call; every judgement quotes the sentences behind it."""

    talk_share_time: dict[str, float]
    """Role -> share of talk time; empty when any segment lacks times."""
    talk_share_words: dict[str, float]
    """Role -> share of words."""
    questions: tuple[Question, ...]
    """Every question, by anyone, rhetorical ones left out."""
    longest_rep_monologue_s: float | None
    """The longest stretch of consecutive rep speech; None without times."""
    patience_s: float | None
    """Median pause before the rep answers a buyer turn; None without times or such turns."""
    topics: dict[str, tuple[Moment, ...]]
    """budget/authority/need/timing -> the sentences that discussed it (any speaker)."""
    next_step: Moment | None
    """A next step agreed with a date or a day."""
    feature_talk: tuple[Moment, ...]
    """Rep sentences about the product, its features, the company."""
    outcome_talk: tuple[Moment, ...]
    """Rep sentences about the buyer's outcomes, problems, ROI."""
    longest_rep_monologue: Moment | None = field(default=None)
    """The first sentence of the longest monologue, with its length: the evidence for it."""

    @property
    def rep_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.asked_by == "rep")

    @property
    def open_questions(self) -> int:
        """How many open questions the rep asked."""
        return sum(1 for q in self.questions if q.asked_by == "rep" and q.kind == "open")

    @property
    def rep_talk_share(self) -> float | None:
        """The rep's share of talk: by time when known, else by words; None for a silent call."""
        shares = self.talk_share_time or self.talk_share_words
        return shares.get("rep", 0.0) if shares else None

    @property
    def feature_share(self) -> float | None:
        """Feature sentences among the rep's feature and outcome sentences; None when neither."""
        total = len(self.feature_talk) + len(self.outcome_talk)
        return len(self.feature_talk) / total if total else None


def analyse_call(
    segments: Iterable[Segment | tuple[str, float | None, float | None, str]],
) -> CallAnalysis:
    """Analyse one call transcript, segments in speaking order."""
    segs = as_segments(segments)
    sentences = [split_sentences(s.text) for s in segs]
    timed = bool(segs) and all(s.start_s is not None and s.end_s is not None for s in segs)
    monologue = _longest_monologue(segs, sentences) if timed else None
    topics: dict[str, list[Moment]] = {topic: [] for topic in TOPICS}
    feature: list[Moment] = []
    outcome: list[Moment] = []
    for i, (seg, sents) in enumerate(zip(segs, sentences, strict=True)):
        for sentence in sents:
            for topic, said in topic_moments(i, sentence):
                topics[topic].append(said)
            if seg.speaker_role == "rep":
                moment = focus_moment(i, sentence)
                if moment is not None:
                    (feature if moment.why.startswith("feature") else outcome).append(moment)
    return CallAnalysis(
        talk_share_time=_time_shares(segs) if timed else {},
        talk_share_words=_word_shares(segs),
        questions=tuple(_questions(segs, sentences)),
        longest_rep_monologue_s=None if monologue is None else monologue[0],
        patience_s=_patience(segs) if timed else None,
        topics={topic: tuple(moments) for topic, moments in topics.items()},
        next_step=next_step(segs, sentences),
        feature_talk=tuple(feature),
        outcome_talk=tuple(outcome),
        longest_rep_monologue=None if monologue is None else monologue[1],
    )


def _shares(totals: dict[str, float]) -> dict[str, float]:
    whole = sum(totals.values())
    return {role: value / whole for role, value in totals.items()} if whole > 0 else {}


def _time_shares(segs: Sequence[Segment]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for s in segs:
        totals[s.speaker_role] += max(0.0, s.end_s - s.start_s)  # type: ignore[operator]
    return _shares(totals)


def _word_shares(segs: Sequence[Segment]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for s in segs:
        totals[s.speaker_role] += word_count(s.text)
    return _shares(totals)


def _questions(segs: Sequence[Segment], sentences: list[list[str]]) -> Iterable[Question]:
    for i, (seg, sents) in enumerate(zip(segs, sentences, strict=True)):
        for j, sentence in enumerate(sents):
            kind = question_kind(sentence)
            if kind is None:
                continue
            if j + 1 < len(sents):
                following = sents[j + 1]
                if is_tag_question(sentence):
                    continue  # the speaker talked straight past the tag
            elif i + 1 < len(segs) and segs[i + 1].speaker_role == seg.speaker_role:
                following = sentences[i + 1][0] if sentences[i + 1] else ""
            else:
                following = ""
            if following and answers_itself(following):
                continue
            yield Question(i, sentence, kind, seg.speaker_role)


def _is_backchannel(seg: Segment) -> bool:
    return seg.speaker_role == "buyer" and _BACKCHANNEL.match(seg.text) is not None


def _longest_monologue(
    segs: Sequence[Segment], sentences: list[list[str]]
) -> tuple[float, Moment | None]:
    """(seconds, evidence) of the longest run of rep speech; 0.0 and None without rep speech."""
    best, best_start = 0.0, -1
    start: int | None = None
    for i, s in enumerate(segs):
        if s.speaker_role == "rep":
            start = i if start is None else start
            length = s.end_s - segs[start].start_s  # type: ignore[operator]
            if length > best:
                best, best_start = length, start
        elif not _is_backchannel(s):
            start = None
    if best_start < 0:
        return 0.0, None
    first = sentences[best_start][0] if sentences[best_start] else segs[best_start].text
    return best, Moment(best_start, first, f"monologue of {best:.0f} s")


def _patience(segs: Sequence[Segment]) -> float | None:
    pauses = [
        max(0.0, after.start_s - before.end_s)  # type: ignore[operator]
        for before, after in itertools.pairwise(segs)
        if before.speaker_role == "buyer"
        and after.speaker_role == "rep"
        and not _is_backchannel(before)
    ]
    return statistics.median(pauses) if pauses else None
