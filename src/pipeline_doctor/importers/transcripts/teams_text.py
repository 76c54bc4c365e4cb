"""Microsoft Teams' transcript download as text (the .docx Teams gives, or its text saved as
.txt). Two layouts are read, both seen in real downloads:

    Acme discovery-20240115_150012-Meeting Transcript       (current: a header, then turns
    January 15, 2024, 3:00PM                                  of `Name` and the offset on one
    42m 10s                                                   line, a tab or 2+ spaces apart)
    Jane Doe started transcription
    Jane Doe   0:03
    Thanks for making the time today.

    0:0:0.570 --> 0:0:4.470                                  (older: an offset line, alone or
    Jane Doe                                                  with its end, then the speaker,
    Thanks for making the time today.                         then the text)

Offsets read as `0:03`, `1:02:03` or `00:00:03.570`. "... started/stopped transcription" lines
are events, not speech. A header date in English ("January 15, 2024, 3:00PM" or
"15 June 2026, 03:35am") is the call's start. The current layout gives when each turn starts,
not when it ends: `end_s` is then left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from pipeline_doctor.importers.transcripts.parsed import (
    ParsedSegment,
    ParsedTranscript,
    TranscriptFormatError,
)
from pipeline_doctor.importers.transcripts.turns import clock_seconds, merge_turns

FORMAT = "teams_text"
OFFSET = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
SPEAKER_AT = re.compile(rf"^(?P<name>\S.*?)(?:\t|\s{{2,}})(?P<at>{OFFSET})$")
TIME_LINE = re.compile(rf"^(?P<start>{OFFSET})(?:\s*-->\s*(?P<end>{OFFSET}))?$")
EVENT = re.compile(r"^.+ (?:started|stopped) transcription$", re.IGNORECASE)
HEADER_DATES = ("%B %d, %Y, %I:%M%p", "%d %B %Y, %I:%M%p", "%B %d, %Y, %I:%M:%S%p")
EXPECTED = (
    "expected a Teams transcript: a line such as 'Jane Doe   0:03' then what was said, "
    "or a time line, the speaker's name and the text"
)


@dataclass
class _Turn:
    line: int
    speaker: str | None
    start_s: float
    end_s: float | None
    words: list[str] = field(default_factory=list)


def parse(text: str, path: str) -> ParsedTranscript:
    """The turns of a Teams text transcript (lines of the text, or paragraphs of a .docx)."""
    turns: list[_Turn] = []
    header: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if turns and turns[-1].speaker is None:  # the line after a time line names the speaker
            if TIME_LINE.match(line):
                raise TranscriptFormatError(
                    path,
                    number,
                    f"expected the speaker's name after the time line {turns[-1].line}",
                )
            turns[-1].speaker = line
        elif timed := TIME_LINE.match(line):
            start = _offset(timed["start"], path, number)
            end = None if timed["end"] is None else _offset(timed["end"], path, number)
            if end is not None and end < start:
                raise TranscriptFormatError(path, number, "the turn ends before it starts")
            turns.append(_Turn(number, None, start, end))
        elif named := SPEAKER_AT.match(line):
            turns.append(
                _Turn(number, named["name"].strip(), _offset(named["at"], path, number), None)
            )
        elif EVENT.match(line):
            continue
        elif turns:
            turns[-1].words.append(line)
        else:
            header.append(line)
    if not turns:
        raise TranscriptFormatError(path, 1, EXPECTED)
    if turns[-1].speaker is None:
        raise TranscriptFormatError(
            path, turns[-1].line, "expected the speaker's name after this time line"
        )
    segments = (ParsedSegment(t.speaker, t.start_s, t.end_s, " ".join(t.words)) for t in turns)
    return ParsedTranscript(FORMAT, merge_turns(segments), started_at=_header_date(header))


def _offset(text: str, path: str, line: int) -> float:
    seconds = clock_seconds(text)
    if seconds is None:
        raise TranscriptFormatError(
            path, line, f"{text!r} is not an offset such as 0:03 or 00:00:03.570"
        )
    return seconds


def _header_date(lines: list[str]) -> datetime | None:
    """The call's start from a header line such as "January 15, 2024, 3:00PM" (naive: the
    zone of whoever downloaded it)."""
    for line in lines:
        compact = re.sub(r"\s+(?=[AaPp][Mm]$)", "", line.strip())
        for pattern in HEADER_DATES:
            try:
                return datetime.strptime(compact, pattern)
            except ValueError:
                continue
    return None
