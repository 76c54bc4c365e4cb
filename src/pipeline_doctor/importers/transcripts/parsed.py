"""What every transcript parser returns, and the one error they raise for a malformed file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline_doctor.errors import PipelineDoctorError


@dataclass(frozen=True)
class ParsedSegment:
    """One speaker turn as the file gives it: the speaker's name (None when the file names
    nobody), seconds from the start of the recording (None when the format does not say),
    and the words."""

    speaker: str | None
    start_s: float | None
    end_s: float | None
    text: str


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript file read: its format, its turns in order, when the call started when the
    file says so (aware, or naive in the source's time zone), and an activity id the file
    itself names (the JSON form's "activity")."""

    format: str
    segments: tuple[ParsedSegment, ...]
    started_at: datetime | None = None
    activity: str | None = None

    @property
    def speakers(self) -> tuple[str, ...]:
        """The named speakers, in order of first appearance."""
        return tuple(dict.fromkeys(s.speaker for s in self.segments if s.speaker))


class TranscriptFormatError(PipelineDoctorError):
    """A transcript file that does not read as its format: the file, the line (1 for the
    first; a paragraph for .docx) and what was expected there."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path} line {line}: {message}")
        self.path = path
        self.line = line
        self.detail = message
