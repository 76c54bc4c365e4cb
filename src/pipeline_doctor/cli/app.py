"""The `pipeline-doctor` command. Commands live in one small module each and are registered
here explicitly; heavy libraries are imported inside commands so `--help` stays fast."""

from __future__ import annotations

import os
import sys

import typer

from pipeline_doctor.cli import (
    demo_cmd,
    diagnose_cmd,
    export_cmd,
    import_cmd,
    info_cmd,
    rejects_cmd,
    report_cmd,
)
from pipeline_doctor.errors import PipelineDoctorError

COMMAND_MODULES = (
    demo_cmd,
    import_cmd,
    diagnose_cmd,
    report_cmd,
    info_cmd,
    rejects_cmd,
    export_cmd,
)

app = typer.Typer(
    name="pipeline-doctor",
    help="Find out why your sales team isn't closing: Pipeline Doctor reads your CRM data, "
    "traces the symptom back through the sales process and names each broken link.\n\n"
    "Start with:  pipeline-doctor demo",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
for module in COMMAND_MODULES:
    module.register(app)


def main() -> None:
    """Entry point: run the app, turning user errors into one clear sentence and exit 1."""
    try:
        app()
    except PipelineDoctorError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("PIPELINE_DOCTOR_DEBUG"):
            raise
        typer.echo(
            f"Error: unexpected failure ({type(exc).__name__}: {exc}). "
            "Run again with PIPELINE_DOCTOR_DEBUG=1 for details and report it.",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
