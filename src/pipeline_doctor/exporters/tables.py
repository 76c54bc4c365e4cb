"""Export canonical tables to a folder: one file per table, and for CSV a mapping.toml that
`pipeline-doctor import csv DIR/*.csv --mapping DIR/mapping.toml` reads back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.model.schema import TABLES

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Format = Literal["csv", "parquet"]
SKIPPED = ("rejects", "imports")
"""Bookkeeping of the exporting store; a re-import writes its own."""


def identity_mapping(tables: list[str]) -> str:
    """A mapping from exported files (canonical column names) back onto the same tables."""
    lines = [
        "# Written by `pipeline-doctor export csv`: canonical tables, same column names.",
        'source = "csv"',
        "",
    ]
    by_name = {t.name: t for t in TABLES}
    for name in tables:
        lines += ["[[table]]", f'name = "{name}"', f'file = "{name}.csv"', "[table.columns]"]
        lines += [f"{c} = {json.dumps(c)}" for c in by_name[name].column_names]
        lines.append("")
    return "\n".join(lines)


def export_tables(store: Store, folder: Path, fmt: Format) -> dict[str, int]:
    """Write every non-empty canonical table to `folder`; return rows per file written."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if folder.exists() and not folder.is_dir():
        raise PipelineDoctorError(f"{folder} exists and is not a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for definition in TABLES:
        if definition.name in SKIPPED:
            continue
        data = store.table(definition.name).to_pyarrow()
        if data.num_rows == 0:
            continue
        target = folder / f"{definition.name}.{fmt}"
        if fmt == "csv":
            pacsv.write_csv(data, target)
        else:
            pq.write_table(data, target)
        written[target.name] = data.num_rows
    if fmt == "csv":
        names = [name.removesuffix(".csv") for name in written]
        (folder / "mapping.toml").write_text(identity_mapping(names), encoding="utf-8")
    return written
