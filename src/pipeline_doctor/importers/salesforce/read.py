"""Import a Salesforce Data Export folder, or its zip (unpacked size checked first)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.mapping import Mapping
from pipeline_doctor.importers.core.run import ImportResult, Progress, load_raws, read_files
from pipeline_doctor.importers.salesforce.detect import object_files
from pipeline_doctor.importers.salesforce.mapping import salesforce_mapping
from pipeline_doctor.importers.salesforce.prepare import prepare

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

OBJECTS = (
    "user",
    "account",
    "contact",
    "lead",
    "opportunity",
    "opportunityhistory",
    "task",
    "event",
)
MAX_UNPACKED = 20 * 1024**3
MAX_RATIO = 200
"""A member that unpacks to more than 200 times its packed size is treated as a zip bomb."""


def check_zip(archive: zipfile.ZipFile, target: Path, limit: int = MAX_UNPACKED) -> None:
    """Refuse archives whose declared unpacked size is too large for the limit or the disk."""
    members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    total = sum(m.file_size for m in members)
    free = shutil.disk_usage(target).free
    if total > limit or total > free:
        raise PipelineDoctorError(
            f"The archive would unpack to {total / 1024**3:.1f} GB, more than "
            f"{'the limit' if total > limit else 'the free disk space'} allows.",
            "Unzip it yourself and import the folder.",
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise PipelineDoctorError(
                f"{member.filename} in the archive unpacks to {member.file_size:,} bytes from "
                f"{member.compress_size:,}: refusing a possible zip bomb."
            )


def _unzip(path: Path, target: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        check_zip(archive, target)
        for member in archive.infolist():
            name = Path(member.filename).name  # no paths from the archive: no traversal
            if name.lower().endswith(".csv"):
                with archive.open(member) as src, (target / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    return target


def _prepare(raw: RawFile) -> RawFile:
    return prepare(Path(raw.name).stem.lower(), raw)


def import_folder(store: Store, folder: Path, progress: Progress | None) -> ImportResult:
    found = object_files(folder)
    if "opportunity" not in found:
        raise PipelineDoctorError(f"{folder} has no Opportunity.csv: not a Salesforce export.")
    paths = {found[o].name: found[o] for o in OBJECTS if o in found}
    reading = Mapping("salesforce", ())
    raws = read_files(paths, reading, _prepare, progress)
    files = {Path(name).stem.lower(): name for name in raws}
    headers = {Path(name).stem.lower(): raw.columns for name, raw in raws.items()}
    mapping = salesforce_mapping(files, headers)
    result = load_raws(store, mapping, raws, paths, location=str(folder), progress=progress)
    skipped = sorted(p.name for o, p in found.items() if o not in OBJECTS)
    if skipped:
        result.notes.append(f"not imported (no canonical table): {', '.join(skipped)}")
    return result


def import_salesforce(store: Store, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import an export folder, or a .zip of one."""
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="pipeline-doctor-") as tmp:
            result = import_folder(store, _unzip(path, Path(tmp)), progress)
            result.location = str(path)
            return result
    if not path.is_dir():
        raise PipelineDoctorError(f"{path} is neither a folder nor a zip archive.")
    return import_folder(store, path, progress)
