"""Exports whose file names vary (HubSpot, Pipedrive): find each object's CSV by its header
and import the folder with a shipped mapping that names the objects."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.headers import Markers, find_objects, header
from pipeline_doctor.importers.core.mapping import Mapping, mapping_from_dict, only_present
from pipeline_doctor.importers.core.run import ImportResult, Progress, run_import

if TYPE_CHECKING:
    from pipeline_doctor.store import Store


def shipped_mapping(package: str) -> Mapping:
    text = resources.files(package).joinpath("mapping.toml").read_text(encoding="utf-8")
    return mapping_from_dict(tomllib.loads(text))


def import_by_header(
    store: Store,
    folder: Path,
    mapping: Mapping,
    markers: Markers,
    required: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the objects found in `folder`; the `required` one must be there."""
    if not folder.is_dir():
        raise PipelineDoctorError(f"{folder} is not a folder.")
    found = find_objects(folder, markers)
    if required not in found:
        wanted = " or ".join(repr(m) for m in markers[required][:2])
        raise PipelineDoctorError(
            f"{folder} has no {mapping.source} {required} export (a CSV with a {wanted} column)."
        )
    headers = {obj: header(path) for obj, path in found.items()}
    rules = tuple(
        dataclasses.replace(only_present(r, headers[r.file]), file=found[r.file].name)
        for r in mapping.tables
        if r.file in found
    )
    paths = {path.name: path for path in found.values()}
    subset = Mapping(mapping.source, rules, mapping.rows, mapping.options)
    return run_import(store, subset, paths, location=str(folder), progress=progress)
