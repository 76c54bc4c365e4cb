"""`pipeline-doctor diagnose` through Typer's runner: text, JSON, settings, errors."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline_doctor.checks import BUILTIN_CHECKS
from pipeline_doctor.cli import diagnose_cmd
from pipeline_doctor.diagnosis import DIAGNOSIS_SCHEMA_VERSION, Diagnosis


def _app() -> typer.Typer:
    app = typer.Typer()
    diagnose_cmd.register(app)

    @app.command()
    def noop() -> None:  # a second command keeps `diagnose` a subcommand
        """Nothing."""

    return app


def test_text_output_has_headline_findings_reps_and_what_was_checked(small_db: Path) -> None:
    result = CliRunner().invoke(_app(), ["diagnose", "--db", str(small_db)])
    assert result.exit_code == 0, result.output
    assert "Diagnosis" in result.output
    assert "Findings, by money at stake" in result.output
    assert "Reps, those with a finding" in result.output
    assert "What was checked" in result.output
    # every link of the process has a check now; the small org has no email bodies, agendas or
    # transcripts, and the checks that need them say so
    assert "not checked yet" not in result.output
    assert "meeting agenda" in " ".join(result.output.split())


def test_json_output_with_settings_and_config(small_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "checks.toml"
    config.write_text("[stalled_deals]\nfactor = 1000.0\n")
    args = ["diagnose", "--db", str(small_db), "--format", "json", "--config", str(config)]
    result = CliRunner().invoke(_app(), [*args, "--check", "stalled_deals", "--check", "icp_fit"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == DIAGNOSIS_SCHEMA_VERSION
    Diagnosis.model_validate(data)
    assert [c["check"] for c in data["checks"]] == ["icp_fit", "stalled_deals"]
    assert not [f for f in data["findings"] if f["check"] == "stalled_deals"]
    stalled = next(c for c in data["checks"] if c["check"] == "stalled_deals")
    assert stalled["status"] == "healthy"
    assert stalled["deal_list"] == "qualify_out"
    assert any("1000×" in text for text in stalled["judged"])
    loose = CliRunner().invoke(
        _app(), [*args[:5], "--check", "stalled_deals", "--set", "stalled_deals.factor=2"]
    )
    (found,) = [f for f in json.loads(loose.output)["findings"] if f["check"] == "stalled_deals"]
    assert found["deal_list"] == "qualify_out"
    assert len(found["deals"]) == found["evidence"]["affected"] > 0


def test_json_output_of_the_whole_catalogue(small_db: Path) -> None:
    result = CliRunner().invoke(_app(), ["diagnose", "--db", str(small_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["check"] for c in data["checks"]] == [c.id for c in BUILTIN_CHECKS]
    assert [c["rank"] for c in data["causes"]] == list(range(1, len(data["causes"]) + 1))
    assert [c["finding"] for c in data["causes"]] == [
        Diagnosis.model_validate(data).findings[i].id for i in range(len(data["causes"]))
    ]
    assert data["ranked_by"] == "money"
    assert data["team"]["label"] == "the team"
    assert all("money" not in r and "deals_flagged" not in r for r in data["reps"])


def test_bad_settings_are_one_clear_sentence(small_db: Path) -> None:
    for bad, message in (
        (["--set", "stalled_deals.factor=lots"], "Bad setting for check stalled_deals"),
        (["--set", "nonsense"], "is not of the form"),
        (["--check", "no_such_check"], "There is no check called"),
        (["--format", "xml"], "--format 'xml' is not known"),
    ):
        result = CliRunner().invoke(_app(), ["diagnose", "--db", str(small_db), *bad])
        assert result.exit_code != 0
        assert message in str(result.exception)
