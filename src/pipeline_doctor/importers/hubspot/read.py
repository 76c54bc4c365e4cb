"""Import a Hubspot export folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.importers.core.folder import import_by_header
from pipeline_doctor.importers.core.run import ImportResult, Progress
from pipeline_doctor.importers.hubspot.detect import MARKERS
from pipeline_doctor.importers.hubspot.mapping import hubspot_mapping

if TYPE_CHECKING:
    from pipeline_doctor.store import Store


def import_hubspot(store: Store, folder: Path, progress: Progress | None = None) -> ImportResult:
    """Import the deals export (required) and the other objects found in `folder`."""
    return import_by_header(store, folder, hubspot_mapping(), MARKERS, "deals", progress)
