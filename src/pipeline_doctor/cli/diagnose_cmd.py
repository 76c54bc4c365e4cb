"""`pipeline-doctor diagnose`: run the checks and show why the team isn't closing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import (
    DEFAULT_DB,
    CheckOption,
    ConfigOption,
    DbOption,
    FormatOption,
    RepOption,
    SetOption,
    SinceOption,
    TeamOption,
    check_format,
)
from pipeline_doctor.cli.overrides import parse_overrides

if TYPE_CHECKING:
    from pipeline_doctor.diagnosis import Diagnosis
    from pipeline_doctor.diagnosis.run import Progress


def diagnose(
    db: DbOption = DEFAULT_DB,
    rep: RepOption = None,
    team: TeamOption = None,
    since: SinceOption = None,
    check: CheckOption = None,
    output_format: FormatOption = "text",
    config: ConfigOption = None,
    setting: SetOption = None,
    all_reps: Annotated[
        bool,
        typer.Option(
            "--all-reps",
            help="List every rep, not only those with a finding or a clear weak stage.",
        ),
    ] = False,
) -> None:
    """Find why the team isn't closing: broken links ranked by what they put at stake, what
    separates won from lost deals, and what each check judged or could not judge.

    Example:  pipeline-doctor diagnose --rep "Dana Ruiz" --set stalled_deals.factor=3
    """
    from pipeline_doctor.cli.progress import step_progress
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store import Store
    from pipeline_doctor.untrusted import for_json
    from pipeline_doctor.views.diagnosis_text import render_diagnosis
    from pipeline_doctor.views.terminal import SafeConsole

    check_format(output_format)
    overrides = parse_overrides(config, setting)
    with Store.open(db, create=False) as store:

        def run(progress: Progress | None = None) -> Diagnosis:
            return run_diagnosis(
                store,
                rep=rep,
                team=team,
                since=since,
                checks=check,
                overrides=overrides,
                progress=progress,
                dated=True,
            )

        if output_format == "json":
            typer.echo(for_json(run().to_json()))
            return
        console = SafeConsole()
        with step_progress(console, "Running checks") as progress:
            result = run(progress)
    render_diagnosis(result, console, all_reps=all_reps)


def register(app: typer.Typer) -> None:
    app.command()(diagnose)
