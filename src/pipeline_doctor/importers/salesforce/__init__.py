"""Salesforce Data Export (weekly export: one CSV per object, API field names)."""

from pipeline_doctor.importers.salesforce.detect import is_salesforce
from pipeline_doctor.importers.source import ShippedImporter

IMPORTER = ShippedImporter(
    name="salesforce",
    title="Salesforce",
    summary="Import a Salesforce Data Export folder or .zip (Account, Opportunity, ...).",
    detector=is_salesforce,
    reader="pipeline_doctor.importers.salesforce.read:import_salesforce",
)
