"""`pipeline-doctor info` on a small hand-made store, and its errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from typer.testing import CliRunner

from pipeline_doctor.cli.app import app
from pipeline_doctor.store import Store

T0 = dt.datetime(2025, 1, 6, 10)


def _deal(i: int, source: str, outcome: str, stage: str, amount: float) -> dict[str, object]:
    return {
        "id": f"D{i}",
        "rep": "R1",
        "source": source,
        "created_at": T0,
        "closed_at": None if outcome == "open" else T0 + dt.timedelta(days=30),
        "outcome": outcome,
        "pipeline": "default",
        "stage": stage,
        "amount": amount,
        "budget": "known",
        "authority": "known",
        "need": "known",
        "timing": "known",
    }


def test_info_describes_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        store.write("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann", "role": "rep"}]))
        deals = [
            _deal(1, "referral", "won", "Closed Won", 100.0),
            _deal(2, "referral", "won", "Closed Won", 100.0),
            _deal(3, "outbound_cold", "lost", "Closed Lost", 100.0),
            _deal(4, "outbound_cold", "open", "Proposal", 2500.0),
        ]
        store.write("deals", pa.Table.from_pylist(deals))
    result = CliRunner().invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 open, 2 won, 1 lost" in result.output
    assert "win rate 67% of closed deals" in result.output
    assert "2,500" in result.output  # open cold pipeline amount


def test_info_on_a_missing_store_is_one_clear_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["info", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert "There is no store at" in str(result.exception)


def test_errors_reach_the_user_without_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_doctor.cli.app", "info", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: There is no store at")
    assert "Traceback" not in proc.stderr


def test_info_names_the_deal_fields_the_data_lacks(tmp_path: Path) -> None:
    from pipeline_doctor.importers.core.mapping import mapping_from_dict
    from pipeline_doctor.importers.generic.read import import_csv

    deals = tmp_path / "deals.csv"
    deals.write_text("Id,Owner,Stage,Created,Amount\nD1,Ann,Won,2025-01-02,10\n")
    columns = {"id": "Id", "rep": "Owner", "stage": "Stage", "created_at": "Created"}
    columns |= {"amount": "Amount", "outcome": {"column": "Stage", "values": {"Won": "won"}}}
    reps = {"name": "reps", "file": "deals.csv", "derived": True}
    mapping = {
        "table": [
            {**reps, "columns": {"id": "Owner", "name": "Owner"}},
            {"name": "deals", "file": "deals.csv", "columns": columns},
        ]
    }
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        import_csv(store, [deals], mapping_from_dict(mapping))
    result = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0, result.output
    absent = "lead source, expected close date, close date, account, product, competitor, "
    absent += "lost reason, budget, authority, need, timing"
    assert f"Not in your data: {absent} (" in result.output
    assert "Pipeline by source" not in result.output  # no source: no table of one blank row


def test_info_says_nothing_is_missing_when_nothing_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:  # written by hand: what the source had is not known
        store.write("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann", "role": "rep"}]))
        store.write("deals", pa.Table.from_pylist([_deal(1, "referral", "won", "Won", 1.0)]))
    result = CliRunner().invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Not in your data" not in result.output
