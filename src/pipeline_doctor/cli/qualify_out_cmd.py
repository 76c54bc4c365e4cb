"""`pipeline-doctor qualify-out`: the honest email for one deal, or for every deal on the
qualify-out list, printed or written into a folder (one text file per deal) or a CSV file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption, FormatOption, check_format
from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    from pipeline_doctor.casework.models import QualifyOutEmail

CSV_COLUMNS = (
    "deal", "deal_name", "account_name", "to", "subject", "body", "words", "days_open", "touches",
    "unanswered", "since_last_answer", "last_answer", "missed_next_step", "why_listed",
)  # fmt: skip


def qualify_out(
    deal_id: Annotated[
        str | None, typer.Argument(metavar="[DEAL]", help="One deal's id or whole name.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every deal on the qualify-out list.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the emails here: a folder (one DEAL.txt each) or a file ending in .csv.",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = "text",
) -> None:
    """Draft the short, honest email that asks a quiet buyer whether the deal is still alive:
    how long it has been open, how many touches went unanswered, the buyer's last answer and
    the next step that never happened, then one yes/no question. Edit it and send it yourself.

    Examples:  pipeline-doctor qualify-out D0000042
               pipeline-doctor qualify-out --all --out emails.csv
    """
    from pipeline_doctor.casework.lookup import resolve_deal
    from pipeline_doctor.casework.story import empty_list_text, qualify_out_emails
    from pipeline_doctor.checks.registry import uncapped
    from pipeline_doctor.cli.files import check_output_file, check_output_folder
    from pipeline_doctor.cli.progress import step_progress
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.store import Store
    from pipeline_doctor.untrusted import for_json
    from pipeline_doctor.views.deal_text import render_email
    from pipeline_doctor.views.terminal import SafeConsole
    from pipeline_doctor.wording import plural

    check_format(output_format)
    if (deal_id is None) == (not every):
        raise PipelineDoctorError(
            "Name one deal or give --all.", "e.g. pipeline-doctor qualify-out --all --out emails"
        )
    if out is not None:
        if out.suffix.lower() == ".csv":
            check_output_file(out, "emails")
        else:
            check_output_folder(out, "emails")
    console = SafeConsole(stderr=output_format == "json")
    with Store.open(db, create=False) as store:
        wanted = resolve_deal(store.table("deals"), deal_id) if deal_id else None
        with step_progress(console, "Finding the deals to qualify out") as progress:
            # every listed deal, not only the worst the report shows
            diagnosis = run_diagnosis(store, progress=progress, overrides=uncapped("qualify_out"))
        emails = qualify_out_emails(store, diagnosis)
    if wanted is not None:
        emails = [e for e in emails if e.deal == wanted]
        if not emails:
            raise PipelineDoctorError(
                f"{wanted} is not on the qualify-out list (no zombie or stalled finding lists it).",
                f"`pipeline-doctor deal {wanted}` shows its story.",
            )
    if not emails and output_format == "text":
        console.print(empty_list_text(diagnosis))
    if out is not None:
        _write(emails, out)
        console.print(f"Wrote {plural(len(emails), 'email')} to {out}.")
    elif output_format == "json":
        typer.echo(for_json("[" + ",".join(e.model_dump_json() for e in emails) + "]"))
    else:
        for e in emails:
            render_email(e, console)


def _write(emails: list[QualifyOutEmail], out: Path) -> None:
    from pipeline_doctor.cli.files import write_text_whole
    from pipeline_doctor.untrusted import for_spreadsheet

    if out.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for e in emails:
            row = e.model_dump()
            writer.writerow(
                [for_spreadsheet(v) if isinstance(v, str) else v for v in map(row.get, CSV_COLUMNS)]
            )
        write_text_whole(out, buffer.getvalue(), "emails")
        return
    for e in emails:
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", e.deal) or "deal"
        text = f"To: {e.to or ''}\nSubject: {e.subject}\n\n{e.body}\n"
        write_text_whole(out / f"{name}.txt", text, "email")


def register(app: typer.Typer) -> None:
    app.command("qualify-out")(qualify_out)
