"""Recognising an export's files by their header (HubSpot and Pipedrive name files freely):
light, so that detecting a source does not load the import machinery."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline_doctor.importers.core.textio import decode_bytes

Markers = dict[str, tuple[str, ...]]
"""object name as the mapping's `file` -> headers, any of which marks that object's file."""


def header(path: Path) -> list[str]:
    with path.open("rb") as handle:
        head = handle.read(65536)
    text = decode_bytes(head, path.name).text
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]


def find_objects(folder: Path, markers: Markers) -> dict[str, Path]:
    """object -> file, for the CSV files in `folder` whose header has one of its markers."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.csv")):
        names = set(header(path))
        for obj, marks in markers.items():
            if obj not in found and names & set(marks):
                found[obj] = path
                break
    return found
