"""`pipeline-doctor review REP`: one rep's review with a coaching plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    FormatOption,
    SetOption,
    SinceOption,
    check_format,
)
from pipeline_doctor.cli.overrides import parse_overrides

if TYPE_CHECKING:
    from pipeline_doctor.coaching import Review
    from pipeline_doctor.diagnosis.run import Progress


def review(
    rep: Annotated[str, typer.Argument(metavar="REP", help="The rep's id or full name.")],
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = "text",
    since: SinceOption = None,
    config: ConfigOption = None,
    setting: SetOption = None,
) -> None:
    """Review one rep against the rest of the team: results against quota and the team, the
    funnel stage by stage, activity against pipeline, the rep's findings ranked, and a
    coaching plan naming the skills to develop with the evidence and moments to discuss. A rep
    with too little data gets "too little data", not a verdict.

    Example:  pipeline-doctor review "Dana Ruiz" --since 2025-01-01
    """
    from pipeline_doctor.cli.progress import step_progress
    from pipeline_doctor.coaching import build_review
    from pipeline_doctor.coaching.review import find_rep
    from pipeline_doctor.store import Store
    from pipeline_doctor.untrusted import for_json
    from pipeline_doctor.views.review_text import render_review
    from pipeline_doctor.views.terminal import SafeConsole

    check_format(output_format)
    overrides = parse_overrides(config, setting)
    with Store.open(db, create=False) as store:
        rep_id = find_rep(store, rep)  # before the checks run

        def run(progress: Progress | None = None) -> Review:
            return build_review(store, rep_id, since=since, overrides=overrides, progress=progress)

        if output_format == "json":
            typer.echo(for_json(run().to_json()))
            return
        console = SafeConsole()
        with step_progress(console, "Reviewing") as progress:
            result = run(progress)
    render_review(result, console)


def register(app: typer.Typer) -> None:
    app.command()(review)
