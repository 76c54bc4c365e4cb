"""Pieces the parsers share: reading a `Name: words` prefix, clock offsets such as `0:03` or
`01:02:03.570`, and merging one speaker's consecutive cues into one turn."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline_doctor.importers.transcripts.parsed import ParsedSegment

SPEAKER_PREFIX = re.compile(r"^\s*(?P<name>[^:?!\"\n]{1,60}?)\s*:\s+(?P<text>\S.*)$", re.DOTALL)
"""`Jane Doe: words` as Zoom writes cue text. What precedes the colon is a name when it holds
no ?, ! or quote, at most MAX_NAME_WORDS words, and (in more than one word) each word is
capitalised or a particle such as "de" or "van": so a sentence with a colon ("The plan is
simple: ...") keeps its words. A lone word is taken as a name (display names such as "jdoe")."""
MAX_NAME_WORDS = 5
PARTICLES = frozenset(
    ("de", "da", "del", "della", "di", "du", "des", "la", "le", "van", "von", "der", "den",
     "ter", "dos", "das", "do", "bin", "ibn", "al", "el", "y", "e")
)  # fmt: skip
CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?$")
"""`0:03`, `12:34`, `1:02:03`, `00:00:03.570`, `0:0:0.570` (hours, then minutes, optional)."""


def split_speaker(text: str) -> tuple[str | None, str]:
    """(`Name`, `words`) for cue text `Name: words`; (None, text) when it names nobody."""
    found = SPEAKER_PREFIX.match(text)
    if found is None:
        return None, text.strip()
    name = found["name"].strip()
    if not _is_name(name):
        return None, text.strip()
    return name, found["text"].strip()


def _is_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or text[0].isdigit():
        return False
    return len(words) == 1 or all(w[0].isupper() or w in PARTICLES for w in words)


def clock_seconds(text: str) -> float | None:
    """Seconds in a clock offset such as `0:03` or `00:00:03.570`; None when `text` is not
    one (minutes or seconds over 59 included)."""
    found = CLOCK.match(text.strip())
    if found is None:
        return None
    hours, minutes, seconds = int(found["h"] or 0), int(found["m"]), int(found["s"])
    if minutes > 59 or seconds > 59:
        return None
    fraction = int((found["f"] or "0").ljust(3, "0")) / 1000
    return hours * 3600 + minutes * 60 + seconds + fraction


def one_line(text: str) -> str:
    """Cue text on one line: its lines joined by single spaces."""
    return " ".join(text.split())


def merge_turns(segments: Iterable[ParsedSegment]) -> tuple[ParsedSegment, ...]:
    """Consecutive segments of one named speaker as one turn (captions cut a turn into cues
    a few seconds long); segments naming nobody stay as they are, and empty ones go."""
    merged: list[ParsedSegment] = []
    for segment in segments:
        if not segment.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and segment.speaker is not None and segment.speaker == last.speaker:
            merged[-1] = ParsedSegment(
                last.speaker,
                last.start_s,
                _later(last.end_s, segment.end_s),
                f"{last.text} {segment.text}",
            )
        else:
            merged.append(segment)
    return tuple(merged)


def _later(first: float | None, second: float | None) -> float | None:
    if first is None or second is None:
        return second if first is None else first
    return max(first, second)
