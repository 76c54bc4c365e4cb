"""Which CSV in a folder is HubSpot's deals or companies export."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.importers.core.headers import Markers, find_objects

MARKERS: Markers = {
    "deals": ("Deal Stage", "Deal ID"),
    "companies": ("Company name", "Company ID"),
}


def is_hubspot(folder: Path) -> bool:
    return folder.is_dir() and "deals" in find_objects(folder, MARKERS)
