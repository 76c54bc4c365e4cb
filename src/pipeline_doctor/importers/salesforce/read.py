"""Import a Salesforce Data Export folder, or its zip (only the object files read from it)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.archive import extract, is_zip
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
    if is_zip(path):
        return _import_zip(store, path, progress)
    if not path.is_dir():
        raise PipelineDoctorError(f"{path} is neither a folder nor a zip archive.")
    return import_folder(store, path, progress)


def _import_zip(store: Store, path: Path, progress: Progress | None) -> ImportResult:
    """Unpack the object files (nothing else) into a temporary folder and import that."""
    with tempfile.TemporaryDirectory(prefix="pipeline-doctor-") as tmp:
        unpacked = extract(path, Path(tmp), [f"{o}.csv" for o in OBJECTS])
        if not any(f.name.lower() == "opportunity.csv" for f in unpacked.files):
            raise PipelineDoctorError(f"{path} has no Opportunity.csv: not a Salesforce export.")
        result = import_folder(store, Path(tmp), progress)
    result.location = str(path)
    if unpacked.skipped:
        shown = ", ".join(unpacked.skipped[:5])
        more = f" and {len(unpacked.skipped) - 5:,} more" if len(unpacked.skipped) > 5 else ""
        result.notes.append(
            f"{len(unpacked.skipped):,} files in {path.name} not read (not Salesforce objects "
            f"this importer loads): {shown}{more}"
        )
    return result
