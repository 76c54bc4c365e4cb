"""Is a folder (or zip) a Salesforce Data Export? It has Opportunity.csv with API names."""

from __future__ import annotations

import zipfile
from pathlib import Path

MARKERS = ("StageName", "IsWon", "IsClosed")


def object_files(folder: Path) -> dict[str, Path]:
    """Object name in lower case ("opportunity") -> its CSV file."""
    return {p.stem.lower(): p for p in sorted(folder.glob("*.csv"))}


def is_salesforce(path: Path) -> bool:
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return any(Path(n).name.lower() == "opportunity.csv" for n in archive.namelist())
    if not path.is_dir():
        return False
    opportunity = object_files(path).get("opportunity")
    if opportunity is None:
        return False
    with opportunity.open("rb") as handle:
        head = handle.read(4096).decode("latin-1")
    return all(marker in head for marker in MARKERS)
