"""SubRip (.srt) captions, read by the `srt` library, with `Name: words` in the text when the
tool that wrote them knew the speaker; consecutive cues of one speaker are merged.

    1
    00:00:00,000 --> 00:00:04,470
    Jane Doe: Thanks for making the time today.
"""

from __future__ import annotations

import srt  # srt ships no type information

from pipeline_doctor.importers.transcripts.parsed import (
    ParsedSegment,
    ParsedTranscript,
    TranscriptFormatError,
)
from pipeline_doctor.importers.transcripts.turns import merge_turns, one_line, split_speaker

FORMAT = "srt"
EXPECTED = "expected a subtitle: a number, a line such as 00:00:01,000 --> 00:00:04,000, the text"


def parse(text: str, path: str) -> ParsedTranscript:
    """The turns of an SRT file; a TranscriptFormatError names the line of the first
    subtitle the library could not read."""
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line, shown = _unread(text, exc.expected_start)
        raise TranscriptFormatError(path, line, f"{EXPECTED}, found {shown!r}") from None
    except srt.TimestampParseError as exc:
        raise TranscriptFormatError(path, 1, f"{EXPECTED} ({exc})") from None
    if not subtitles:
        raise TranscriptFormatError(path, 1, EXPECTED + ", found none")
    segments = []
    for subtitle in subtitles:
        start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
        if end < start:
            line = _line_of(text, subtitle.index)
            raise TranscriptFormatError(
                path, line, f"subtitle {subtitle.index} ends before it starts"
            )
        speaker, words = split_speaker(one_line(subtitle.content))
        segments.append(ParsedSegment(speaker, start, end, words))
    return ParsedTranscript(FORMAT, merge_turns(segments))


def _line_of(text: str, index: int) -> int:
    """The line holding subtitle number `index` alone (1 when it cannot be found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == str(index):
            return number
    return 1


def _unread(text: str, at: int) -> tuple[int, str]:
    """The line where the library stopped reading (`at`, a character offset) and its text:
    the timing line when the block starts with its number, as the number is rarely wrong."""
    lines = text[at:].splitlines()
    line = text.count("\n", 0, at) + 1
    while lines and not lines[0].strip():
        lines, line = lines[1:], line + 1
    if len(lines) > 1 and lines[0].strip().isdigit():
        return line + 1, lines[1].strip()
    return line, lines[0].strip() if lines else ""
