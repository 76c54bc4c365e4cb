"""Import CSV files, and sheets of .xlsx workbooks, with a user's mapping."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvparse import RawFile, parse_csv
from pipeline_doctor.importers.core.mapping import Mapping, Options
from pipeline_doctor.importers.core.run import ImportResult, Progress, load_raws, run_import
from pipeline_doctor.importers.core.textio import ensure_text_file, read_text
from pipeline_doctor.importers.core.xlsx import is_workbook, read_sheet

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


def read_input(
    path: Path, name: str | None = None, *, sheet: str | None = None, options: Options | None = None
) -> RawFile:
    """One input file as parsed rows: a sheet of an .xlsx workbook (`sheet`, default the
    first visible one), else CSV text, refused before parsing when it is not text."""
    options = options or Options()
    name = name or path.name
    if is_workbook(path):
        decimal = options.decimal or "."
        return read_sheet(path, name, sheet, decimal=decimal, date_format=options.date_format)
    decoded = read_text(path, options.encoding)
    raw = parse_csv(decoded.text, name, options.delimiter)
    raw.notes[:0] = list(decoded.notes)
    return raw


def import_csv(
    store: Store,
    files: list[Path],
    mapping: Mapping,
    *,
    date_format: str | None = None,
    progress: Progress | None = None,
    exact: bool = False,
    sheet: str | None = None,
) -> ImportResult:
    """Import `files` as `mapping` says; `date_format` overrides the mapping's. `exact`: every
    file through the exact reader, none straight into DuckDB (the same result, slower).
    `sheet`: the sheet read from each .xlsx file (default: its first); an import with a
    workbook reads every file whole (a sheet is in memory anyway) through the exact reader."""
    if date_format:
        options = dataclasses.replace(mapping.options, date_format=date_format)
        mapping = dataclasses.replace(mapping, options=options)
    paths = resolve_files(mapping, files)
    location = ", ".join(str(p) for p in paths.values())
    books = [path for path in paths.values() if is_workbook(path)]
    if sheet is not None and not books:
        raise PipelineDoctorError(
            f"A sheet ({sheet!r}) was named, but none of the files is an .xlsx workbook."
        )
    for path in paths.values():
        if not is_workbook(path):
            ensure_text_file(path)
    if not books:
        return run_import(store, mapping, paths, location=location, progress=progress, exact=exact)
    raws = _read_whole(paths, mapping, sheet, progress)
    # the import's id comes from these names: "deals.xlsx (sheet Deals)" names the sheet read
    named = {raws[name].name: path for name, path in paths.items()}
    return load_raws(store, mapping, raws, named, location=location, progress=progress)


def _read_whole(
    paths: dict[str, Path], mapping: Mapping, sheet: str | None, progress: Progress | None
) -> dict[str, RawFile]:
    """Every file read whole (`read_input`), as the mapping names it."""
    raws: dict[str, RawFile] = {}
    total, done = sum(path.stat().st_size for path in paths.values()) + 1, 0
    for name, path in paths.items():
        raws[name] = read_input(path, name, sheet=sheet, options=mapping.options)
        done += path.stat().st_size
        if progress:
            progress(done, total, sum(raw.rows_read for raw in raws.values()))
    return raws
