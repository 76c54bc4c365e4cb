"""The documented JSON form, for transcripts from any other tool:

    {"activity": "X000000000001",              optional: the call or meeting it belongs to
     "started_at": "2024-01-15T15:00:12Z",     optional: ISO time (no offset: --timezone)
     "segments": [
       {"speaker": "Jane Doe", "start": 0.0, "end": 4.47, "text": "Thanks for making the time."}
     ]}

A bare list of segments is accepted too. In a segment only "text" is required; "speaker" may
be null or absent (nobody named), "start" and "end" are seconds from the start of the call
(null or absent: not known). Segments are stored as given, not merged.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any

from pipeline_doctor.importers.transcripts.parsed import (
    ParsedSegment,
    ParsedTranscript,
    TranscriptFormatError,
)

FORMAT = "json"
SPACE = re.compile(r"\s*")
DECODER = json.JSONDecoder()
SHAPE = 'expected {"segments": [...]} or a list of segments'


class _Invalid(Exception):
    """A value that breaks the form: which segment (None: the top level) and why."""

    def __init__(self, segment: int | None, message: str, member: str | None = None) -> None:
        super().__init__(message)
        self.segment = segment
        self.message = message
        self.member = member


def parse(text: str, path: str) -> ParsedTranscript:
    """The segments of a JSON transcript; a TranscriptFormatError names the line of a syntax
    error, or of the segment (or top-level value) that breaks the form."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(path, exc.lineno, f"not JSON: {exc.msg}") from None
    try:
        return _transcript(data)
    except _Invalid as invalid:
        line = _line(text, invalid)
        raise TranscriptFormatError(path, line, invalid.message) from None


def _transcript(data: Any) -> ParsedTranscript:
    if isinstance(data, list):
        return ParsedTranscript(FORMAT, _segments(data))
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise _Invalid(None, SHAPE)
    activity = data.get("activity")
    if activity is not None and not isinstance(activity, (str, int)):
        raise _Invalid(None, '"activity" must be an activity id (a string)', member="activity")
    return ParsedTranscript(
        FORMAT,
        _segments(data["segments"]),
        started_at=_started_at(data.get("started_at")),
        activity=None if activity is None else str(activity),
    )


def _started_at(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(
        None,
        f'"started_at" must be an ISO time such as 2024-01-15T15:00:12Z, not {value!r}',
        member="started_at",
    )


def _segments(items: list[Any]) -> tuple[ParsedSegment, ...]:
    segments = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _Invalid(index, f'segment {index + 1}: expected an object with a "text"')
        text, speaker = item.get("text"), item.get("speaker")
        if not isinstance(text, str):
            raise _Invalid(index, f'segment {index + 1}: "text" must be a string')
        if speaker is not None and not isinstance(speaker, str):
            raise _Invalid(index, f'segment {index + 1}: "speaker" must be a name or null')
        start, end = _seconds(item, "start", index), _seconds(item, "end", index)
        if start is not None and end is not None and end < start:
            raise _Invalid(index, f"segment {index + 1}: ends ({end}) before it starts ({start})")
        segments.append(
            ParsedSegment(speaker.strip() if speaker else None, start, end, text.strip())
        )
    return tuple(segments)


def _seconds(item: dict[str, Any], key: str, index: int) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid(index, f'segment {index + 1}: "{key}" must be seconds (a number)')
    if not math.isfinite(value) or value < 0:
        raise _Invalid(index, f'segment {index + 1}: "{key}" must be 0 or more seconds')
    return float(value)


def _line(text: str, invalid: _Invalid) -> int:
    """The line of the value that breaks the form in the (valid) JSON `text`: the segment, the
    top-level member, else the top-level value. The json module gives no positions for
    values, so objects and arrays are walked with its decoder (`raw_decode` says where each
    value ends)."""
    at = _skip(text, 0)
    is_object = text.startswith("{", at)
    if invalid.member is not None and is_object:
        at = _member(text, at, invalid.member) or at
    elif invalid.segment is not None:
        array = _member(text, at, "segments") if is_object else at
        if array is not None:
            at = _item(text, array, invalid.segment)
    return text.count("\n", 0, at) + 1


def _skip(text: str, at: int) -> int:
    found = SPACE.match(text, at)
    return found.end() if found else at


def _member(text: str, at: int, name: str) -> int | None:
    """Where the value of member `name` of the object opening at `at` starts."""
    at = _skip(text, at + 1)
    while text.startswith('"', at):
        key, at = DECODER.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past the colon
        if key == name:
            return at
        _, at = DECODER.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past the comma
    return None


def _item(text: str, at: int, index: int) -> int:
    """Where item `index` of the array opening at `at` starts."""
    at = _skip(text, at + 1)
    for _ in range(index):
        _, at = DECODER.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past the comma
    return at
