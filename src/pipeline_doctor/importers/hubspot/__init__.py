"""HubSpot CRM exports (deals, companies), recognised by their documented column names."""

from pipeline_doctor.importers.hubspot.detect import is_hubspot
from pipeline_doctor.importers.source import ShippedImporter

IMPORTER = ShippedImporter(
    name="hubspot",
    title="HubSpot",
    summary="Import HubSpot exports in FOLDER (deals, and companies if present).",
    detector=is_hubspot,
    reader="pipeline_doctor.importers.hubspot.read:import_hubspot",
)
