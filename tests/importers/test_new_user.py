"""A new user with a flat spreadsheet: `--suggest-mapping`, fill in only the values marked
"?", import, diagnose. No other edit, every row accounted for, no check failing."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.diagnosis import run_diagnosis
from pipeline_doctor.store import Store
from tests.importers import spreadsheet

runner = CliRunner(env={"COLUMNS": "200"})
VALUE_LINE = re.compile(r'^("(?:[^"\\]|\\.)*") = "\?"(.*)$')


def _app() -> typer.Typer:
    app = typer.Typer()
    import_cmd.register(app)
    return app


def fill_in(mapping: str, targets: dict[str, str]) -> str:
    """What the user does: set the target of each value line marked "?", nothing else."""
    lines = []
    for line in mapping.splitlines():
        found = VALUE_LINE.match(line)
        if found:
            label = found.group(1).strip('"')
            line = f'{found.group(1)} = "{targets[label]}"{found.group(2)}'
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_a_new_user_imports_a_flat_spreadsheet_and_diagnoses_it(tmp_path: Path) -> None:
    data = tmp_path / "pipeline.csv"
    spreadsheet.write(data)
    app = _app()
    suggested = tmp_path / "mapping.toml"
    result = runner.invoke(app, ["import", "csv", str(data), "--suggest-mapping", str(suggested)])
    assert result.exit_code == 0, result.output

    text = suggested.read_text()
    edited = fill_in(text, spreadsheet.USER_TARGETS)
    changed = [
        (a, b) for a, b in zip(text.splitlines(), edited.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 4  # Podcast, Billboard, Q1, Q2: the value lines, nothing else
    assert all(VALUE_LINE.match(before) for before, _ in changed)
    assert '"?"' not in "\n".join(line.split("#")[0] for line in edited.splitlines())
    suggested.write_text(edited)

    db = tmp_path / "store.duckdb"
    result = runner.invoke(
        app, ["import", "csv", str(data), "--mapping", str(suggested), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    with data.open(newline="", encoding="utf-8") as handle:
        in_file = sum(1 for _ in csv.DictReader(handle))
    counts = re.search(r"Rows read ([\d,]+) = loaded ([\d,]+) \+ rejected ([\d,]+)", result.output)
    assert counts, result.output
    read, loaded, rejected = (int(n.replace(",", "")) for n in counts.groups())
    assert read == in_file == loaded + rejected
    assert rejected == 0

    with Store.open(db) as store:
        assert store.count("deals") == in_file
        assert store.count("reps") == 5
        deals = store.table("deals").to_pyarrow().to_pylist()
        sources = {d["source_detail"]: d["source"] for d in deals}
        assert sources["Podcast"] == "inbound"
        assert sources["Trade Show"] == "event"
        assert sum(d["created_at"] is None for d in deals) > 0  # not recorded, still loaded
        assert {d["budget"] for d in deals} == {"known", "unknown"}
        diagnosis = run_diagnosis(store)
    errors = [(c.check, c.reason) for c in diagnosis.checks if c.status == "error"]
    assert errors == []
    judged = {c.check for c in diagnosis.checks if c.status in ("healthy", "findings")}
    assert {"win_drivers", "source_mix", "qualification_gaps"} <= judged
