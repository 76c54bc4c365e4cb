"""A case-insensitive regular expression searched only in text that holds one of its cues.

Patterns like `lexicon.PROPOSAL` start with a lookbehind and a long alternation, so Python's
regex engine tries every alternative at every position: 8 to 17 µs a sentence, which most
sentences fail. Every match contains one of a few literal strings, its cues ("work", "free",
"let", ...): for ASCII text, where IGNORECASE is exactly equality after `str.lower`, a text
holding none of them cannot match, and `str.__contains__` tells in a fraction of a
microsecond. Other text is always searched: under IGNORECASE a few non-ASCII letters match
ASCII ones ("K" the Kelvin sign matches "k", "ſ" matches "s").

The cues are written next to each pattern: every alternative of the pattern contains one of
them, so a pattern edited without its cues can silently miss matches; edit both together."""

from __future__ import annotations

import re


class Cued:
    """`pattern`, case-insensitive, searched only when the text may match (see the module)."""

    def __init__(self, pattern: re.Pattern[str], cues: tuple[str, ...]) -> None:
        if not pattern.flags & re.IGNORECASE or any(c != c.lower() or not c for c in cues):
            msg = "a cued pattern ignores case and its cues are non-empty and lower-case"
            raise ValueError(msg)
        self.pattern = pattern
        self.cues = cues

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match `text`."""
        if not text.isascii():
            return True
        return any(map(text.lower().__contains__, self.cues))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self.may_match(text) else None
