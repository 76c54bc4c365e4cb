"""Turn a file's bytes into text: detect the encoding (UTF-8 with or without BOM, UTF-16,
cp1252, latin-1 as the last resort) and remove NUL bytes, saying what was done. A file that is
not text at all (a PDF, a zip, an image, an Excel workbook, any binary) is refused first, in one
sentence naming what it looks like (`ensure_text_file`, by `pipeline_doctor.filekind`), instead
of being parsed as CSV."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.filekind import HEAD_BYTES, looks_like, looks_utf16


@dataclass(frozen=True)
class DecodedText:
    """A file's text and what decoding it took (notes are shown in the import summary)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def ensure_text_file(path: Path, head: bytes | None = None) -> None:
    """Refuse a file read as CSV that is not text, in one sentence naming what it looks like,
    before any parsing (`head`: its first bytes, when already read)."""
    if head is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError as exc:
            raise PipelineDoctorError(f"Cannot read {path}: {exc.strerror}.") from None
    found = looks_like(path, head)
    if found is not None:
        what, todo = found
        raise PipelineDoctorError(f"{path.name} looks like {what}, not CSV text; {todo}.")


def detect_encoding(data: bytes) -> str:
    """The most likely encoding of `data`; cp1252 is tried before latin-1 (they differ on
    0x80-0x9F, where Salesforce's exports put curly quotes and the euro sign)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = looks_utf16(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> DecodedText:
    """Decode `data` (from file `name`) with `encoding` or the detected one; strip NUL bytes."""
    notes: list[str] = []
    chosen = encoding or detect_encoding(data)
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise PipelineDoctorError(
            f"{name} cannot be read as {chosen}: {exc}.",
            "Remove the declared encoding to let Pipeline Doctor detect it, or declare another.",
        ) from None
    if chosen == "latin-1":
        notes.append(f"{name}: neither UTF-8 nor cp1252; read as latin-1 (check accented text)")
    elif chosen not in ("utf-8", "utf-8-sig"):
        notes.append(f"{name}: read as {chosen}")
    if text.startswith("\ufeff"):
        text = text[1:]
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        notes.append(f"{name}: removed {nuls} NUL characters")
    return DecodedText(text, chosen, tuple(notes))


def read_text(path: Path, encoding: str | None = None) -> DecodedText:
    """Read and decode a file, naming it in any error; a file that is not text is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineDoctorError(f"Cannot read {path}: {exc.strerror}.") from None
    ensure_text_file(path, data[:HEAD_BYTES])
    return decode_bytes(data, path.name, encoding)
