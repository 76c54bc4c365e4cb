"""`pipeline-doctor import transcripts DIR`: attach the call transcripts in DIR (Zoom and
Teams WebVTT, Teams' and Zoom's text, SRT, JSON; docs/transcripts.md) to the store's calls
and meetings, then refresh the conversation analyses. Prints what was attached, what was
not and why, malformed files by file and line, and speakers left as `other`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption, TimezoneOption
from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline_doctor.importers.transcripts import TranscriptImport
    from pipeline_doctor.store import Store

SHOWN = 20
"""Files (or speakers) listed per kind in the summary; the rest are counted."""
SAVED_BEFORE_INTERRUPT = "Interrupted after the import was saved; the summary above is complete."


def transcripts(
    folder: Annotated[
        Path,
        typer.Argument(help="A folder of transcripts (searched with its subfolders), or one file."),
    ],
    db: DbOption = DEFAULT_DB,
    timezone: TimezoneOption = None,
) -> None:
    """Attach call transcripts (.vtt, .srt, .txt, .docx, .json) to the calls and meetings in
    the store, by an activity id in the file name or by time and speakers.

    Formats, matching and what is reported: docs/transcripts.md."""
    from pipeline_doctor.importers.core.mapping import check_timezone
    from pipeline_doctor.importers.transcripts import transcript_files
    from pipeline_doctor.store.location import is_url

    zone = None if timezone is None else check_timezone(timezone)
    if not folder.exists():
        raise PipelineDoctorError(f"There is no folder or file {folder}.")
    if not is_url(db) and not Path(db).exists():
        raise PipelineDoctorError(
            f"There is no store {db}: transcripts attach to the calls and meetings already in one.",
            "Import your CRM data first, or name the store with --db.",
        )
    files, other = transcript_files(folder)
    if not files:
        raise PipelineDoctorError(
            f"{folder} holds no transcript files (.vtt, .srt, .txt, .docx, .json)."
        )
    _run(db, folder, files, len(other), zone)


def _run(db: str, folder: Path, files: list[Path], other: int, zone: str | None) -> None:
    """Import into the next version of the store, swapped in when complete (as the other
    imports do: Ctrl-C before the swap leaves the store as it was), then print the summary.
    A store holding the sample organisation is not refused: transcripts only attach to calls
    already there, so nothing is mixed into it."""
    from pipeline_doctor.cli.progress import import_progress
    from pipeline_doctor.importers.transcripts import import_transcripts
    from pipeline_doctor.store import new_version
    from pipeline_doctor.store.swap import Interrupted, interrupts_held
    from pipeline_doctor.views.terminal import SafeConsole

    console = SafeConsole()
    late = False
    try:
        with new_version(db, copy=True) as store:
            with import_progress(console, "Importing transcripts") as progress:
                result = import_transcripts(
                    store, files, folder, timezone=zone, other_files=other, progress=progress
                )
            if result.segments:
                refresh_conversation_analyses(store, console)
    except Interrupted as stop:
        if not stop.saved:
            raise
        late = True
    with interrupts_held() as held:  # the import is saved: its report is printed whole
        render_transcript_import(result, console)
    if late or held:
        typer.echo(SAVED_BEFORE_INTERRUPT, err=True)
    if not result.attached:
        raise PipelineDoctorError(
            f"No transcript was attached: {len(result.errors)} malformed, "
            f"{len(result.unattached)} with no call or meeting found (see above)."
        )


def refresh_conversation_analyses(store: Store, console: Console) -> None:
    """Recompute what is derived from the transcripts now in `store` (talk share, questions,
    next steps ...), in the same new version of the store as the segments."""
    from pipeline_doctor.cli.progress import deal_progress
    from pipeline_doctor.conversations import refresh_analyses

    with deal_progress(console, "Reading emails and call transcripts") as analysed:
        refresh_analyses(store, analysed)


def render_transcript_import(result: TranscriptImport, console: Console) -> None:
    """The summary: files attached and their segments, files not attached and why, malformed
    files by line, speakers left as `other`."""
    from rich.text import Text

    files = len(result.attached)
    console.print(
        Text.assemble(
            ("Imported transcripts", "bold"),
            f" from {result.location} (import {result.import_id}) in {result.seconds:.1f} s: "
            f"{files:,} file{'s' * (files != 1)} attached, {result.segments:,} segments",
        )
    )
    _listed(
        console,
        "Attached",
        [f"{a.found.name} -> {a.activity} ({a.how}), {n:,} segments" for a, n in result.attached],
    )
    _listed(
        console,
        "Not attached (no call or meeting found)",
        [f"{u.found.name}: {u.reason}" for u in result.unattached],
    )
    _listed(console, "Malformed", [str(error) for error in result.errors])
    _listed(
        console,
        "Speakers left as other (no rep or contact of the call has that name)",
        [f"{s.speaker!r} in {s.file} ({s.activity})" for s in result.speakers_left],
    )
    if result.other_files:
        one = result.other_files == 1
        console.print(
            f"Left aside: {result.other_files:,} "
            + ("file that is not a transcript." if one else "files that are not transcripts.")
        )
    if result.errors or result.unattached:
        console.print("See them again with: pipeline-doctor rejects --import " + result.import_id)


def _listed(console: Console, title: str, lines: list[str]) -> None:
    from rich.text import Text

    if not lines:
        return
    console.print(Text(f"{title}: {len(lines):,}", style="bold"))
    for line in lines[:SHOWN]:
        console.print(Text(f"  {line}"), soft_wrap=True)
    if len(lines) > SHOWN:
        console.print(f"  ... and {len(lines) - SHOWN:,} more")
