"""Sentence-level judgements shared by calls and emails, read from one `words.scan`: feature or
outcome talk, the BANT topics a sentence touches, and the days and times ahead it names. Each is
cached by sentence, like `scan`: templates, sign-offs and stock phrases repeat sentences across
a store.

Feature against outcome: a sentence counts as the kind with more cue words (see `lexicon`); a
tie goes to outcome when the sentence addresses the buyer ("you", "your"), else to feature. A
sentence with no cue of either kind counts as neither, so `feature_share` is over the sentences
that talk about one or the other, not over small talk."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline_doctor.text.evidence import Moment
from pipeline_doctor.text.lexicon import DATE, DATE_DIGITS, TOPICS
from pipeline_doctor.text.words import distinct, scan

_DIGIT = re.compile(r"\d")
"""Most sentences hold no digit, and this search skips to one; `DATE_DIGITS` does not."""


def focus_moment(segment: int | None, sentence: str) -> Moment | None:
    """The sentence as feature or outcome talk evidence, or None."""
    why = focus(sentence)
    return None if why is None else Moment(segment, sentence, why)


@lru_cache(maxsize=1 << 16)
def focus(sentence: str) -> str | None:
    """ "feature talk: <cues>" or "outcome talk: <cues>", or None; cached like `scan`."""
    found = scan(sentence)
    if "feature" not in found and "outcome" not in found:
        return None
    features = distinct(found.get("feature", []))
    outcomes = distinct(found.get("outcome", []))
    if len(outcomes) > len(features) or (len(outcomes) == len(features) and "you" in found):
        return "outcome talk: " + ", ".join(outcomes)
    return "feature talk: " + ", ".join(features)


def topic_moments(segment: int | None, sentence: str) -> list[tuple[str, Moment]]:
    """(topic, evidence) for every BANT topic the sentence touches."""
    return [(topic, Moment(segment, sentence, why)) for topic, why in topics(sentence)]


@lru_cache(maxsize=1 << 16)
def topics(sentence: str) -> tuple[tuple[str, str], ...]:
    """(topic, "<topic>: <cues>") for every BANT topic the sentence touches; cached."""
    found = scan(sentence)
    return tuple(
        (topic, f"{topic}: {', '.join(distinct(found[topic]))}")
        for topic in TOPICS
        if topic in found
    )


@lru_cache(maxsize=1 << 16)
def days_ahead(sentence: str) -> tuple[str, ...]:
    """The days and times the sentence names ("thursday", "at ten"), lower-cased, first
    mention first; none when it is about the past ("Thanks for the call on Tuesday").

    `DATE` is a long pattern (about 20 µs a sentence), so it is searched only in a sentence
    holding the words of a day or time (`lexicon.DAY`) or digits that may be one
    (`lexicon.DATE_DIGITS`): about one sentence in ten. Cached like `scan`."""
    found = scan(sentence)
    if "past" in found:
        return ()
    text = sentence.lower()
    if "day" not in found and (_DIGIT.search(text) is None or DATE_DIGITS.search(text) is None):
        return ()
    return tuple(dict.fromkeys(DATE.findall(text)))
