"""`pipeline-doctor report`: diagnose the store and write one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipeline_doctor.cli.options import (
    DEFAULT_DB,
    CheckOption,
    ConfigOption,
    DbOption,
    RepOption,
    SetOption,
    SinceOption,
    TeamOption,
)
from pipeline_doctor.cli.overrides import parse_overrides

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline_doctor.diagnosis import Diagnosis
    from pipeline_doctor.store import Store

DEFAULT_REPORT = Path("report.html")


def write_report(store: Store, output: Path, console: Console, **scope: Any) -> Diagnosis:
    """Run the diagnosis (`scope`: run_diagnosis's rep, team, since, checks, overrides) with a
    progress bar and write the HTML report to `output`."""
    from pipeline_doctor.cli.files import write_text_whole
    from pipeline_doctor.cli.progress import deal_progress
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store.overview import overview
    from pipeline_doctor.views.report_html import render_report

    with deal_progress(console, "Running the checks") as progress:
        diagnosis = run_diagnosis(store, progress=progress, **scope)
    write_text_whole(output, render_report(overview(store), diagnosis), "report")
    console.print(f"Report written to {output.resolve()} — open it in any browser (works offline).")
    return diagnosis


def report(
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the HTML report.")
    ] = DEFAULT_REPORT,
    rep: RepOption = None,
    team: TeamOption = None,
    since: SinceOption = None,
    check: CheckOption = None,
    config: ConfigOption = None,
    setting: SetOption = None,
) -> None:
    """Diagnose the store and write a self-contained HTML report (the same scope and check
    settings as `diagnose`).

    Example:  pipeline-doctor report -o report.html --team East
    """
    from pipeline_doctor.cli.files import check_output_file
    from pipeline_doctor.store import Store
    from pipeline_doctor.views.terminal import SafeConsole

    overrides = parse_overrides(config, setting)
    check_output_file(output, "report")  # before the checks run, not after
    console = SafeConsole()
    with Store.open(db, create=False) as store:
        diagnosis = write_report(
            store, output, console, rep=rep, team=team, since=since, checks=check,
            overrides=overrides,
        )  # fmt: skip
    console.print(diagnosis.headline, style="bold")


def register(app: typer.Typer) -> None:
    app.command()(report)
