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
    from rich.console import Console

    from pipeline_doctor.diagnosis import Diagnosis


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


def render_diagnosis(result: Diagnosis, console: Console, *, top: int = 10) -> None:
    """Headline, ranked root causes, per-rep table and skipped checks (no computing here)."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    body = "\n".join(escape(line) for line in result.answer)
    console.print(Panel(f"[bold]{escape(result.headline)}[/bold]\n\n{body}", title="Diagnosis"))
    if result.causes:
        causes = Table(title="Broken links, by money at stake", title_justify="left")
        for col, just in (
            ("#", "right"),
            ("link", "left"),
            ("finding", "left"),
            ("who", "left"),
            ("at stake", "right"),
        ):
            causes.add_column(col, justify=just)  # type: ignore[arg-type]
        for c in result.causes[:top]:
            who = c.scope.label or c.scope.kind
            extra = f" (+{c.deals_flagged} deals)" if c.deals_flagged else ""
            causes.add_row(
                str(c.rank), c.area_name, escape(c.title + extra), escape(who), f"{c.money:,.0f}"
            )
        console.print(causes)
    if result.reps:
        reps = Table(title="Reps: weakest link and what explains it", title_justify="left")
        for col in ("rep", "deals", "win rate", "weakest stage", "vs team", "explained by"):
            reps.add_column(col)
        for r in result.reps:
            link = r.weakest_link
            stage = "-" if link is None else link.stage + ("" if link.clear else " (unclear)")
            versus = "-" if link is None else f"{link.rate:.0%} vs {link.baseline:.0%}"
            explained = ", ".join(i.split(":")[0] for i in r.explained_by) or "-"
            rate = "-" if r.win_rate is None else f"{r.win_rate:.0%}"
            reps.add_row(escape(r.name), f"{r.deals:,}", rate, escape(stage), versus, explained)
        console.print(reps)
    for s in result.checks:
        if s.status in ("skipped", "error"):
            console.print(f"[dim]{s.check}: {s.status} — {escape(s.reason or '')}[/dim]")


def register(app: typer.Typer) -> None:
    app.command()(diagnose)
