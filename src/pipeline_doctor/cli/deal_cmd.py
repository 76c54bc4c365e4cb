"""`pipeline-doctor deal ID`: one deal's story, and for a lost deal why it was lost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption, FormatOption, check_format

if TYPE_CHECKING:
    from pipeline_doctor.casework import DealStory
    from pipeline_doctor.diagnosis.run import Progress


def deal(
    deal_id: Annotated[str, typer.Argument(metavar="DEAL", help="The deal's id or whole name.")],
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = "text",
    full: Annotated[bool, typer.Option("--full", help="Show the whole timeline.")] = False,
    email: Annotated[
        bool,
        typer.Option(
            "--email",
            help="Only the honest qualify-out email (for a deal on the qualify-out list).",
        ),
    ] = False,
) -> None:
    """One deal's story: its timeline (stages, meetings, calls, emails, close-date pushes,
    reopenings), who answered and when, the silences, how it compares with won deals like it,
    and every finding that touches it. For a lost deal: the likely causes with their evidence
    and confidence, next to the reason the rep recorded.

    Example:  pipeline-doctor deal D0000042
    """
    from rich.text import Text

    from pipeline_doctor.casework import build_deal_story
    from pipeline_doctor.casework.lookup import resolve_deal
    from pipeline_doctor.casework.qualify_out import why_no_email
    from pipeline_doctor.checks.registry import uncapped
    from pipeline_doctor.cli.progress import step_progress
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store import Store
    from pipeline_doctor.untrusted import for_json
    from pipeline_doctor.views.deal_text import render_deal, render_email
    from pipeline_doctor.views.terminal import SafeConsole

    check_format(output_format)
    with Store.open(db, create=False) as store:
        found = resolve_deal(store.table("deals"), deal_id)  # before the checks run

        def run(progress: Progress | None = None) -> DealStory:
            # the whole qualify-out list, so a deal beyond the worst listed is still on it
            diagnosis = run_diagnosis(store, progress=progress, overrides=uncapped("qualify_out"))
            return build_deal_story(store, found, diagnosis=diagnosis)

        if output_format == "json":
            story = run()
            chosen = story.qualify_out if email else story
            typer.echo(for_json(chosen.model_dump_json(indent=2) if chosen else "null"))
            if email and story.qualify_out is None:
                raise typer.Exit(1)  # nothing to send: the text form says why
            return
        console = SafeConsole()
        with step_progress(console, "Reading the deal") as progress:
            story = run(progress)
    if not email:
        render_deal(story, console, full_timeline=full)
    elif story.qualify_out is not None:
        render_email(story.qualify_out, console)
    else:
        console.print(Text(why_no_email(story.deal, story.timeline)))
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(deal)
