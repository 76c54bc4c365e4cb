"""Import a folder of transcripts: read every file, attach each to its call or meeting, and
write the segments, the import's row in `imports` and its rejects in one transaction.

An activity that gets a transcript has its segments replaced, so importing the same files
again changes nothing. A malformed file is a reject (`malformed_transcript`, with its line)
and a file no call was found for is one too (`unattached_transcript`); the other files load.
Rows are counted in segments: read = loaded + rejected (the segments of unattached files).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline_doctor.importers.core.rejects import ROW, Reject
from pipeline_doctor.importers.core.run import write_bookkeeping
from pipeline_doctor.importers.transcripts.attach import Attached, Found, Unattached, attach_all
from pipeline_doctor.importers.transcripts.calls import CallBook
from pipeline_doctor.importers.transcripts.detect import read_transcript
from pipeline_doctor.importers.transcripts.parsed import TranscriptFormatError
from pipeline_doctor.model.schema import REJECTS, TRANSCRIPT_SEGMENTS
from pipeline_doctor.model.validate import arrow_schema
from pipeline_doctor.store.store import literal, quote

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

SOURCE = "transcripts"
MALFORMED = "malformed_transcript"
UNATTACHED = "unattached_transcript"
DELETE_BATCH = 1000
Progress = Callable[[int, int, int], None]
"""progress(bytes done, bytes in all, segments read so far), as the other imports report."""


@dataclass(frozen=True)
class SpeakerLeft:
    """A named speaker no rep or contact of the call matched (stored as `other`)."""

    file: str
    activity: str
    speaker: str


@dataclass
class TranscriptImport:
    """What a transcript import did: the files attached (with their segment counts), the
    files left unattached and why, the malformed files, the speakers left as `other`."""

    import_id: str
    location: str
    attached: list[tuple[Attached, int]] = field(default_factory=list)
    unattached: list[Unattached] = field(default_factory=list)
    errors: list[TranscriptFormatError] = field(default_factory=list)
    speakers_left: list[SpeakerLeft] = field(default_factory=list)
    other_files: int = 0
    seconds: float = 0.0

    @property
    def segments(self) -> int:
        """Segments written."""
        return sum(count for _, count in self.attached)


def import_transcripts(
    store: Store,
    files: list[Path],
    folder: Path,
    *,
    timezone: str | None = None,
    other_files: int = 0,
    progress: Progress | None = None,
) -> TranscriptImport:
    """Import the transcript `files` found under `folder` into `store` (naive times in
    `timezone`, UTC when None); `other_files`: how many files were left aside, for the
    summary."""
    began, started = time.perf_counter(), _now()
    found, errors = _read(files, folder, progress)
    outcomes = attach_all(CallBook(store), found, timezone=timezone)
    result = TranscriptImport(
        _import_id(files, folder, timezone), str(folder), other_files=other_files
    )
    result.errors = errors
    for outcome in outcomes:
        if isinstance(outcome, Unattached):
            result.unattached.append(outcome)
            continue
        result.attached.append((outcome, len(outcome.found.transcript.segments)))
        result.speakers_left.extend(
            SpeakerLeft(outcome.found.name, outcome.activity, s) for s in outcome.unresolved
        )
    attached = [a for a, _ in result.attached]
    with store.transaction():
        _replace_segments(store, attached)
        write_bookkeeping(
            store, _imports_row(result, started), _rejects(result), _provided(attached)
        )
    if progress:
        progress(1, 1, sum(len(f.transcript.segments) for f in found))
    result.seconds = time.perf_counter() - began
    return result


def _read(
    files: list[Path], folder: Path, progress: Progress | None
) -> tuple[list[Found], list[TranscriptFormatError]]:
    total = sum(path.stat().st_size for path in files) + 1  # +1: the write
    found: list[Found] = []
    errors: list[TranscriptFormatError] = []
    done = segments = 0
    for path in files:
        name = display_name(path, folder)
        try:
            found.append(Found(name, read_transcript(path, name)))
            segments += len(found[-1].transcript.segments)
        except TranscriptFormatError as error:
            errors.append(error)
        done += path.stat().st_size
        if progress:
            progress(done, total, segments)
    return found, errors


def display_name(path: Path, folder: Path) -> str:
    """A file as messages name it: its path under the import folder (its name when the
    import was given the file itself)."""
    return path.name if path == folder else path.relative_to(folder).as_posix()


def segment_rows(attached: list[Attached]) -> pa.Table:
    """The `transcript_segments` rows of the attached transcripts."""
    rows = [
        {
            "activity": item.activity,
            "seq": seq,
            "speaker": segment.speaker,
            "speaker_role": item.roles.get(segment.speaker or "", "other"),
            "start_s": segment.start_s,
            "end_s": segment.end_s,
            "text": segment.text,
        }
        for item in attached
        for seq, segment in enumerate(item.found.transcript.segments)
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(TRANSCRIPT_SEGMENTS))


def _replace_segments(store: Store, attached: list[Attached]) -> None:
    """Delete the stored segments of every activity getting a transcript, then write the new
    ones (ids enter the SQL only as literals rendered by `literal`)."""
    activities = sorted({item.activity for item in attached})
    table, column = quote(TRANSCRIPT_SEGMENTS.name), quote("activity")
    for lo in range(0, len(activities), DELETE_BATCH):
        listed = ", ".join(literal(a) for a in activities[lo : lo + DELETE_BATCH])
        store.execute(f"DELETE FROM {table} WHERE {column} IN ({listed})")
    store.write(TRANSCRIPT_SEGMENTS.name, segment_rows(attached), mode="append")


def _rejects(result: TranscriptImport) -> pa.Table:
    rejects = [Reject(e.path, e.line, ROW, None, MALFORMED, e.detail) for e in result.errors]
    rejects += [Reject(u.found.name, 0, ROW, None, UNATTACHED, u.reason) for u in result.unattached]
    rows = [r.as_row(result.import_id) for r in rejects]
    return pa.Table.from_pylist(rows, schema=arrow_schema(REJECTS))


def _provided(attached: list[Attached]) -> dict[str, dict[str, str]]:
    """The segment columns this import filled (start and end times only where a file had
    them)."""
    if not attached:
        return {}
    rows = segment_rows(attached)
    filled = [c for c in rows.column_names if rows.column(c).null_count < rows.num_rows]
    return {TRANSCRIPT_SEGMENTS.name: dict.fromkeys(filled, "data")}


def _imports_row(result: TranscriptImport, started: datetime) -> dict[str, object]:
    read = sum(len(a.found.transcript.segments) for a, _ in result.attached)
    rejected = sum(len(u.found.transcript.segments) for u in result.unattached)
    return {
        "id": result.import_id,
        "source": SOURCE,
        "started_at": started,
        "finished_at": _now(),
        "location": result.location,
        "rows_read": read + rejected,
        "rows_loaded": read,
        "rows_rejected": rejected,
        "source_timezone": None,
    }


def _import_id(files: list[Path], folder: Path, timezone: str | None) -> str:
    """The import's id: the files' names and bytes, and the zone naive times were read in."""
    digest = hashlib.sha256(str(timezone).encode())
    for path in files:
        digest.update(display_name(path, folder).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{SOURCE}-{digest.hexdigest()[:16]}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
