"""The call to action of an email: the sentence that asks the reader for something specific.

What asks (labelled by hand in the tests):

- A proposed time: a day or time ahead (`lexicon.DATE`, nothing about the past) with a meeting
  word, offered ("Would Tuesday at 10 work?", "Let's meet on Thursday at 2pm"), or without one
  when the sentence proposes it or offers the sender's time ("Let me know if Tuesday at 4pm
  works", "I can be on site on Monday 8 July at 7am", "I'm free Tuesday afternoon or Wednesday
  morning": `lexicon.PROPOSAL`). A concrete time makes an ask even of a weak-ask opener ("Let me
  know if ...").
- A genuine question to the reader (by the rules in `sentences`), except when it is rhetorical
  (the next sentence answers it: "Are your reps still stuck in spreadsheets? Not anymore.";
  "What would they do with five extra hours? Sell more, of course."; or a tag the sender talks
  straight past), small talk ("How are you doing?", "Hope you had a great weekend?"), or put
  to someone else: a question opening with a name ("Ravi, can you send her the report?") that
  is not the reader's, the reader known from `buyer_name` or the greeting ("Hi Julia,"), is for
  a colleague in copy. "Rob - can you send the signed SOW by Friday?" to Rob asks the reader.
- A direct request ("Please send the signed order form", "Book a slot here").

What does not: a weak ask ("Let me know your thoughts.", "Any questions?", "Does that make
sense?", "Looking forward to hearing from you.") asks the reader for nothing they could do
today, which is the gap a manager wants to see. A proposed time wins over a question; among
equals the last one wins (the ask sits at the end of an email).

Limits: a name is recognised by its capital and its place (first, before a comma or a dash);
without `buyer_name` or a greeting every question counts as the reader's; a lone capitalised
word the openers below do not list ("Ideally, could you ...") passes for a name, and then, with
the reader known, for someone else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from pipeline_doctor.text.cued import Cued
from pipeline_doctor.text.evidence import Moment
from pipeline_doctor.text.lexicon import DIRECT_REQUEST, PROPOSAL, WEAK_ASK
from pipeline_doctor.text.sentences import (
    answers_itself,
    is_pleasantry,
    is_tag_question,
    question_kind,
)
from pipeline_doctor.text.talk import days_ahead
from pipeline_doctor.text.words import distinct, scan

_OFFERS_A_MEETING = Cued(
    re.compile(
        r"(?<![\w'])(?:let's|let us|shall we|how about|are you (?:free|available)|would|could"
        r"|can|i'll|i will|i can|we can|we could|i'd like to|i'd suggest|i suggest|i propose"
        r"|please|does|do you have|works for you|work for you|if .{0,40} works|book|schedule"
        r"|grab|pick)(?![\w'])",
        re.IGNORECASE,
    ),
    (
        *("let", "shall", "how about", "are you", "would", "could", "can", "i'll", "will"),
        *("i'd", "suggest", "propose", "please", "does", "do you have", "work", "book"),
        *("schedule", "grab", "pick"),
    ),
)
"""How a sentence naming a meeting and a day offers it, rather than only reporting it."""
_ADDRESSED = re.compile(r"^\W*([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)[ \t]*(?:,|[ \t][-–—]+)[ \t]")
"""A name the sentence opens with, before a comma or a dash: "Ravi, can you ...", "Rob - ..."."""
_GREETED = re.compile(
    r"^\W*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))[ \t,]+([A-Z][\w'’-]*)",
    re.IGNORECASE,
)
_OPENER_WORDS = (
    "thanks thank also so ok okay great sure yes no well now first second third finally lastly "
    "separately meanwhile otherwise again honestly actually anyway btw ps hi hey hello dear team "
    "all everyone folks guys both ideally alternatively if then however plus perfect cool right "
    "sorry apologies and but or quick one just happy monday tuesday wednesday thursday friday "
    "saturday sunday today tomorrow"
)
_OPENERS = frozenset(_OPENER_WORDS.split())
"""Capitalised words that open a sentence before a comma without naming anyone."""


def readers(buyer_name: str | None, sentences: Sequence[str]) -> frozenset[str]:
    """The reader's names, lower-cased: each word of `buyer_name`, and the greeted name."""
    names = set(buyer_name.lower().split()) if buyer_name else set()
    greeted = _GREETED.match(sentences[0]) if sentences else None
    if greeted is not None:
        names.add(greeted[1].lower())
    return frozenset(names)


def call_to_action(sentences: Sequence[str], reader: frozenset[str]) -> Moment | None:
    """The strongest ask: a proposed time, else a question or a direct request; the last wins.

    So the search runs from the end, first for a proposed time, then for the other asks, and
    stops at the first that is put to the reader: most sentences of an email are never asked
    whether they are questions, the costliest test."""
    for k in range(len(sentences) - 1, -1, -1):
        when = _time_ask(sentences[k])
        if when is not None and not (reader and _to_someone_else(sentences[k], reader)):
            return when
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k]
        if _time_ask(sentence) is not None:
            continue  # proposes a time, but to someone else
        ask = _other_ask(sentence)
        if ask is None or (reader and _to_someone_else(sentence, reader)):
            continue
        following = sentences[k + 1] if k + 1 < len(sentences) else ""
        if ask.question and _rhetorical(sentence, following):
            continue
        return ask.evidence
    return None


class _Ask(NamedTuple):
    evidence: Moment
    question: bool
    """Whether the next sentence can make it rhetorical by answering it."""


@lru_cache(maxsize=1 << 16)
def _time_ask(sentence: str) -> Moment | None:
    """The sentence as a proposed time, the strongest ask; cached, since templates repeat
    their asks across a store."""
    when = _proposed_time(sentence)
    if when is None:
        return None
    return Moment(None, sentence, f"call to action: proposes a time: {when}")


@lru_cache(maxsize=1 << 16)
def _other_ask(sentence: str) -> _Ask | None:
    """What else the sentence asks on its own (it proposes no time), before its neighbours
    and the reader are known: a question or a direct request; cached like `_time_ask`."""
    if WEAK_ASK.search(sentence):
        return None
    kind = question_kind(sentence)
    if kind is not None and not is_pleasantry(sentence):
        return _Ask(Moment(None, sentence, f"call to action: {kind} question to the reader"), True)
    if DIRECT_REQUEST.match(sentence):
        return _Ask(Moment(None, sentence, "call to action: a direct request"), False)
    return None


def _proposed_time(sentence: str) -> str | None:
    """The meeting words and days of a proposed time, or None."""
    days = days_ahead(sentence)
    if not days:
        return None
    meeting = distinct(scan(sentence).get("schedule", []))
    when = ", ".join(days)
    if meeting and (_OFFERS_A_MEETING.search(sentence) or question_kind(sentence) is not None):
        return f"{', '.join(meeting)} ({when})"
    return when if PROPOSAL.search(sentence) else None


def _rhetorical(sentence: str, following: str) -> bool:
    return bool(following) and (answers_itself(following) or is_tag_question(sentence))


def _to_someone_else(sentence: str, reader: frozenset[str]) -> bool:
    """Whether the sentence opens by naming someone who is not the reader."""
    addressed = _ADDRESSED.match(sentence)
    if addressed is None:
        return False
    names = addressed[1].replace("’", "'").lower().split()
    if names[0] in _OPENERS:
        return False
    return reader.isdisjoint(names)
