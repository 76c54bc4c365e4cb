"""Turn a file's bytes into text: detect the encoding (UTF-8 with or without BOM, UTF-16,
cp1252, latin-1 as the last resort) and remove NUL bytes, saying what was done."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError


@dataclass(frozen=True)
class DecodedText:
    """A file's text and what decoding it took (notes are shown in the import summary)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly NUL in every other byte of the first kilobyte."""
    head = data[:2048]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0) / max(1, len(head[0::2]))
    odd_nuls = head[1::2].count(0) / max(1, len(head[1::2]))
    if odd_nuls > 0.4 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """The most likely encoding of `data`; cp1252 is tried before latin-1 (they differ on
    0x80-0x9F, where Salesforce's exports put curly quotes and the euro sign)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _looks_utf16(data)
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
    """Read and decode a file, naming it in any error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineDoctorError(f"Cannot read {path}: {exc.strerror}.") from None
    return decode_bytes(data, path.name, encoding)
