"""Export canonical tables to a folder: one file per table, and for CSV a mapping.toml that
`pipeline-doctor import csv DIR/*.csv --mapping DIR/mapping.toml` reads back unchanged.

CSV files are opened in spreadsheets, and CRM text may hold formulas (`=HYPERLINK(...)`): a
text cell a spreadsheet would evaluate is written with an apostrophe before it (OWASP's
CSV-injection advice, `untrusted.for_spreadsheet`), numbers stay numbers, and the mapping's
`spreadsheet_quoted = true` removes the apostrophe again on import."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.model.schema import DATA_TABLES, Table
from pipeline_doctor.untrusted import FORMULA_START, NUMBER, QUOTE

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Format = Literal["csv", "parquet"]
BATCH_ROWS = 500_000
Rule = str | tuple[str, object]
"""How the mapping fills a column: from the exported column of that name, or ("const", v)."""


def mapped_columns(
    store: Store,
    definition: Table,
    provided: dict[str, frozenset[str]],
    constants: dict[str, frozenset[str]],
) -> dict[str, Rule]:
    """The columns of `definition` the mapping reads back: those some import provided (so an
    absent column stays absent after a round trip), required ones, and any holding values
    (rows written without an import). A column only ever set to one constant stays one; one
    set to several (reps' and managers' roles) is read back from its column, as data.
    `provided`, `constants`: `Store.provided_columns()` and `Store.constant_columns()`."""
    data = provided.get(definition.name, frozenset())
    constant = constants.get(definition.name, frozenset())
    table = store.table(definition.name)
    names = definition.column_names
    metrics = {f"n{i}": table[c].count() for i, c in enumerate(names)}
    metrics |= {f"d{i}": table[c].nunique() for i, c in enumerate(names) if c in constant}
    found = table.aggregate(rows=table.count(), **metrics).to_pyarrow().to_pylist()[0]
    rules: dict[str, Rule] = {}
    for i, col in enumerate(definition.columns):
        filled = int(found[f"n{i}"] or 0)
        if col.name in constant and filled == found["rows"] and found[f"d{i}"] == 1:
            value = table.select(col.name).limit(1).to_pyarrow().column(0)[0].as_py()
            rules[col.name] = ("const", value)
        elif col.name in data or col.name in constant or not col.nullable or filled:
            rules[col.name] = col.name
    return rules


def _rule_toml(name: str, rule: Rule) -> str:
    if isinstance(rule, str):
        return f"{name} = {json.dumps(rule)}"
    return f"{name} = {{ const = {json.dumps(str(rule[1]))} }}"


def identity_mapping(tables: dict[str, dict[str, Rule]]) -> str:
    """A mapping from exported files (canonical column names) back onto the same tables;
    `tables`: table -> its mapped columns (`mapped_columns`)."""
    lines = [
        "# Written by `pipeline-doctor export csv`: canonical tables, same column names.",
        "# Columns no import provided are left out, so they stay absent when read back.",
        'source = "csv"',
        "",
        "[options]",
        "spreadsheet_quoted = true  # text cells that looked like formulas carry an apostrophe",
        "",
    ]
    for name, columns in tables.items():
        lines += ["[[table]]", f'name = "{name}"', f'file = "{name}.csv"', "[table.columns]"]
        lines += [_rule_toml(column, rule) for column, rule in columns.items()]
        lines.append("")
    return "\n".join(lines)


def export_tables(store: Store, folder: Path, fmt: Format) -> dict[str, int]:
    """Write every non-empty table of sales data to `folder`; return rows per file written.
    The bookkeeping (rejects, imports, provided columns) stays: a re-import writes its own."""
    if folder.exists() and not folder.is_dir():
        raise PipelineDoctorError(f"{folder} exists and is not a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    mapped: dict[str, dict[str, Rule]] = {}
    provided, constants = store.provided_columns(), store.constant_columns()
    for definition in DATA_TABLES:
        target = folder / f"{definition.name}.{fmt}"
        rows = _write_streamed(store.table(definition.name), target, fmt)
        if rows:
            written[target.name] = rows
            if fmt == "csv":
                mapped[definition.name] = mapped_columns(store, definition, provided, constants)
        else:
            target.unlink(missing_ok=True)
    if fmt == "csv":
        (folder / "mapping.toml").write_text(identity_mapping(mapped), encoding="utf-8")
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
            batch = batch.cast(schema)
            writer.write_batch(spreadsheet_safe(batch) if fmt == "csv" else batch)
            rows += batch.num_rows
    return rows


def spreadsheet_safe(batch: Any) -> Any:
    """`batch` with every text cell as `untrusted.for_spreadsheet` writes it (vectorised: the
    same rule, tested against the function cell by cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    starts = f"^[{re.escape(FORMULA_START)}]"
    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            formula = pc.and_(
                pc.match_substring_regex(column, starts),
                pc.invert(pc.match_substring_regex(column, f"^{NUMBER}$")),
            )
            quote = pc.or_(pc.starts_with(column, QUOTE), formula)
            prefixed = pc.binary_join_element_wise(QUOTE, column, "")
            column = pc.if_else(pc.fill_null(quote, False), prefixed, column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)
