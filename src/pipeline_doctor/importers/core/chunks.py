"""Read a large CSV file in parts that each end on a row boundary, so that a file of any size
is imported in bounded memory with the same parser, the same rejects and the same line numbers
as if it had been read whole.

A newline ends a row when the quotes before it, counted from the start of the body, are
balanced (a doubled quote inside a quoted value counts twice, so it keeps the balance). Each
part is decoded on its own (a newline never splits a character in UTF-8 or the single-byte
encodings; UTF-16 files are read whole instead) and parsed with the header in front of it;
its line numbers are then shifted by the lines before it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvheader import sniff_delimiter
from pipeline_doctor.importers.core.csvparse import RawFile, parse_csv
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.core.textio import DecodedText, decode_bytes, detect_encoding

PART_BYTES = 64 << 20
"""Bytes of CSV body per part (a part takes several times this in memory while checked)."""
FOOTER_MID_FILE = "(a stray delimiter or a broken quote)"
SPLITTABLE = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "ascii")


def can_split(path: Path, encoding: str | None) -> bool:
    """True when the file's encoding keeps a newline byte a newline (not UTF-16) and its lines
    end in newlines (old Mac files end them in a carriage return alone: read whole)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if b"\r" in head and b"\n" not in head:
        return False
    chosen = (encoding or _detect_head(head)).lower().replace("_", "-")
    return chosen in SPLITTABLE


def _detect_head(head: bytes) -> str:
    """The encoding of the first bytes, cut at a newline so no character is cut in two."""
    last = head.rfind(b"\n")
    return detect_encoding(head[: last + 1] if last > 0 else head)


def _header(handle: BinaryIO) -> bytes:
    """The header row's bytes (it may hold quoted newlines); `handle` is left after it."""
    data = b""
    while block := handle.read(1 << 16):
        data += block
        cut = _first_boundary(data)
        if cut is not None:
            handle.seek(cut)
            return data[:cut]
    return data


def _first_boundary(data: bytes) -> int | None:
    """Just after the first newline with balanced quotes before it."""
    quotes = 0
    position = 0
    while (newline := data.find(b"\n", position)) >= 0:
        quotes += data.count(b'"', position, newline)
        if quotes % 2 == 0:
            return newline + 1
        position = newline + 1
    return None


def _last_boundary(data: bytes) -> int | None:
    """Just after the last newline with balanced quotes before it (`data` starts at a row)."""
    total = data.count(b'"')
    after = 0
    previous = len(data)
    newline = data.rfind(b"\n")
    while newline >= 0:
        after += data.count(b'"', newline + 1, previous)
        if (total - after) % 2 == 0:
            return newline + 1
        previous = newline + 1
        newline = data.rfind(b"\n", 0, newline)
    return None


def _body_parts(handle: BinaryIO, part_bytes: int) -> Iterator[bytes]:
    """The rest of the file in whole-row parts of about `part_bytes`, read forward once."""
    carry = b""
    wanted = part_bytes
    while True:
        block = handle.read(wanted)
        data = carry + block
        if not block:
            if data:
                yield data
            return
        cut = _last_boundary(data)
        if cut is None:  # one row longer than a part (or all inside a quote): read on
            carry, wanted = data, wanted * 2
            continue
        yield data[:cut]
        carry, wanted = data[cut:], part_bytes


def part_ranges(path: Path, part_bytes: int = PART_BYTES) -> tuple[int, list[tuple[int, int]]]:
    """The header's end and the (start, end) byte ranges of the body's parts."""
    with path.open("rb") as handle:
        start = len(_header(handle))
        body = start
        ranges: list[tuple[int, int]] = []
        for part in _body_parts(handle, part_bytes):
            ranges.append((start, start + len(part)))
            start += len(part)
    return body, ranges


def read_parts(
    path: Path,
    name: str,
    encoding: str | None,
    delimiter: str | None,
    part_bytes: int = PART_BYTES,
) -> Iterator[tuple[RawFile, int]]:
    """Each part of the file parsed (lines as in the whole file), with the bytes it covers.
    The file is read forward once, one part at a time."""
    with path.open("rb") as handle:
        chosen = encoding or _detect_head(handle.read(1 << 20))
        handle.seek(0)
        header = _header(handle)
        if _first_boundary(header) is None:  # no row ends after the header: one part
            yield _parsed_whole(header, name, chosen, delimiter), len(header)
            return
        # only to sniff the delimiter: each part is decoded with the header in front of it
        header_text = header.decode(chosen, "replace")
        if not header_text.strip():
            raise PipelineDoctorError(f"{name} is empty: it has no header row and no data.")
        delimiter = delimiter or sniff_delimiter(header_text.splitlines()[0])
        header_lines = header.count(b"\n")
        lines_before = header_lines
        seen_notes: set[str] = set()
        parts = _body_parts(handle, part_bytes)
        part = next(parts, None)
        while part is not None:
            following = next(parts, None)
            decoded = _decode_part(header, part, name, chosen, lines_before)
            raw = parse_csv(decoded.text, name, delimiter)
            notes = [*decoded.notes, *raw.notes]
            del decoded  # the part's text: only its parsed columns are kept
            shift = lines_before - header_lines
            raw.lines = raw.lines + np.int64(shift)
            raw.rejects = [_shifted(r, shift, following is None) for r in raw.rejects]
            raw.notes = [n for n in notes if n not in seen_notes]
            seen_notes.update(raw.notes)
            lines_before += part.count(b"\n")
            yield raw, len(part)
            part = following


def _parsed_whole(data: bytes, name: str, encoding: str, delimiter: str | None) -> RawFile:
    """A file whose header never ends on a newline with balanced quotes before it (a quote
    never closed, or one inside a value such as 5" screen), read whole as if not split."""
    decoded = decode_bytes(data, name, encoding)
    raw = parse_csv(decoded.text, name, delimiter)
    raw.notes[:0] = decoded.notes
    return raw


def _shifted(reject: Reject, shift: int, last_part: bool) -> Reject:
    """A part's reject at its line in the whole file; rows after a part's last good row are
    a footer only at the end of the file."""
    moved = dataclasses.replace(reject, line=reject.line + shift)
    if reject.reason != "footer" or last_part:
        return moved
    message = reject.message.replace("(a report footer or trailing text)", FOOTER_MID_FILE)
    return dataclasses.replace(moved, reason="wrong_column_count", message=message)


def _decode_part(header: bytes, chunk: bytes, name: str, encoding: str, line: int) -> DecodedText:
    try:
        return decode_bytes(header + chunk, name, encoding)
    except PipelineDoctorError:
        raise PipelineDoctorError(
            f"{name}: the text after line {line + 1} is not {encoding} like the start of the file.",
            'Declare the file\'s encoding in the mapping (encoding = "cp1252") and import again.',
        ) from None
