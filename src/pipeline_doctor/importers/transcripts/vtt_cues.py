"""WebVTT cues with the line each starts on, read by webvtt-py.

webvtt-py parses the file, timing lines included (it accepts the unpadded times of older Teams
files, `0:0:0.570 --> 0:0:2.100`, as WebVTT readers do outside its strict mode, so they need no
rewriting first). Outside strict mode it also drops a cue it cannot read without a word, and
strict mode refuses those unpadded times; so the blocks are walked here too, by WebVTT's rules
(a block ends at an empty line, or where a second timing line starts one), and a block that
is neither a cue webvtt-py read nor a NOTE, STYLE or REGION block is a malformed cue, reported
with its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from pipeline_doctor.importers.transcripts.parsed import TranscriptFormatError
from pipeline_doctor.importers.transcripts.turns import one_line

ARROW = "-->"
EXAMPLE = "such as 00:00:01.000 --> 00:00:04.000"
OTHER_BLOCKS = ("NOTE", "STYLE", "REGION")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""WebVTT's line terminators (webvtt-py splits on the same)."""


@dataclass(frozen=True)
class Cue:
    """One cue: where its timing line is, its times in seconds, its voice (`<v Name>`, HTML
    character references decoded) and its text without tags, on one line."""

    line: int
    start_s: float
    end_s: float
    voice: str | None
    text: str


def read_cues(text: str, path: str) -> list[Cue]:
    """The cues of the WebVTT `text` (from file `path`), in order; a TranscriptFormatError
    naming the line of the first block that is not a readable cue."""
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError:
        raise TranscriptFormatError(
            path, 1, "expected the first line to start with WEBVTT"
        ) from None
    except MalformedCaptionError as exc:  # not raised outside strict mode; kept as a guard
        raise TranscriptFormatError(path, 1, f"unreadable cue: {exc}") from None
    cues: list[Cue] = []
    read = iter(captions)
    for first_line, block in _cue_blocks(text):
        timing = next((i for i, line in enumerate(block[:2]) if ARROW in line), None)
        if timing is None:
            raise TranscriptFormatError(
                path, first_line, f"expected a cue timing line {EXAMPLE}, found {block[0]!r}"
            )
        caption = next(read, None)
        if caption is None or caption.lines != block[timing + 1 :]:
            raise TranscriptFormatError(
                path,
                first_line + timing,
                f"expected a cue timing line {EXAMPLE}, found {block[timing]!r}",
            )
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end < start:
            raise TranscriptFormatError(
                path,
                first_line + timing,
                f"the cue ends ({caption.end}) before it starts ({caption.start})",
            )
        voice = caption.voice
        cues.append(
            Cue(
                first_line + timing,
                start,
                end,
                None if voice is None else html.unescape(voice).strip(),
                html.unescape(one_line(caption.text)),
            )
        )
    return cues


def _cue_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """The blocks after the header that should be cues (not NOTE, STYLE or REGION blocks),
    each with the number of its first line."""
    for first_line, block in _blocks(LINE_BREAK.split(text.removeprefix("\ufeff"))):
        if first_line == 1 or block[0].startswith(OTHER_BLOCKS):
            continue
        yield first_line, block


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Blocks of lines as WebVTT splits them: an empty line ends one, and a timing line that
    cannot be the current block's starts a new one (the header block's first line is 1)."""
    block: list[str] = []
    start = 1
    in_header = True
    for number, line in enumerate(lines, 1):
        starts_new = (
            bool(block) and ARROW in line and (in_header or len(block) > 1 or ARROW in block[0])
        )
        if (not line or starts_new) and block:
            yield start, block
            block, in_header = [], False
        if line:
            if not block:
                start = number
            block.append(line)
    if block:
        yield start, block
