"""`pipeline-doctor diagnose` through Typer's runner: text, JSON, settings, errors."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import diagnose_cmd


def _app() -> typer.Typer:
    app = typer.Typer()
    diagnose_cmd.register(app)

    @app.command()
    def noop() -> None:  # a second command keeps `diagnose` a subcommand
        """Nothing."""

    return app


def test_text_output_has_headline_causes_and_reps(small_db: Path) -> None:
    result = CliRunner().invoke(_app(), ["diagnose", "--db", str(small_db)])
    assert result.exit_code == 0, result.output
    assert "Diagnosis" in result.output
    assert "Broken links, by money at stake" in result.output
    assert "Reps: weakest link" in result.output


def test_json_output_with_settings_and_config(small_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "checks.toml"
    config.write_text("[stalled_deals]\nfactor = 1000.0\n")
    args = ["diagnose", "--db", str(small_db), "--format", "json", "--config", str(config)]
    result = CliRunner().invoke(_app(), [*args, "--check", "stalled_deals", "--check", "icp_fit"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["check"] for c in data["checks"]] == ["icp_fit", "stalled_deals"]
    assert not [f for f in data["findings"] if f["check"] == "stalled_deals"]
    loose = CliRunner().invoke(
        _app(), [*args[:5], "--check", "stalled_deals", "--set", "stalled_deals.factor=2"]
    )
    assert [f for f in json.loads(loose.output)["findings"] if f["check"] == "stalled_deals"]


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
