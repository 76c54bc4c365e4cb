"""One pass over a sentence's words against every word list in `lexicon`.

A sentence is lower-cased and cut into words (letters and digits, with inner apostrophes and
hyphens: "you're", "month-end"; `wordsplit`); a word that starts no cue of any list costs one
set look-up, and a word that does is looked up as a cue and, with the word after it, as the
start of a phrase, which matches when its other words follow.
This replaces a regular-expression search per list and sentence and is about ten times
faster, which keeps `analyse_email` within its budget of a few hundred microseconds. The word
count of a text (`word_count`, for talk shares and email length) is here too."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from pipeline_doctor.text.lexicon import LISTS, MONEY
from pipeline_doctor.text.wordsplit import lexicon_words
from pipeline_doctor.text.wordsplit import word_count as count_words

Found = dict[str, list[str]]
"""List name -> the cues matched, in order, repeated as often as they occur."""


Phrase = tuple[str, tuple[str, ...], str]
"""(list name, the words after the first two, the cue as written)."""


Cue = tuple[tuple[str, ...], dict[str, tuple[Phrase, ...]]]
"""What a word starts: the lists it is a one-word cue of, and the phrases it starts, by their
second word."""


def _index() -> dict[str, Cue]:
    single: dict[str, list[str]] = defaultdict(list)
    phrases: dict[str, dict[str, list[Phrase]]] = defaultdict(lambda: defaultdict(list))
    for name, cues in LISTS.items():
        for cue in dict.fromkeys(cues):
            first, *rest = cue.split()
            if rest:
                phrases[first][rest[0]].append((name, tuple(rest[1:]), cue))
            else:
                single[first].append(name)
    return {
        word: (
            tuple(single.get(word, ())),
            {second: tuple(entries) for second, entries in phrases.get(word, {}).items()},
        )
        for word in single.keys() | phrases.keys()
    }


_CUES = _index()


def tokens(sentence: str) -> list[str]:
    return lexicon_words(sentence)


@lru_cache(maxsize=1 << 16)
def scan(sentence: str) -> Found:
    """Every list's cues in the sentence, in the order they occur. Cached: sales emails and
    calls repeat sentences (templates, sign-offs, stock phrases), so a store's texts hold far
    fewer distinct sentences than sentences; callers must not change the dict returned."""
    words = lexicon_words(sentence)
    found: Found = {}
    last = len(words) - 1
    for i, word in enumerate(words):
        cue = _CUES.get(word)
        if cue is None:
            continue  # two words in three start no cue: one look-up each
        names, phrases = cue
        for name in names:
            found.setdefault(name, []).append(word)
        entries = phrases.get(words[i + 1]) if phrases and i < last else None
        if entries is not None:
            for name, rest, phrase in entries:
                if not rest or tuple(words[i + 2 : i + 2 + len(rest)]) == rest:
                    found.setdefault(name, []).append(phrase)
    if ("$" in sentence or "€" in sentence or "£" in sentence) and MONEY.search(sentence):
        found.setdefault("budget", []).append("an amount")
    return found


@lru_cache(maxsize=1 << 16)
def word_count(text: str) -> int:
    """How many words the text has, "I'm" one and "month-end" two; cached like `scan`.
    Sentences split only at spaces and line breaks, so a text's count is the sum of its
    sentences' counts: callers count a whole text at once."""
    return count_words(text)


def distinct(cues: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(cues))
