"""`pipeline-doctor demo` on a small organisation, and its errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from pipeline_doctor.cli.app import app
from pipeline_doctor.store import Store

runner = CliRunner()


def test_demo_builds_describes_diagnoses_and_reports(tmp_path: Path) -> None:
    db, report, truth = tmp_path / "d.duckdb", tmp_path / "r.html", tmp_path / "t.json"
    args = ["demo", "--db", str(db), "--deals", "1500", "--seed", "3", "-o", str(report)]
    args += ["--plant", "no_next_step:R004", "--plant", "zombie_deals:12", "--truth", str(truth)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Built 1,500 deals" in result.output
    assert "Pipeline by source" in result.output
    assert "Pipeline by stage" in result.output
    assert "no_next_step" in result.output
    assert "R004" in result.output
    planted = json.loads(truth.read_text())
    assert {p["kind"] for p in planted["plants"]} == {"no_next_step", "zombie_deals"}
    zombies = next(p for p in planted["plants"] if p["kind"] == "zombie_deals")
    assert len(zombies["deal_ids"]) == 12
    assert "Findings, by money at stake" in result.output
    assert "What was checked" in result.output
    html = report.read_text()
    assert "<html" in html
    # the planted zombies are the zombie finding's deal list, and the qualify-out list
    card = re.search(r'<article class="finding"[^>]*data-check="zombie_deals">.*?</article>', html,
                     re.S)  # fmt: skip
    assert card is not None
    start = html.index('<section id="qualify-out">')
    qualify = html[start : html.index("</section>", start)]
    for deal in zombies["deal_ids"]:
        assert deal in card.group(0)
        assert deal in qualify
    with Store.open(db, create=False) as store:
        assert store.count("deals") == 1500
        assert store.import_sources() == {"simulator"}


def test_demo_replaces_its_own_previous_org(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    for seed in ("1", "2"):
        args = ["demo", "--db", str(db), "--deals", "300", "--seed", seed, "--no-diagnose"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    with Store.open(db, create=False) as store:
        assert store.count("deals") == 300


def test_demo_refuses_to_overwrite_imported_data(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    with Store.open(db) as store:
        store.write("reps", pa.Table.from_pylist([{"id": "U1", "name": "Real", "role": "rep"}]))
        store.execute(
            "INSERT INTO imports (id, source, started_at, rows_read, rows_loaded, rows_rejected)"
            " VALUES ('i1', 'salesforce', TIMESTAMP '2026-01-01', 1, 1, 0)"
        )
    result = runner.invoke(app, ["demo", "--db", str(db), "--deals", "100", "--no-diagnose"])
    assert result.exit_code != 0
    assert "holds imported CRM data" in str(result.exception)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plant", "no_such_link"], "Unknown broken link 'no_such_link'"),
        (["--plant", "zombie_deals:many"], "takes a number of deals"),
        (["--plant", "no_next_step", "--healthy"], "either --healthy or --plant"),
        (["--plant", "no_next_step:R999"], "There is no rep R999"),
    ],
)
def test_demo_bad_options_are_clear_errors(tmp_path: Path, args: list[str], message: str) -> None:
    db = tmp_path / "d.duckdb"
    result = runner.invoke(app, ["demo", "--db", str(db), "--deals", "100", "--no-diagnose", *args])
    assert result.exit_code != 0
    assert message in str(result.exception)
