"""`pipeline-doctor diagnose`: run the checks and show why the team isn't closing."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption
from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    pass


def parse_overrides(config: Path | None, settings: list[str] | None) -> dict[str, dict[str, Any]]:
    """Check parameters from a TOML file ([check_id] tables, or [checks.check_id]) and from
    `--set check_id.param=value` (value read as JSON when it parses, else as text)."""
    overrides: dict[str, dict[str, Any]] = {}
    if config is not None:
        try:
            data = tomllib.loads(config.read_text())
        except FileNotFoundError:
            raise PipelineDoctorError(f"The config file {config} does not exist.") from None
        except tomllib.TOMLDecodeError as exc:
            raise PipelineDoctorError(
                f"The config file {config} is not valid TOML: {exc}."
            ) from None
        tables = data.get("checks", data)
        for check_id, params in tables.items():
            if not isinstance(params, dict):
                raise PipelineDoctorError(
                    f"In {config}, {check_id} should be a table such as [{check_id}]."
                )
            overrides.setdefault(check_id, {}).update(params)
    for item in settings or []:
        key, sep, raw = item.partition("=")
        check_id, dot, param = key.strip().partition(".")
        if not sep or not dot or not check_id or not param:
            raise PipelineDoctorError(
                f"--set {item!r} is not of the form check_id.parameter=value.",
                "Example: --set stalled_deals.factor=3",
            )
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        overrides.setdefault(check_id, {})[param] = value
    return overrides


def diagnose(
    db: DbOption = DEFAULT_DB,
    rep: Annotated[str | None, typer.Option(help="Only this rep (id or name).")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team's reps and deals.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only deals created on or after this date (2025-01-31).")
    ] = None,
    check: Annotated[
        list[str] | None, typer.Option("--check", help="Run only this check (repeatable).")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text (default) or json.")
    ] = "text",
    config: Annotated[
        Path | None, typer.Option(help="A TOML file of check parameters ([check_id] tables).")
    ] = None,
    setting: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override one check parameter: check_id.param=value."),
    ] = None,
) -> None:
    """Find why the team isn't closing: broken links ranked by money at stake.

    Example:  pipeline-doctor diagnose --rep "Dana Ruiz" --set stalled_deals.factor=3
    """
    from rich.console import Console

    from pipeline_doctor.cli.progress import deal_progress
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store import Store
    from pipeline_doctor.views.diagnosis_text import render_diagnosis

    if output_format not in ("text", "json"):
        raise PipelineDoctorError(f"--format {output_format!r} is not known.", "Use text or json.")
    overrides = parse_overrides(config, setting)
    with Store.open(db, create=False) as store:
        if output_format == "json":
            result = run_diagnosis(
                store, rep=rep, team=team, since=since, checks=check, overrides=overrides
            )
            typer.echo(result.to_json())
            return
        console = Console()
        with deal_progress(console, "Running checks") as progress:
            result = run_diagnosis(
                store,
                rep=rep,
                team=team,
                since=since,
                checks=check,
                overrides=overrides,
                progress=progress,
            )
    render_diagnosis(result, console)


def register(app: typer.Typer) -> None:
    app.command()(diagnose)
