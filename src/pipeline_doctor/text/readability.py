"""Reading grade of an email: the Flesch-Kincaid grade level exactly as textstat 0.7.4 computes it.

Same counts, same rounding, same syllables (the patterns of textstat's own pyphen hyphenator,
looked up by a faster loop than pyphen's, `_syllables`): words are what is left after removing
punctuation, sentences are textstat's pattern less those of two words or fewer, and
FK = 0.39 * words per sentence + 11.8 * syllables per word - 15.59, each ratio rounded to one
decimal first, as textstat does. It is re-stated here rather than called because
`textstat.flesch_kincaid_grade` costs about 200 µs an email (its per-text caches never hit, and
it strips punctuation from every sentence again), 40% of the email budget; with syllables
cached per word this costs a fifth of that. A test pins equality with textstat.

None under 20 words: the formula rests on words per sentence and syllables per word, and on a
two-line note one word more or less moves it by several grades, so a grade there would judge
noise. textstat is imported on first use (its import takes about half a second), keeping
`import pipeline_doctor.text` light.
"""

from __future__ import annotations

import math
import re
import warnings
from functools import cache, lru_cache
from typing import NamedTuple

MIN_WORDS = 20
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_ASCII_PUNCTUATION = bytes(i for i in range(128) if _PUNCTUATION.match(chr(i)))


Points = tuple[tuple[int, int], ...]
"""A hyphenation pattern's non-zero values, each with its place from the pattern's start."""


class _Hyphenator(NamedTuple):
    """textstat's pyphen hyphenator, read once."""

    patterns: dict[str, Points]
    """Every prefix of a pattern's letters ("." at a word's edge) -> the pattern's points,
    none when only longer patterns start with these letters."""
    left: int
    """No hyphen before this many letters, nor after `len(word) - right`."""
    right: int


@cache
def _hyphenator() -> _Hyphenator:
    with warnings.catch_warnings():
        # textstat 0.7.4 imports pkg_resources, which newer setuptools flags as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import textstat
    pyphen = textstat.textstat.pyphen
    known: dict[str, tuple[int, tuple[int, ...]]] = pyphen.hd.patterns
    patterns: dict[str, Points] = {key[:end]: () for key in known for end in range(1, len(key))}
    for key, (offset, values) in known.items():
        patterns[key] = tuple((offset + k, v) for k, v in enumerate(values) if v)
    return _Hyphenator(patterns, pyphen.left, pyphen.right)


@lru_cache(maxsize=1 << 16)
def _syllables(word: str) -> int:
    """len(textstat's pyphen.positions(word)) + 1, as textstat counts syllables.

    pyphen looks up every substring of up to 28 letters at every position (about 60 µs a
    word); this stops extending a substring once no pattern starts with it, which finds the
    same patterns in less than half the time (names and rare words miss the cache)."""
    patterns, left, right = _hyphenator()
    pointed = f".{word.lower()}."
    points = [0] * (len(pointed) + 1)
    for start in range(len(pointed) - 1):
        for end in range(start + 1, len(pointed) + 1):
            found = patterns.get(pointed[start:end])
            if found is None:
                break  # no pattern starts with these letters
            for at, value in found:
                if value > points[start + at]:
                    points[start + at] = value
    last = len(word) - right
    # point i falls before letter i - 1 of the word; odd points are hyphens
    return 1 + sum(1 for i, value in enumerate(points) if value % 2 and left <= i - 1 <= last)


def _round(number: float, points: int) -> float:
    """textstat's legacy rounding: half away from zero."""
    scale = 10.0**points
    return math.floor(number * scale + math.copysign(0.5, number)) / scale


def flesch_kincaid_grade(text: str) -> float:
    """textstat.flesch_kincaid_grade(text), computed once per word."""
    stripped = _without_punctuation(text)
    words = stripped.split()
    if not words:
        return _round(-15.59, 1)
    sentences = _SENTENCE.findall(text)
    short = sum(1 for s in sentences if len(_without_punctuation(s).split(None, 2)) <= 2)
    per_sentence = _round(len(words) / max(1, len(sentences) - short), 1)
    # textstat strips the lower-cased text; lower-casing ASCII keeps every character's class,
    # so the stripped text lower-cased is the same words without a second pass
    lowered = stripped.lower() if text.isascii() else _PUNCTUATION.sub("", text.lower())
    syllables = sum(map(_syllables, lowered.split()))
    per_word = _round(syllables / len(words), 1)
    return _round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def _without_punctuation(text: str) -> str:
    """`_PUNCTUATION.sub("", text)`; for ASCII text by `bytes.translate`, five times faster."""
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii")
    return _PUNCTUATION.sub("", text)


def grade(text: str, words: int) -> float | None:
    """Flesch-Kincaid grade of `text` (of `words` words); None under `MIN_WORDS` words."""
    if words < MIN_WORDS:
        return None
    return flesch_kincaid_grade(text)
