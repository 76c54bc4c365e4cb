"""Which CRM a folder (or zip) came from, by the files it holds."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.hubspot.detect import is_hubspot
from pipeline_doctor.importers.maven.detect import is_maven
from pipeline_doctor.importers.pipedrive.detect import is_pipedrive
from pipeline_doctor.importers.salesforce.detect import is_salesforce


def detect_source(folder: Path) -> str:
    """ "maven" or "salesforce"; a clear error for anything else."""
    if not folder.exists():
        raise PipelineDoctorError(f"There is no folder or file {folder}.")
    if folder.is_dir() and is_maven(folder):
        return "maven"
    if is_salesforce(folder):
        return "salesforce"
    if is_hubspot(folder):
        return "hubspot"
    if is_pipedrive(folder):
        return "pipedrive"
    raise PipelineDoctorError(
        f"Cannot tell which CRM {folder} came from.",
        "Name it: pipeline-doctor import salesforce|maven|csv ...",
    )
