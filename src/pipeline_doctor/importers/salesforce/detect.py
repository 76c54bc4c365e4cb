"""Is a folder (or zip) a Salesforce Data Export? It has Opportunity.csv with API names."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.importers.core.archive import file_names, is_zip

MARKERS = ("StageName", "IsWon", "IsClosed")


def object_files(folder: Path) -> dict[str, Path]:
    """Object name in lower case ("opportunity") -> its CSV file."""
    return {p.stem.lower(): p for p in sorted(folder.glob("*.csv"))}


def is_salesforce(path: Path) -> bool:
    if is_zip(path):  # a damaged archive is said to be damaged, not "not an export"
        return any(name.lower() == "opportunity.csv" for name in file_names(path))
    if not path.is_dir():
        return False
    opportunity = object_files(path).get("opportunity")
    if opportunity is None:
        return False
    with opportunity.open("rb") as handle:
        head = handle.read(4096).decode("latin-1")
    return all(marker in head for marker in MARKERS)
