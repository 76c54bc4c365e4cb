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
from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline_doctor.diagnosis import Diagnosis
    from pipeline_doctor.store import Store

DEFAULT_REPORT = Path("report.html")


def write_report(
    store: Store, output: Path, console: Console, pdf: Path | None = None, paper: str = "A4",
    **scope: Any,
) -> Diagnosis:  # fmt: skip
    """Run the diagnosis (`scope`: run_diagnosis's rep, team, since, checks, overrides) with a
    progress bar and write the HTML report to `output` (and printed to `pdf` on `paper`), with
    the qualify-out email of each listed deal and the coaching plan of each rep with a
    finding."""
    from pipeline_doctor.casework.story import qualify_out_emails
    from pipeline_doctor.cli.files import write_bytes_whole, write_text_whole
    from pipeline_doctor.cli.progress import step_progress
    from pipeline_doctor.coaching import team_coaching
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store.overview import overview
    from pipeline_doctor.views.report_html import render_report

    with step_progress(console, "Diagnosing") as progress:
        diagnosis = run_diagnosis(store, progress=progress, dated=True, **scope)
    with console.status("Drafting the qualify-out emails"):
        emails = qualify_out_emails(store, diagnosis)
    with console.status("Writing a coaching plan for each rep with a finding"):
        coaching = team_coaching(diagnosis)
    html = render_report(overview(store), diagnosis, emails=emails, coaching=coaching)
    write_text_whole(output, html, "report")
    console.print(f"Report written to {output.resolve()} — open it in any browser (works offline).")
    if pdf is not None:
        from pipeline_doctor.views.pdf import print_pdf

        with console.status(f"Printing the report to PDF ({paper}) with Chromium"):
            write_bytes_whole(pdf, print_pdf(html, paper), "PDF report")  # type: ignore[arg-type]
        console.print(f"PDF written to {pdf.resolve()}.")
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
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also print the report to this PDF file (needs Chromium)."),
    ] = None,
    paper: Annotated[
        str, typer.Option("--paper", help="The PDF's page size: A4 or Letter.")
    ] = "A4",
) -> None:
    """Diagnose the store and write a self-contained HTML report (the same scope and check
    settings as `diagnose`); with --pdf, also a PDF printed by Chromium.

    Example:  pipeline-doctor report -o report.html --pdf report.pdf --paper Letter
    """
    from pipeline_doctor.cli.files import check_output_file
    from pipeline_doctor.store import Store
    from pipeline_doctor.views.terminal import SafeConsole

    overrides = parse_overrides(config, setting)
    if paper not in ("A4", "Letter"):
        raise PipelineDoctorError(f"--paper {paper!r} is not known.", "Use A4 or Letter.")
    check_output_file(output, "report")  # before the checks run, not after
    if pdf is not None:
        from pipeline_doctor.views.pdf import chromium

        check_output_file(pdf, "PDF report")
        chromium()  # no browser: say so before the checks run
    console = SafeConsole()
    with Store.open(db, create=False) as store:
        diagnosis = write_report(
            store, output, console, pdf, paper, rep=rep, team=team, since=since, checks=check,
            overrides=overrides,
        )  # fmt: skip
    console.print(diagnosis.headline, style="bold")


def register(app: typer.Typer) -> None:
    app.command()(report)
