"""The paragraphs of a Word document (.docx), one per line: the text of the transcript
Teams offers to download. A .docx is a zip holding `word/document.xml`; the standard library
reads it (python-docx would be a dependency for these few lines). The XML is parsed by expat,
which refuses entity expansion attacks (2.4.1 and later) and never fetches external entities.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pipeline_doctor.importers.transcripts.parsed import TranscriptFormatError

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
MAX_XML_BYTES = 64 << 20
"""A transcript's document.xml is a few megabytes; more is refused before it is unzipped."""


def docx_text(path: Path, name: str) -> str:
    """The text of the .docx at `path` (called `name` in errors), a paragraph per line."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(DOCUMENT)
            if info.file_size > MAX_XML_BYTES:
                raise TranscriptFormatError(name, 1, "the document is too large for a transcript")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError):
        raise TranscriptFormatError(name, 1, "expected a Word document (.docx)") from None
    except ElementTree.ParseError as exc:
        raise TranscriptFormatError(name, 1, f"the Word document cannot be read: {exc}") from None
    return "\n".join(_paragraph(p) for p in root.iter(f"{WORD}p"))


def _paragraph(paragraph: ElementTree.Element) -> str:
    """A paragraph's text: its runs' text, tabs as tabs, line breaks as spaces."""
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{WORD}t":
            parts.append(node.text or "")
        elif node.tag == f"{WORD}tab":
            parts.append("\t")
        elif node.tag in (f"{WORD}br", f"{WORD}cr"):
            parts.append(" ")
    return "".join(parts)
