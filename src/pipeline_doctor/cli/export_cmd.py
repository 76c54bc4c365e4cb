"""`pipeline-doctor export csv|parquet DIR`: the canonical tables as files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption

export_app = typer.Typer(help="Write the store's tables to a folder.", no_args_is_help=True)
DirArg = Annotated[Path, typer.Argument(help="Folder to write into (created if needed).")]


def _export(db: str, folder: Path, fmt: str) -> None:
    from pipeline_doctor.cli.files import check_output_folder, explained
    from pipeline_doctor.exporters.tables import export_tables
    from pipeline_doctor.store import Store

    with Store.open(db, create=False) as store:
        check_output_folder(folder, "export")
        with explained(folder, "export"):
            written = export_tables(store, folder, "csv" if fmt == "csv" else "parquet")
    for name, rows in written.items():
        typer.echo(f"{folder / name}: {rows:,} rows")
    if fmt == "csv":
        typer.echo(
            f"Re-import with: pipeline-doctor import csv {folder}/*.csv "
            f"--mapping {folder}/mapping.toml"
        )


@export_app.command()
def csv(folder: DirArg, db: DbOption = DEFAULT_DB) -> None:
    """One CSV per table, plus mapping.toml to import them again."""
    _export(db, folder, "csv")


@export_app.command()
def parquet(folder: DirArg, db: DbOption = DEFAULT_DB) -> None:
    """One Parquet file per table."""
    _export(db, folder, "parquet")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
