"""Whether a sentence names the buyer or their company: any of a few spellings ("Anna Berg",
"Anna"; "Acme Cloud Inc.", "Acme Cloud"), as whole words, in any case.

That is `(?<!\\w)(?:Anna Berg|Anna)(?!\\w)` searched with IGNORECASE, but a store holds
thousands of buyers and compiling one such pattern costs about 150 µs, more than the rest of
an email's analysis of a sentence. So for ASCII text and names (where IGNORECASE is exactly
equality of `str.lower()` and `\\w` is `[A-Za-z0-9_]`) the spellings are found with
`str.find` and their neighbours checked; other text falls back to the pattern, compiled once
per buyer."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_COMPANY_SUFFIX = re.compile(
    r"[,\s]+(?:inc|ltd|llc|gmbh|corp|corporation|co|plc|ag|sa|bv|limited)\.?$", re.IGNORECASE
)


class Name(NamedTuple):
    """One thing a sentence can name, and how it may be spelled."""

    label: str
    """"the buyer's name" or "their company": what the evidence says."""
    spellings: tuple[str, ...]
    """Non-empty, longest first."""
    ascii_lower: tuple[str, ...] | None
    """The spellings lower-cased when all are ASCII, else None."""


def buyer_names(buyer_name: str | None, company: str | None) -> list[Name]:
    """The buyer's full and first name, and their company with and without its legal suffix."""
    names: list[Name] = []
    if buyer_name and buyer_name.strip():
        full = buyer_name.strip()
        names.append(_name("the buyer's name", {full, full.split()[0]}))
    if company and company.strip():
        full = company.strip()
        names.append(_name("their company", {full, _COMPANY_SUFFIX.sub("", full)}))
    return names


def _name(label: str, options: set[str]) -> Name:
    spellings = tuple(o for o in sorted(options, key=len, reverse=True) if o)
    plain = all(o.isascii() for o in spellings)
    return Name(label, spellings, tuple(o.lower() for o in spellings) if plain else None)


def names_in(sentence: str, names: list[Name]) -> list[str]:
    """The labels of the names the sentence holds, in order."""
    return [name.label for name in names if _holds(sentence, name)]


def _holds(sentence: str, name: Name) -> bool:
    if name.ascii_lower is None or not sentence.isascii():
        return _pattern(name.spellings).search(sentence) is not None
    lower = sentence.lower()
    for spelling in name.ascii_lower:
        at = lower.find(spelling)
        while at >= 0:
            end = at + len(spelling)
            if (at == 0 or not _is_word(lower[at - 1])) and (
                end == len(lower) or not _is_word(lower[end])
            ):
                return True
            at = lower.find(spelling, at + 1)
    return False


def _is_word(character: str) -> bool:
    """`\\w` for an ASCII character."""
    return character.isalnum() or character == "_"


@lru_cache(maxsize=1 << 10)
def _pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(re.escape(o) for o in spellings)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
