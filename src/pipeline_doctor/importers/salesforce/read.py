"""Import a Salesforce Data Export folder, or its zip (unpacked size checked first)."""

from __future__ import annotations

import csv
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
from pipeline_doctor.importers.salesforce.emails import link_contacts, link_tasks
from pipeline_doctor.importers.salesforce.field_history import drop_covered, is_change_history
from pipeline_doctor.importers.salesforce.mapping import FIELD_HISTORY, salesforce_mapping
from pipeline_doctor.importers.salesforce.prepare import prepare
from pipeline_doctor.importers.salesforce.roles import apply_contact_roles

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
    "emailmessage",
    "opportunitycontactrole",
    *FIELD_HISTORY,
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


def _header(path: Path) -> list[str]:
    """A file's column names (Salesforce headers are ASCII API names)."""
    with path.open("rb") as handle:
        first = handle.read(65536).decode("latin-1").splitlines()[:1]
    return next(csv.reader(first), [])


def _tracking_settings(path: Path) -> str:
    """What FieldHistory.csv is when it is Salesforce's list of tracked fields."""
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tracked = sorted(
        r.get("FieldEnumOrId", "") for r in rows if r.get("TableEnumOrId") == "Opportunity"
    )
    return (
        f"{path.name} lists which fields have history tracking ({len(rows):,} rows; "
        f"opportunity fields: {', '.join(tracked) if tracked else 'none'}), not their changes; "
        "export OpportunityFieldHistory for close-date pushes"
    )


def link(raws: dict[str, RawFile]) -> None:
    """Steps across files: emails take their deal, rep and contact from the Task they were
    logged as (and replace it), contact roles set contacts' buying roles, field history the
    OpportunityHistory already records is kept once. `raws` is keyed by object."""
    email, task, contact = raws.get("emailmessage"), raws.get("task"), raws.get("contact")
    if email is not None and task is not None:
        link_tasks(email, task)
    if email is not None and contact is not None:
        link_contacts(email, contact)
    if "opportunitycontactrole" in raws:
        apply_contact_roles(raws["opportunitycontactrole"], contact, raws.get("opportunity"))
    history = raws.get("opportunityhistory")
    for obj in FIELD_HISTORY:
        if obj in raws and history is not None:
            drop_covered(raws[obj], history)


def import_folder(store: Store, folder: Path, progress: Progress | None) -> ImportResult:
    found = object_files(folder)
    if "opportunity" not in found:
        raise PipelineDoctorError(f"{folder} has no Opportunity.csv: not a Salesforce export.")
    settings = {  # FieldHistory.csv is usually the list of tracked fields, not changes
        o: found[o]
        for o in ("fieldhistory", "fieldhistoryarchive")
        if o in found and not is_change_history(_header(found[o]))
    }
    paths = {found[o].name: found[o] for o in OBJECTS if o in found and o not in settings}
    reading = Mapping("salesforce", ())
    raws = read_files(paths, reading, _prepare, progress)
    link({Path(name).stem.lower(): raw for name, raw in raws.items()})
    files = {Path(name).stem.lower(): name for name in raws}
    headers = {Path(name).stem.lower(): raw.columns for name, raw in raws.items()}
    mapping = salesforce_mapping(files, headers)
    result = load_raws(store, mapping, raws, paths, location=str(folder), progress=progress)
    result.notes += [_tracking_settings(p) for p in settings.values()]
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
