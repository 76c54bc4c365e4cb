"""Turn a file's bytes into text: detect the encoding (UTF-8 with or without BOM, UTF-16,
cp1252, latin-1 as the last resort) and remove NUL bytes, saying what was done. A file that is
not text at all (a PDF, a zip, an image, an Excel workbook, any binary) is refused first, in one
sentence naming what it looks like (`ensure_text_file`, by `pipeline_doctor.filekind`), instead
of being parsed as CSV.

A UTF-8 file damaged in a few places is still UTF-8: reading it all as cp1252 would turn every
accented name into mojibake without a word. The rule (`_decode_utf8`): text that is not valid
UTF-8 but holds more valid multibyte UTF-8 sequences than bytes that are not UTF-8 is UTF-8
with bad bytes. A cp1252 file has almost no such sequences (an accented letter is one high
byte between ASCII ones), so it is still read as cp1252. The bad bytes are kept in the text as
the decoder's escapes (U+DC80..U+DCFF, which no valid text holds) so that the parser can reject
the rows holding them (`bad_bytes`), with their line and byte offset.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.filekind import HEAD_BYTES, looks_like, looks_utf16

NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""A byte that is not UTF-8, as `decode_bytes` keeps it (the `surrogateescape` error handler)."""
ASCII = bytes(range(128))
UTF8 = ("utf-8", "utf8", "utf-8-sig")


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
    if _decode_utf8(data, "utf-8") is not None:
        return "utf-8"  # UTF-8 with a few bad bytes, whose rows are rejected
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
    except UnicodeDecodeError as exc:
        utf8 = chosen.lower().replace("_", "-") in UTF8
        damaged = _decode_utf8(data, chosen) if utf8 else None
        if damaged is None:
            raise PipelineDoctorError(
                f"{name} cannot be read as {chosen}: {exc}.",
                "Remove the declared encoding to let Pipeline Doctor detect it, "
                "or declare another.",
            ) from None
        text, bad = damaged
        notes.append(f"{name}: {bad} bytes are not UTF-8; their rows are rejected (bad_encoding)")
    except LookupError as exc:
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


def _decode_utf8(data: bytes, encoding: str) -> tuple[str, int] | None:
    """The text of UTF-8 `data` with its bad bytes kept as escapes, and how many there are; None
    when the bytes that are not UTF-8 are as many as the valid multibyte sequences or more (the
    file is in another encoding: see the module docstring)."""
    text = data.decode(encoding, "surrogateescape")
    bad = sum(1 for _ in NOT_UTF8.finditer(text))
    ascii_bytes = len(data) - len(data.translate(None, ASCII))
    multibyte = len(text) - ascii_bytes - bad  # characters made of several bytes
    return (text, bad) if multibyte > bad else None


@dataclass(frozen=True)
class BadBytes:
    """Bytes that were not UTF-8 on one line of a text: the line (0: the text's first), the
    byte offset of the first one in that line, how many, and the line with each shown as
    \\xNN."""

    line: int
    offset: int
    count: int
    shown: str


def bad_bytes(text: str) -> list[BadBytes]:
    """The lines of `text` that hold bytes that were not UTF-8 (kept by `decode_bytes`), lines
    counted as the csv module counts them (a line ends at \\n, \\r\\n or a lone \\r); none costs
    one encoding of the text."""
    try:
        text.encode("utf-8")
        return []
    except UnicodeEncodeError as exc:
        first = exc.start
    found: dict[int, BadBytes] = {}
    line, counted = 0, 0
    for match in NOT_UTF8.finditer(text, first):
        at = match.start()
        line += _breaks(text, counted, at)
        counted = at
        if line in found:
            found[line] = replace(found[line], count=found[line].count + 1)
            continue
        start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
        raw = text[start : line_end(text, at)].rstrip("\r\n")
        shown = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        offset = len(text[start:at].encode("utf-8", "surrogateescape"))
        found[line] = BadBytes(line, offset, 1, shown)
    return list(found.values())


def without_bad_bytes(text: str) -> str:
    """`text` with each byte that was not UTF-8 replaced by U+FFFD (text that can be stored)."""
    return NOT_UTF8.sub("\ufffd", text)


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks in text[start:end]: \\n, \\r\\n and a lone \\r count one each."""
    return (
        text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    )


def line_end(text: str, start: int) -> int:
    """Where the line holding text[start] ends: just after its line break (\\n, \\r\\n or a lone
    \\r), or the end of the text."""
    newline = text.find("\n", start)
    ret = text.find("\r", start, newline if newline >= 0 else len(text))
    if ret < 0:
        return newline + 1 if newline >= 0 else len(text)
    return ret + 2 if text.startswith("\r\n", ret) else ret + 1


def read_text(path: Path, encoding: str | None = None) -> DecodedText:
    """Read and decode a file, naming it in any error; a file that is not text is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineDoctorError(f"Cannot read {path}: {exc.strerror}.") from None
    ensure_text_file(path, data[:HEAD_BYTES])
    return decode_bytes(data, path.name, encoding)
