"""Pipedrive exports (deals, organizations), recognised by their "Deal - ..." column names."""

from pipeline_doctor.importers.pipedrive.detect import is_pipedrive
from pipeline_doctor.importers.source import ShippedImporter

IMPORTER = ShippedImporter(
    name="pipedrive",
    title="Pipedrive",
    summary="Import Pipedrive exports in FOLDER (deals, and organizations if present).",
    detector=is_pipedrive,
    reader="pipeline_doctor.importers.pipedrive.read:import_pipedrive",
)
