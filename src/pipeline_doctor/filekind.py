"""What a file is, from its first bytes rather than its name: text (CSV, JSON), or one of the
files people give by mistake (a PDF, an image, a workbook, an archive, a database, any binary),
with what to do instead. Used where a file is read as CSV (importers) and where a path is
checked before it becomes a store (store.location): one list of signatures for both."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path


def is_duckdb(head: bytes) -> bool:
    """DuckDB's file header carries its magic at bytes 8-12."""
    return head[8:12] == b"DUCK"


def looks_utf16(data: bytes) -> str | None:
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


HEAD_BYTES = 1 << 16
"""Bytes read from the start of a file to tell text from other files."""
EXPORT = "export the data from its source as CSV or .xlsx"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC = (
    (b"%PDF-", "a PDF document", EXPORT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", EXPORT),
    (b"\xff\xd8\xff", "a JPEG image", EXPORT),
    (b"GIF87a", "a GIF image", EXPORT),
    (b"GIF89a", "a GIF image", EXPORT),
    (
        OLE2,
        "an old Excel workbook (.xls), a password-protected workbook or another Office file",
        "open it in Excel and save it as .xlsx without a password, or as CSV",
    ),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it and import the file inside"),
    (b"PAR1", "a Parquet file", EXPORT),
    (b"SQLite format 3\x00", "an SQLite database", EXPORT),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and import the CSV files inside"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract it and import the CSV files inside"),
)
"""Leading bytes of files people send instead of CSV: (bytes, what it looks like, what to do)."""
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
WORKBOOK = "an Excel workbook (.xlsx)"
ZIP_ARCHIVE = "a zip archive"
BINARY = "a binary file"
CONTROL = bytes(sorted(set(range(32)) - set(b"\t\n\r\f\v\x1b\x00")))
"""Control bytes that text does not hold (NUL apart: exports sometimes carry a stray one)."""


def _zip_kind(path: Path) -> tuple[str, str]:
    """What a zip file holds, by the names inside it (an .xlsx is a zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    if "xl/workbook.xml" in names:
        return WORKBOOK, f"rename it {path.stem}.xlsx or pass the .xlsx file as it is"
    if "xl/workbook.bin" in names:
        return "an Excel binary workbook (.xlsb)", "open it in Excel and save it as .xlsx or CSV"
    if "content.xml" in names:
        return "an OpenDocument file (.ods)", "save it as .xlsx or CSV"
    if "word/document.xml" in names:
        return "a Word document", EXPORT
    return ZIP_ARCHIVE, "unzip it and import the CSV files inside"


def _binary(head: bytes) -> bool:
    """NUL bytes with control bytes making more than 2% of the start, or NULs making more
    than 10%: executables, compressed and encrypted data (random bytes are about 10% control
    bytes). UTF-16 text (NUL in every other byte) is text, and so is CSV text with a few stray
    NULs or control characters typed into its cells (CRM text is imported as received)."""
    if b"\x00" not in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if looks_utf16(head):
        return False
    controls = len(head) - len(head.translate(None, CONTROL))
    return controls * 50 > len(head) or head.count(0) * 10 > len(head)


def looks_like(path: Path, head: bytes) -> tuple[str, str] | None:
    """What a file starting with `head` looks like when it is not text, and what to do about
    it ("a PDF document", "export the data ..."); None for text."""
    if head.startswith(ZIP):
        return _zip_kind(path)
    for magic, what, todo in MAGIC:
        if head.startswith(magic):
            return what, todo
    if is_duckdb(head):
        return (
            "a DuckDB database (such as a Pipeline Doctor store)",
            "a store is named with --db, not imported",
        )
    if _binary(head):
        return BINARY, EXPORT
    return None
