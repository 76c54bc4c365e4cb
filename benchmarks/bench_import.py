"""Import throughput of a user's CSV: rows per second end to end (parse, validate, write),
against raw DuckDB read_csv of the same file measured in the same run. Prints JSON lines.

One deals file whose owners are also the reps (a derived table), with value maps for stage and
source, imported twice: the default way (clean, so it takes the fast path straight into
DuckDB) and with `exact=True` (the exact reader every file in doubt takes); then the file's
first 200,000 rows (openpyxl writes a million in about ten minutes) as an .xlsx workbook with
typed cells (dates, numbers), read by python-calamine into the exact reader.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline_doctor.importers.core.mapping import mapping_from_dict
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store

MAPPING = {
    "source": "csv",
    "table": [
        {
            "name": "reps",
            "file": "deals.csv",
            "derived": True,
            "columns": {"id": "owner", "name": "owner"},
        },
        {
            "name": "deals",
            "file": "deals.csv",
            "columns": {
                "id": "id",
                "name": "name",
                "rep": "owner",
                "stage": "stage",
                "created_at": "created",
                "closed_at": "closed",
                "amount": "amount",
                "currency": "currency",
                "outcome": {
                    "column": "stage",
                    "values": {"Won": "won", "Lost": "lost", "*": "open"},
                },
                "source": {
                    "column": "source",
                    "values": {"Referral": "referral", "Web": "inbound", "*": "other"},
                },
            },
        },
    ],
}


OWNERS = [f"Rep {i}" for i in range(200)]
XLSX_ROWS = 200_000
"""Rows of the deals file written as .xlsx (the rate per row is what is measured)."""


def make_table(rows: int, seed: int = 7) -> pa.Table:
    """The deals file's columns, as text (the CSV's cells)."""
    rng = np.random.default_rng(seed)
    stage = rng.choice(np.array(["Won", "Lost", "Open", "Demo"]), rows)
    day = rng.integers(0, 700, rows)
    created = np.datetime64("2024-01-01") + day.astype("timedelta64[D]")
    closed = created + rng.integers(1, 90, rows).astype("timedelta64[D]")
    is_open = np.isin(stage, ["Open", "Demo"])
    table = pa.table(
        {
            "id": [f"D{i:07d}" for i in range(rows)],
            "name": [f"Deal {i}" for i in range(rows)],
            "owner": rng.choice(np.array(OWNERS), rows),
            "stage": stage,
            "source": rng.choice(np.array(["Referral", "Web", "Cold call"]), rows),
            "created": pa.array(created.astype("datetime64[s]")).cast(pa.string()),
            "closed": pa.array(np.where(is_open, "", closed.astype("datetime64[D]").astype(str))),
            "amount": rng.integers(100, 100_000, rows),
            "currency": np.full(rows, "USD"),
        }
    )
    return table


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    pacsv.write_csv(make_table(rows, seed), path)


def make_workbook(path: Path, rows: int, first: int, seed: int = 7) -> None:
    """The `first` rows of the deals file as an .xlsx sheet, with the cell types Excel gives
    them (openpyxl)."""
    import openpyxl

    table = make_table(rows, seed).slice(0, first)
    created = pc.strptime(table.column("created"), "%Y-%m-%d %H:%M:%S", "s").to_pylist()
    closed = pc.strptime(table.column("closed"), "%Y-%m-%d", "s", error_is_null=True)
    columns = [table.column(n).to_pylist() for n in table.column_names]
    columns[table.column_names.index("created")] = created
    columns[table.column_names.index("closed")] = [c and c.date() for c in closed.to_pylist()]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Deals")
    sheet.append(table.column_names)
    for row in zip(*columns, strict=True):
        sheet.append(row)
    book.save(path)


def _mapping(file: str) -> dict[str, object]:
    """MAPPING reading `file` (deals.csv or deals.xlsx)."""
    return {**MAPPING, "table": [{**table, "file": file} for table in MAPPING["table"]]}


def _import(path: Path, rows: int, exact: bool) -> float:
    db = path.with_suffix(".duckdb")
    with Store.open(db) as store:
        started = time.perf_counter()
        result = import_csv(store, [path], mapping_from_dict(_mapping(path.name)), exact=exact)
        elapsed = time.perf_counter() - started
    db.unlink()
    assert result.rows_rejected == 0, result
    assert result.loaded_by_table["deals"] == rows, result
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 rows")
    args = parser.parse_args()
    if args.quick:
        args.rows = 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deals.csv"
        make_file(path, args.rows)
        started = time.perf_counter()
        con = duckdb.connect()
        count = con.execute(
            "SELECT count(*) FROM read_csv(?, all_varchar=true)", [str(path)]
        ).fetchone()
        baseline = time.perf_counter() - started
        con.close()
        assert count is not None
        assert count[0] == args.rows
        fast = _import(path, args.rows, exact=False)
        exact = _import(path, args.rows, exact=True)
        book = Path(tmp) / "deals.xlsx"
        xlsx_rows = min(args.rows, XLSX_ROWS)
        make_workbook(book, args.rows, xlsx_rows)
        xlsx = _import(book, xlsx_rows, exact=False)
    print(
        json.dumps(
            {
                "bench": "import",
                "what": "duckdb read_csv (baseline)",
                "rows": args.rows,
                "seconds": round(baseline, 3),
                "rows_per_s": round(args.rows / baseline),
            }
        )
    )
    for what, rows, elapsed in (
        ("import csv (fast path)", args.rows, fast),
        ("import csv, exact=True (exact reader)", args.rows, exact),
        ("import csv deals.xlsx (python-calamine, exact reader)", xlsx_rows, xlsx),
    ):
        print(
            json.dumps(
                {
                    "bench": "import",
                    "what": what,
                    "rows": rows,
                    "seconds": round(elapsed, 3),
                    "rows_per_s": round(rows / elapsed),
                    "vs_baseline": round(elapsed / rows / (baseline / args.rows), 1),  # per row
                }
            )
        )


if __name__ == "__main__":
    main()
