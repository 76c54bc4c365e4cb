"""Zoom's in-meeting "Save transcript" text (`meeting_saved_closed_caption.txt`, in a local
recording folder such as `2024-01-15 15.00.12 Acme discovery`): `[Name] 12:34:56` (the clock
time of day), then what was said on the following lines.

    [Jane Doe] 15:00:14
    Thanks for making the time today.

The clock gives when each turn starts, not when it ends: `start_s` counts from the first turn
(a day is added where the clock passes midnight) and `end_s` is left empty.
"""

from __future__ import annotations

import re

from pipeline_doctor.importers.transcripts.parsed import (
    ParsedSegment,
    ParsedTranscript,
    TranscriptFormatError,
)
from pipeline_doctor.importers.transcripts.turns import clock_seconds, merge_turns

FORMAT = "zoom_text"
HEADER = re.compile(r"^\[(?P<name>[^\]]*)\]\s+(?P<clock>\d{1,2}:\d{2}:\d{2})\s*$")
EXPECTED = "expected a line such as [Jane Doe] 15:00:14"
DAY = 24 * 3600


def parse(text: str, path: str) -> ParsedTranscript:
    """The turns of a Zoom saved transcript."""
    turns: list[tuple[str | None, float, list[str]]] = []
    first: float | None = None
    previous = 0.0
    days = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        header = HEADER.match(line)
        if header is None:
            if not turns:
                raise TranscriptFormatError(path, number, f"{EXPECTED}, found {line!r}")
            turns[-1][2].append(line)
            continue
        clock = clock_seconds(header["clock"])
        if clock is None or clock >= DAY:
            raise TranscriptFormatError(
                path, number, f"{EXPECTED}: {header['clock']} is no time of day"
            )
        if first is None:
            first = previous = clock
        days += clock < previous  # the clock passed midnight
        previous = clock
        turns.append((header["name"].strip() or None, clock + days * DAY - first, []))
    if not turns:
        raise TranscriptFormatError(path, 1, f"{EXPECTED}, found no such line")
    segments = (ParsedSegment(name, start, None, " ".join(words)) for name, start, words in turns)
    return ParsedTranscript(FORMAT, merge_turns(segments))
