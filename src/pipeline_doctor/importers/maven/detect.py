"""Is a folder the Maven CRM data set?"""

from __future__ import annotations

from pathlib import Path

FILES = ("sales_pipeline.csv", "sales_teams.csv", "accounts.csv")


def is_maven(folder: Path) -> bool:
    return folder.is_dir() and all((folder / name).is_file() for name in FILES)
