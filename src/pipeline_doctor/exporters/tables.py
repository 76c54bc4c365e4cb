"""Export canonical tables to a folder: one file per table, and for CSV a mapping.toml that
`pipeline-doctor import csv DIR/*.csv --mapping DIR/mapping.toml` reads back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.model.schema import TABLES

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Format = Literal["csv", "parquet"]
BATCH_ROWS = 500_000
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
    if folder.exists() and not folder.is_dir():
        raise PipelineDoctorError(f"{folder} exists and is not a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for definition in TABLES:
        if definition.name in SKIPPED:
            continue
        target = folder / f"{definition.name}.{fmt}"
        rows = _write_streamed(store.table(definition.name), target, fmt)
        if rows:
            written[target.name] = rows
        else:
            target.unlink(missing_ok=True)
    if fmt == "csv":
        names = [name.removesuffix(".csv") for name in written]
        (folder / "mapping.toml").write_text(identity_mapping(names), encoding="utf-8")
    return written


def _write_streamed(table: Any, target: Path, fmt: Format) -> int:
    """Write a table batch by batch (bounded memory at any size); return the rows written."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    reader = table.to_pyarrow_batches(chunk_size=BATCH_ROWS)
    # batches may declare a column not-null where the reader's schema does not: use one
    # schema, nullable throughout, for the file
    schema = pa.schema([f.with_nullable(True) for f in reader.schema])
    writer: Any = (
        pacsv.CSVWriter(target, schema) if fmt == "csv" else pq.ParquetWriter(target, schema)
    )
    rows = 0
    with writer:
        for batch in reader:
            writer.write_batch(batch.cast(schema))
            rows += batch.num_rows
    return rows
