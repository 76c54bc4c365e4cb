"""The `pipeline-doctor` command. Commands live in one small module each and are registered
here explicitly; heavy libraries are imported inside commands so `--help` stays fast."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import NoReturn

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


INTERRUPTED = "Interrupted; the store is unchanged."
"""True by construction: commands that write a store build its next version aside and swap it
in as their last step (`pipeline_doctor.store.new_version`)."""


def _watch_interrupts() -> list[int]:
    """Record Ctrl-C before Python raises KeyboardInterrupt: Typer turns it into exit code
    130 without a word, and DuckDB into its own error ("Query interrupted")."""
    seen: list[int] = []
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return seen  # ignored (a background job) or handled by whoever embeds us

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, on_interrupt)
    return seen


def _stop(message: str, code: int) -> NoReturn:
    typer.echo(message, err=True)
    sys.exit(code)


def main() -> None:
    """Entry point: run the app, turning user errors into one clear sentence and exit 1, and
    Ctrl-C into one line and exit 130."""
    interrupted = _watch_interrupts()
    try:
        app()
    except PipelineDoctorError as exc:
        _stop(f"Error: {exc}", 1)
    except KeyboardInterrupt:
        _stop(INTERRUPTED, 130)
    except SystemExit:
        if interrupted:
            _stop(INTERRUPTED, 130)
        raise
    except Exception as exc:
        if interrupted:
            _stop(INTERRUPTED, 130)
        if os.environ.get("PIPELINE_DOCTOR_DEBUG"):
            raise
        if isinstance(exc, OSError) and exc.filename and exc.errno is not None:
            from pipeline_doctor.store.location import os_error_reason

            _stop(f"Error: {exc.filename}: {os_error_reason(exc)}.", 1)
        _stop(
            f"Error: unexpected failure ({type(exc).__name__}: {exc}). "
            "Run again with PIPELINE_DOCTOR_DEBUG=1 for details and report it.",
            2,
        )


if __name__ == "__main__":
    main()
