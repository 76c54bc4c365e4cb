"""The CRM importers, in the order `import DIR` asks them whether DIR is their export (the
most specific first: Maven's three named files, then Salesforce's API names, then the
HubSpot and Pipedrive headers). `import csv` (any file, with a mapping) is not here: it needs a
mapping, not detection."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.hubspot import IMPORTER as HUBSPOT
from pipeline_doctor.importers.maven import IMPORTER as MAVEN
from pipeline_doctor.importers.pipedrive import IMPORTER as PIPEDRIVE
from pipeline_doctor.importers.salesforce import IMPORTER as SALESFORCE
from pipeline_doctor.importers.source import Importer

IMPORTERS: tuple[Importer, ...] = (MAVEN, SALESFORCE, HUBSPOT, PIPEDRIVE)


def detect_source(path: Path) -> Importer:
    """The importer whose export `path` is; a clear error when none recognises it."""
    if not path.exists():
        raise PipelineDoctorError(f"There is no folder or file {path}.")
    for importer in IMPORTERS:
        if importer.detect(path):
            return importer
    names = "|".join([*(i.name for i in IMPORTERS), "csv"])
    raise PipelineDoctorError(
        f"Cannot tell which CRM {path} came from.",
        f"Name it: pipeline-doctor import {names} ...",
    )
