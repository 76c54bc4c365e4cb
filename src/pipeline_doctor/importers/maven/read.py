"""Import a Maven CRM folder with the shipped mapping."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.run import ImportResult, Progress, run_import
from pipeline_doctor.importers.maven.detect import FILES
from pipeline_doctor.importers.maven.mapping import maven_mapping
from pipeline_doctor.importers.maven.prices import estimate_open_values

if TYPE_CHECKING:
    from pipeline_doctor.store import Store


def import_maven(store: Store, folder: Path, progress: Progress | None = None) -> ImportResult:
    """Import sales_teams.csv, accounts.csv and sales_pipeline.csv from `folder`; open deals
    are valued at their product's list price (products.csv), marked as estimated."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise PipelineDoctorError(
            f"{folder} is not a Maven CRM folder: {', '.join(missing)} missing."
        )
    paths = {name: folder / name for name in FILES}
    return run_import(
        store,
        maven_mapping(),
        paths,
        location=str(folder),
        prepare=estimate_open_values(folder),
        progress=progress,
    )
