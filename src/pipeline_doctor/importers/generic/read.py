"""Import CSV files with a user's mapping."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import Mapping
from pipeline_doctor.importers.core.run import ImportResult, Progress, run_import

if TYPE_CHECKING:
    from pipeline_doctor.store import Store


def resolve_files(mapping: Mapping, files: list[Path]) -> dict[str, Path]:
    """Match the mapping's file names to the given files (by file name)."""
    by_name = {f.name: f for f in files}
    missing = [name for name in mapping.files() if name not in by_name]
    if missing:
        raise PipelineDoctorError(
            f"The mapping names {missing[0]}, which is not among the files given "
            f"({', '.join(by_name) or 'none'}).",
            "Pass that file too, or change `file =` in the mapping.",
        )
    for path in by_name.values():
        if not path.is_file():
            raise PipelineDoctorError(f"There is no file {path}.")
    return {name: by_name[name] for name in mapping.files()}


def import_csv(
    store: Store,
    files: list[Path],
    mapping: Mapping,
    *,
    date_format: str | None = None,
    progress: Progress | None = None,
    exact: bool = False,
) -> ImportResult:
    """Import `files` as `mapping` says; `date_format` overrides the mapping's. `exact`: every
    file through the exact reader, none straight into DuckDB (the same result, slower)."""
    if date_format:
        options = dataclasses.replace(mapping.options, date_format=date_format)
        mapping = dataclasses.replace(mapping, options=options)
    paths = resolve_files(mapping, files)
    location = ", ".join(str(p) for p in paths.values())
    return run_import(store, mapping, paths, location=location, progress=progress, exact=exact)
