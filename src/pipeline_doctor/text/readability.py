"""Reading grade of an email: the Flesch-Kincaid grade level exactly as textstat 0.7.4 computes it.

Same counts, same rounding, same syllables (textstat's own pyphen hyphenator): words are what is
left after removing punctuation, sentences are textstat's pattern less those of two words or
fewer, and FK = 0.39 * words per sentence + 11.8 * syllables per word - 15.59, each ratio
rounded to one decimal first, as textstat does. It is re-stated here rather than called
because `textstat.flesch_kincaid_grade` costs about 200 µs an email (its per-text caches never
hit, and it strips punctuation from every sentence again), 40% of the email budget; with
syllables cached per word this costs a fifth of that. A test pins equality with textstat.

None under 20 words: the formula rests on words per sentence and syllables per word, and on a
two-line note one word more or less moves it by several grades, so a grade there would judge
noise. textstat is imported on first use (its import takes about half a second), keeping
`import pipeline_doctor.text` light.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from functools import cache, lru_cache

MIN_WORDS = 20
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_WORD_CHARACTER = re.compile(r"\w")


@cache
def _hyphen_points() -> Callable[[str], list[int]]:
    with warnings.catch_warnings():
        # textstat 0.7.4 imports pkg_resources, which newer setuptools flags as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import textstat
    positions: Callable[[str], list[int]] = textstat.textstat.pyphen.positions
    return positions


@lru_cache(maxsize=1 << 16)
def _syllables(word: str) -> int:
    return len(_hyphen_points()(word)) + 1


def _round(number: float, points: int) -> float:
    """textstat's legacy rounding: half away from zero."""
    scale = 10.0**points
    return math.floor(number * scale + math.copysign(0.5, number)) / scale


def flesch_kincaid_grade(text: str) -> float:
    """textstat.flesch_kincaid_grade(text), computed once per word."""
    stripped = _PUNCTUATION.sub("", text)
    words = stripped.split()
    if not words:
        return _round(-15.59, 1)
    sentences = _SENTENCE.findall(text)
    short = sum(1 for s in sentences if _at_most_two_words(s))
    per_sentence = _round(len(words) / max(1, len(sentences) - short), 1)
    # textstat strips the lower-cased text; lower-casing ASCII keeps every character's class,
    # so the stripped text lower-cased is the same words without a second pass
    lowered = stripped.lower() if text.isascii() else _PUNCTUATION.sub("", text.lower())
    syllables = sum(map(_syllables, lowered.split()))
    per_word = _round(syllables / len(words), 1)
    return _round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def _at_most_two_words(sentence: str) -> bool:
    """len(_PUNCTUATION.sub("", sentence).split()) <= 2, stopping at the third word: a token
    keeps a word after the punctuation goes when it holds a word character."""
    seen = 0
    for token in sentence.split():
        if _WORD_CHARACTER.search(token) is not None:
            seen += 1
            if seen > 2:
                return False
    return True


def grade(text: str, words: int) -> float | None:
    """Flesch-Kincaid grade of `text` (of `words` words); None under `MIN_WORDS` words."""
    if words < MIN_WORDS:
        return None
    return flesch_kincaid_grade(text)
