"""Maven Analytics "CRM + Sales + Opportunities" (sales_pipeline, sales_teams, accounts)."""

from pipeline_doctor.importers.maven.detect import is_maven
from pipeline_doctor.importers.source import ShippedImporter

IMPORTER = ShippedImporter(
    name="maven",
    title="Maven CRM",
    summary="Import the Maven CRM data set (sales_pipeline.csv, sales_teams.csv, accounts.csv; "
    "products.csv values open deals).",
    detector=is_maven,
    reader="pipeline_doctor.importers.maven.read:import_maven",
)
