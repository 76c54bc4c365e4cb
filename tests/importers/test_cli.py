"""The import, rejects and export commands, driven through Typer like a user would."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import export_cmd, import_cmd, rejects_cmd
from pipeline_doctor.store import Store

runner = CliRunner(env={"COLUMNS": "200"})


def make_app() -> typer.Typer:
    app = typer.Typer()
    for module in (import_cmd, export_cmd, rejects_cmd):
        module.register(app)
    return app


def test_import_detect_rejects_export_round_trip(maven_dir: Path, tmp_path: Path) -> None:
    app = make_app()
    db = str(tmp_path / "a.duckdb")
    result = runner.invoke(app, ["import", str(maven_dir), "--db", db])
    assert result.exit_code == 0, result.output
    assert "Rows read 8,920 = loaded 8,920 + rejected 0" in result.output
    result = runner.invoke(app, ["rejects", "--db", db, "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "No rejects: every row read was loaded." in result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "csv", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    files = sorted(str(p) for p in out.glob("*.csv"))
    db2 = str(tmp_path / "b.duckdb")
    result = runner.invoke(
        app, ["import", "csv", *files, "--mapping", str(out / "mapping.toml"), "--db", db2]
    )
    assert result.exit_code == 0, result.output
    with Store.open(db) as first, Store.open(db2) as second:
        for table in ("reps", "accounts", "deals", "stage_changes", "stages"):
            a = (
                first.table(table)
                .to_pyarrow()
                .sort_by([(c, "ascending") for c in first.table(table).columns[:3]])
            )
            b = (
                second.table(table)
                .to_pyarrow()
                .sort_by([(c, "ascending") for c in second.table(table).columns[:3]])
            )
            assert a.equals(b), table
        # what the first import provided, the copy provides: absent columns stay absent,
        # one-value constants stay constants, extra attributes keep their names (constants
        # with several values, reps' and managers' roles, come back as a column: data)
        data, copied = first.provided_columns(), second.provided_columns()
        for table in ("deals", "accounts"):
            assert copied[table] == data[table], table
        assert "source" not in copied["deals"]
        assert "extra.year_established" in copied["accounts"]
        assert second.constant_columns()["deals"] == first.constant_columns()["deals"]
        assert copied["reps"] == data["reps"] | {"role"}
    result = runner.invoke(app, ["export", "parquet", str(tmp_path / "pq"), "--db", db])
    assert result.exit_code == 0
    assert (tmp_path / "pq" / "deals.parquet").is_file()


def test_suggest_mapping_then_import(tmp_path: Path) -> None:
    data = tmp_path / "deals.csv"
    data.write_text("Deal Id,Owner,Stage,Created Date,Amount\nD1,Ann,Won,2025-01-02,10\n")
    suggested = tmp_path / "m.toml"
    app = make_app()
    result = runner.invoke(app, ["import", "csv", str(data), "--suggest-mapping", str(suggested)])
    assert result.exit_code == 0, result.output
    text = suggested.read_text()
    assert 'stage = "Stage"' in text
    assert 'created_at = "Created Date"' in text
    text = text.replace(
        '# outcome = "..."', 'outcome = { column = "Stage", values = { Won = "won" } }'
    ).replace('# id = "..."', 'id = "Deal Id"')
    suggested.write_text(text)
    db = str(tmp_path / "c.duckdb")
    result = runner.invoke(
        app, ["import", "csv", str(data), "--mapping", str(suggested), "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "loaded 1" in result.output
