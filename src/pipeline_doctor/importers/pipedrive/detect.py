"""Which CSV in a folder is Pipedrive's deals or organizations export."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.importers.core.headers import Markers, find_objects

MARKERS: Markers = {
    "deals": ("Deal - ID", "Deal - Title"),
    "organizations": ("Organization - Name", "Organization - ID"),
}


def is_pipedrive(folder: Path) -> bool:
    return folder.is_dir() and "deals" in find_objects(folder, MARKERS)
