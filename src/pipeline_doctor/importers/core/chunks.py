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
import mmap
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvparse import RawFile, parse_csv, sniff_delimiter
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.core.textio import DecodedText, decode_bytes, detect_encoding

PART_BYTES = 256 << 20
"""Bytes of CSV body per part (a part takes about five times this in memory while checked)."""
FOOTER_MID_FILE = "(a stray delimiter or a broken quote)"
SPLITTABLE = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "ascii")


def can_split(path: Path, encoding: str | None) -> bool:
    """True when the file's encoding keeps a newline byte a newline (not UTF-16)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    chosen = (encoding or _detect_head(head)).lower().replace("_", "-")
    return chosen in SPLITTABLE


def _detect_head(head: bytes) -> str:
    """The encoding of the first bytes, cut at a newline so no character is cut in two."""
    last = head.rfind(b"\n")
    return detect_encoding(head[: last + 1] if last > 0 else head)


def _header_end(mm: mmap.mmap) -> int:
    """The byte offset where the body starts: after the first newline outside quotes."""
    quotes = 0
    position = 0
    while True:
        newline = mm.find(b"\n", position)
        if newline < 0:
            return len(mm)
        quotes += mm[position:newline].count(b'"')
        if quotes % 2 == 0:
            return newline + 1
        position = newline + 1


def part_ranges(path: Path, part_bytes: int = PART_BYTES) -> tuple[int, list[tuple[int, int]]]:
    """The header's end and the (start, end) byte ranges of the body's parts."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        size = len(mm)
        body = _header_end(mm)
        ranges: list[tuple[int, int]] = []
        start = body
        while start < size:
            target = min(size, start + part_bytes)
            balanced = mm[start:target].count(b'"') % 2 == 0
            end = size
            position = target
            while target < size:
                newline = mm.find(b"\n", position)
                if newline < 0:
                    break
                if (mm[position:newline].count(b'"') % 2 == 0) == balanced:
                    end = newline + 1
                    break
                balanced = False  # still inside a quoted value at this newline
                position = newline + 1
            ranges.append((start, end))
            start = end
    return body, ranges


def read_parts(
    path: Path,
    name: str,
    encoding: str | None,
    delimiter: str | None,
    part_bytes: int = PART_BYTES,
) -> Iterator[tuple[RawFile, int]]:
    """Each part of the file parsed (lines as in the whole file), with the bytes it covers."""
    body_start, ranges = part_ranges(path, part_bytes)
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        header = bytes(mm[:body_start])
        chosen = encoding or _detect_head(bytes(mm[: min(len(mm), 1 << 20)]))
        header_text = decode_bytes(header, name, chosen).text
        if not header_text.strip():
            raise PipelineDoctorError(f"{name} is empty: it has no header row and no data.")
        delimiter = delimiter or sniff_delimiter(header_text.splitlines()[0])
        header_lines = header.count(b"\n")
        lines_before = header_lines
        seen_notes: set[str] = set()
        for index, (start, end) in enumerate(ranges):
            chunk = bytes(mm[start:end])
            decoded = _decode_part(header, chunk, name, chosen, lines_before)
            raw = parse_csv(decoded.text, name, delimiter)
            shift = lines_before - header_lines
            raw.lines = raw.lines + np.int64(shift)
            last = index == len(ranges) - 1
            raw.rejects = [_shifted(r, shift, last) for r in raw.rejects]
            raw.notes = [n for n in (*decoded.notes, *raw.notes) if n not in seen_notes]
            seen_notes.update(raw.notes)
            lines_before += chunk.count(b"\n")
            yield raw, end - start


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
