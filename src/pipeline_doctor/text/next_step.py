"""Whether a call agreed a dated next step, and the sentence that shows it.

A sentence counts when it names a day or time ahead (`lexicon.DATE`: "Thursday at 10", "next
week", "the 4th", "Wednesday at two", "twelve thirty"; nothing about the past: "Thanks for the
call on Tuesday") and one of these holds:

1. It proposes the time and the other side accepts. A proposal suggests or offers the time
   ("Can we do Wednesday at two?", "How about ...", "Would the 21st work ...", "I'm free ...",
   "Try Monday after nine": `lexicon.PROPOSAL`), or asks about it while naming an activity
   ("Would you be open to a demo next week?") or nothing but the time ("Tuesday at twelve
   thirty?"). The other side's next turn accepts when its first sentence is no question,
   neither of its first two sentences turns the time down ("doesn't work", "Tuesday's bad",
   "I'll have to check": `lexicon.DECLINES`), and the first sentence starts with an agreement
   ("Yes", "Fine.", "Sounds good": `lexicon.AGREEMENT`), or repeats a day or time with a word
   that accepts it ("Wednesday at two works for me", "The 4th works", "Friday's good, after
   lunch", "The 21st, yes": `lexicon.ACCEPTS`), or repeats it alone ("Monday after nine.").
2. It states a plan: an activity with the time that is not a proposal ("I'll send an invite for
   the 4th at nine", "Send me the proposal by Friday"), or the agreed time itself ("So we're
   set for Thursday at 10", "See you Thursday", "Wednesday at eleven it is").

The last such sentence in the call wins: plans change as a call goes on, and the last one
stated is the one agreed. The evidence quotes the proposal or the plan, and the reply that
accepted a proposal.

Limits: a reply accepting another day than the one proposed ("Thursday works better") counts
as agreement on it; a stated plan needs no reply, so a plan one side announces and the other
ignores still counts; the cue words are English only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline_doctor.text.evidence import Moment
from pipeline_doctor.text.lexicon import ACCEPTS, AGREEMENT, DATE, DECLINES, PROPOSAL
from pipeline_doctor.text.segments import Segment
from pipeline_doctor.text.sentences import question_kind
from pipeline_doctor.text.talk import days_ahead
from pipeline_doctor.text.words import distinct, scan, tokens

_AGREED_TIME = re.compile(r"(?<![\w'])(?:it is|it's a date)\W*$", re.IGNORECASE)
"""A sentence that ends by settling the time it names ("Wednesday at eleven it is.")."""
_ALONE_AT_MOST = 2
"""Words besides the days and times in a sentence that is only a time ("Monday after nine.")."""
_PRONOUNS_AND_VERBS = "i we you he she they it this that is are was i'm we're it's"
_NOT_ALONE = frozenset(_PRONOUNS_AND_VERBS.split())
"""A sentence with one of these says something about the time ("Tuesday I'm out")."""


def next_step(segs: Sequence[Segment], sentences: Sequence[Sequence[str]]) -> Moment | None:
    """The last sentence that proposes an accepted time or states a dated plan, or None.
    Whether a sentence counts depends only on it and the reply to it, so the search runs
    from the end of the call and stops at the first that counts."""
    for i in range(len(sentences) - 1, -1, -1):
        for sentence in reversed(sentences[i]):
            agreed = _agreed(segs, sentences, i, sentence)
            if agreed is not None:
                return agreed
    return None


def _agreed(
    segs: Sequence[Segment], sentences: Sequence[Sequence[str]], i: int, sentence: str
) -> Moment | None:
    """The sentence, of segment i, as an agreed next step, or None."""
    days = days_ahead(sentence)
    if not days:
        return None
    activity = distinct(scan(sentence).get("next_step", []))
    what = f"{', '.join(activity)} ({', '.join(days)})" if activity else ", ".join(days)
    if _proposes(sentence, activity):
        reply = _reply(segs, sentences, i)
        if reply is not None and _accepts(reply):
            return Moment(i, sentence, f'next step: {what}; agreed: "{reply[0]}"')
        return None
    if activity or _AGREED_TIME.search(sentence):
        return Moment(i, sentence, f"next step: {what}")
    return None


def _proposes(sentence: str, activity: tuple[str, ...]) -> bool:
    if PROPOSAL.search(sentence):
        return True
    asked = question_kind(sentence) is not None or sentence.rstrip().endswith("?")
    return asked and (bool(activity) or _only_a_time(sentence))


def _only_a_time(sentence: str) -> bool:
    """Whether the sentence is a day or time and little else ("Thursday at ten?")."""
    rest = tokens(DATE.sub(" ", sentence.lower()))
    return len(rest) <= _ALONE_AT_MOST and _NOT_ALONE.isdisjoint(rest)


def _reply(
    segs: Sequence[Segment], sentences: Sequence[Sequence[str]], i: int
) -> Sequence[str] | None:
    """The sentences of the other side's next turn after segment i, or None."""
    for k in range(i + 1, len(segs)):
        if segs[k].speaker_role != segs[i].speaker_role:
            return sentences[k] or None
    return None


def _accepts(reply: Sequence[str]) -> bool:
    first = reply[0]
    if question_kind(first) is not None or first.rstrip().endswith("?"):
        return False  # a counter-question ("Could we make it Friday?") settles nothing yet
    if any(DECLINES.search(sentence) for sentence in reply[:2]):
        return False
    if AGREEMENT.match(first):
        return True
    return bool(days_ahead(first)) and (ACCEPTS.search(first) is not None or _only_a_time(first))
