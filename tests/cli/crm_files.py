"""A small CRM export for the command tests: a deals file, its mapping, a store importing it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipeline_doctor.cli.app import app


def imported_store(folder: Path, name: str = "crm.duckdb", rows: int = 50) -> Path:
    """A store holding one import of a small deals file (the "previous store")."""
    deals = folder / "first.csv"
    deals_csv(deals, rows, "F")
    db = folder / name
    args = ["import", "csv", str(deals), "--mapping", str(deals_mapping(folder, "first.csv"))]
    result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def deals_csv(path: Path, rows: int, prefix: str) -> None:
    stages = ("Won", "Lost", "Open")
    with path.open("w", encoding="utf-8") as out:
        out.write("Id,Owner,Stage,Created,Amount,Note\n")
        for i in range(rows):
            out.write(f"{prefix}{i},Rep {i % 40},{stages[i % 3]},2025-0{1 + i % 9}-1{i % 9},")
            out.write(f"{i % 977},note {i % 13}\n")


def deals_mapping(folder: Path, file: str) -> Path:
    """A mapping of the deals file; its extra attribute keeps it on the exact reader (slower
    than the fast path, so the work lasts long enough to interrupt)."""
    path = folder / f"{file}.toml"
    path.write_text(
        f"""
[[table]]
name = "reps"
file = "{file}"
derived = true
columns = {{ id = "Owner", name = "Owner" }}

[[table]]
name = "deals"
file = "{file}"
columns = {{ id = "Id", rep = "Owner", stage = "Stage", created_at = "Created", \
amount = "Amount", extra = {{ extra = ["Note"] }}, \
outcome = {{ column = "Stage", values = {{ Won = "won", Lost = "lost", Open = "open" }} }} }}
""",
        encoding="utf-8",
    )
    return path
