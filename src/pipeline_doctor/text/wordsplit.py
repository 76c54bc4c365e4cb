"""Cutting a sentence into words: the three ways the analysers need, each exactly what its
regular expression finds, computed faster for ASCII text.

- `lexicon_words`: lower-cased runs of letters and digits, joined by an inner apostrophe or
  hyphen ("you're", "month-end"): `[a-z0-9]+(?:['\\-][a-z0-9]+)*` (`words.scan`).
- `question_words`: lower-cased runs of letters and digits with one apostrophe and letters
  after it ("what's"), hyphens cutting: `[a-z0-9]+(?:'[a-z]+)?` (`sentences`).
- `word_count`: words as a reader counts them, "I'm" one and "month-end" two:
  `\\w+(?:['’]\\w+)*`.

A regular expression steps through a sentence a character at a time in Python's engine (about
20 µs for a sentence of 25 words, the largest single cost of analysing a sentence that no
cache has seen). For ASCII text `bytes.translate` maps every character at once (upper case to
lower, every character that cannot be in a word to a space), one quick substitution turns an
apostrophe or hyphen that does not join two words into a space, and `str.split` does the rest,
in a quarter of the time. Other text takes the regular expression. The curly apostrophe is not
ASCII, so text holding one takes it too."""

from __future__ import annotations

import re
import string

WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
QUESTION_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
COUNTED = re.compile(r"\w+(?:['’]\w+)*")
"""A word as a reader counts it: "I'm" is one, "month-end" two."""


def _table(kept: str) -> bytes:
    """A `bytes.translate` table: upper-case letters lowered, `kept` kept, all else a space."""
    return bytes(
        ord(chr(i).lower()) if chr(i) in kept or chr(i).lower() in kept else ord(" ")
        for i in range(256)
    )


_LOWER_ALNUM = string.ascii_lowercase + string.digits
_LEXICON = _table(_LOWER_ALNUM + "'-")
_QUESTION = _table(_LOWER_ALNUM + "'")
_COUNTED = bytes(
    i if chr(i) in string.ascii_letters + string.digits + "_'" else ord(" ") for i in range(256)
)
_LOOSE_JOINER = re.compile(r"['\-](?:(?<=[^a-z0-9]['\-])|(?![a-z0-9]))")
"""An apostrophe or hyphen without a letter or digit on each side (text starts with a space)."""
_NOT_ONE_CONTRACTION = re.compile(r"'(?:(?<= ')|(?![a-z])|(?=[a-z]*[0-9']))")
"""An apostrophe that does not join the letters and digits before it to letters that end the
run ("'tis", "90s'", "a'b'c", "i'2"; not "what's"): without one, every run of letters, digits
and apostrophes is one word (the mapped text starts with a space)."""
_LOOSE_APOSTROPHE = re.compile(r"'(?:(?<=[^A-Za-z0-9_]')|(?![A-Za-z0-9_]))")


def _mapped(text: str, table: bytes) -> str:
    """The ASCII `text` through `table`, after a space (so every character has one before)."""
    return " " + text.encode("ascii").translate(table).decode("ascii")


def lexicon_words(sentence: str) -> list[str]:
    """`WORD.findall` of the sentence lower-cased, curly apostrophes straightened."""
    if not sentence.isascii():
        return WORD.findall(sentence.lower().replace("’", "'"))
    text = _mapped(sentence, _LEXICON)
    if "'" in text or "-" in text:
        text = _LOOSE_JOINER.sub(" ", text)
    return text.split()


def question_words(sentence: str) -> list[str]:
    """`QUESTION_WORD.findall` of the sentence lower-cased, curly apostrophes straightened."""
    if not sentence.isascii():
        return QUESTION_WORD.findall(sentence.lower().replace("’", "'"))
    text = _mapped(sentence, _QUESTION)
    if "'" in text and _NOT_ONE_CONTRACTION.search(text) is not None:
        return QUESTION_WORD.findall(text)
    return text.split()


def word_count(text: str) -> int:
    """`len(COUNTED.findall(text))`."""
    if not text.isascii():
        return len(COUNTED.findall(text))
    mapped = _mapped(text, _COUNTED)
    if "'" in mapped:
        mapped = _LOOSE_APOSTROPHE.sub(" ", mapped)
    return len(mapped.split())
