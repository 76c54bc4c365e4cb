"""Which transcript format a file is in, from its extension and then its content, and reading
it with that format's parser. Files of other kinds in the folder (recordings, chat logs with
another extension) are left aside, not errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pipeline_doctor.filekind import HEAD_BYTES, looks_like
from pipeline_doctor.importers.core.textio import decode_bytes, without_bad_bytes
from pipeline_doctor.importers.transcripts import (
    json_file,
    srt_file,
    teams_text,
    teams_vtt,
    zoom_text,
    zoom_vtt,
)
from pipeline_doctor.importers.transcripts.docx_text import docx_text
from pipeline_doctor.importers.transcripts.parsed import ParsedTranscript, TranscriptFormatError

Parser = Callable[[str, str], ParsedTranscript]
PARSERS: dict[str, Parser] = {
    zoom_vtt.FORMAT: zoom_vtt.parse,
    teams_vtt.FORMAT: teams_vtt.parse,
    teams_text.FORMAT: teams_text.parse,
    zoom_text.FORMAT: zoom_text.parse,
    srt_file.FORMAT: srt_file.parse,
    json_file.FORMAT: json_file.parse,
}
"""Every format read, by the name results and the summary give it."""
EXTENSIONS = (".vtt", ".srt", ".txt", ".docx", ".json")
"""The files a folder import reads; others are left aside."""
VOICE_TAG = re.compile(r"<v[.\s]")
SRT_START = re.compile(r"\A\s*\d+\s*\r?\n\s*\d+:\d+:\d+,\d+\s*-->")


def transcript_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The transcript files under `folder` (or `folder` itself when it is a file), sorted, and
    the other files left aside; hidden files and folders are skipped."""
    if folder.is_file():
        return [folder], []
    found: list[Path] = []
    other: list[Path] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if not path.is_file() or any(part.startswith(".") for part in relative):
            continue
        (found if path.suffix.lower() in EXTENSIONS else other).append(path)
    return found, other


def read_transcript(path: Path, name: str) -> ParsedTranscript:
    """Read the transcript at `path` (called `name` in errors) in the format its extension and
    content say; a TranscriptFormatError when it is not one, does not parse or holds no
    speech."""
    if path.suffix.lower() == ".docx":
        transcript = teams_text.parse(docx_text(path, name), name)
    else:
        text = _text(path, name)
        transcript = PARSERS[sniff(text, path.suffix.lower())](text, name)
    if not transcript.segments:  # attached, it would wipe the call's transcript out
        raise TranscriptFormatError(name, 1, "expected speech, found no cue or segment with text")
    return transcript


def sniff(text: str, extension: str) -> str:
    """The format of a file with `text` and `extension`: the extension says VTT, SRT or JSON,
    and the content which VTT; a .txt (or any other) is told by its content."""
    head = text.lstrip("\ufeff \t\r\n")
    if extension == ".vtt" or head.startswith("WEBVTT"):
        return teams_vtt.FORMAT if VOICE_TAG.search(text) else zoom_vtt.FORMAT
    if extension == ".srt" or SRT_START.match(text):
        return srt_file.FORMAT
    if extension == ".json":
        return json_file.FORMAT
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if zoom_text.HEADER.match(first):
        return zoom_text.FORMAT
    if head.startswith(("{", "[")):
        return json_file.FORMAT
    return teams_text.FORMAT  # its parser says what it expected when it is not one either


def _text(path: Path, name: str) -> str:
    """The file's text (encoding detected, undecodable bytes replaced), or an error for a file
    that is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranscriptFormatError(name, 1, f"cannot be read: {exc.strerror}") from None
    found = looks_like(path, data[:HEAD_BYTES])
    if found is not None:
        raise TranscriptFormatError(name, 1, f"expected a transcript, found {found[0]}")
    return without_bad_bytes(decode_bytes(data, name).text)
