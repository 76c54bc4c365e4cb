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
    deal_cmd,
    demo_cmd,
    diagnose_cmd,
    export_cmd,
    import_cmd,
    info_cmd,
    qualify_out_cmd,
    rejects_cmd,
    report_cmd,
    review_cmd,
)
from pipeline_doctor.errors import PipelineDoctorError

COMMAND_MODULES = (
    demo_cmd,
    import_cmd,
    diagnose_cmd,
    deal_cmd,
    qualify_out_cmd,
    review_cmd,
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
"""What Ctrl-C is reported as unless the command was writing a store: then the writer says
what became of it (`pipeline_doctor.store.swap.Interrupted`: unchanged, no store created, or
saved when Ctrl-C came after the commit point), found by `_interruption`."""


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
    from pipeline_doctor.untrusted import for_terminal

    typer.echo(for_terminal(message), err=True)  # errors quote file names, headers, values
    sys.exit(code)


def _interruption(exc: BaseException) -> str:
    """The line that reports Ctrl-C: the `outcome` a store writer gave its interruption,
    however the frameworks wrapped it on the way (Typer makes it an exit, DuckDB an error),
    else INTERRUPTED. Read by attribute: the store's modules are too heavy to import here."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        outcome = getattr(found, "outcome", None)
        if isinstance(outcome, str):
            return outcome
        seen.add(id(found))
        found = found.__cause__ or found.__context__
    return INTERRUPTED


def main() -> None:
    """Entry point: run the app, turning user errors into one clear sentence and exit 1, and
    Ctrl-C into one line saying what became of the store and exit 130 (unless the command
    finished anyway: an import already saved prints its summary and exits 0)."""
    interrupted = _watch_interrupts()
    try:
        app()
    except PipelineDoctorError as exc:
        _stop(f"Error: {exc}", 1)
    except KeyboardInterrupt as exc:
        _stop(_interruption(exc), 130)
    except SystemExit as exc:
        if interrupted and exc.code not in (0, None):  # 0: the command saw it and finished
            _stop(_interruption(exc), 130)
        raise
    except Exception as exc:
        if interrupted:
            _stop(_interruption(exc), 130)
        if os.environ.get("PIPELINE_DOCTOR_DEBUG"):
            raise
        if isinstance(exc, OSError) and exc.filename and exc.errno is not None:
            from pipeline_doctor.store.location import os_error_reason

            _stop(f"Error: {exc.filename}: {os_error_reason(exc)}.", 1)
        first = (str(exc).strip().splitlines() or [""])[0]  # not a C++ stack trace after it
        _stop(
            f"Error: unexpected failure ({type(exc).__name__}: {first}). "
            "Run again with PIPELINE_DOCTOR_DEBUG=1 for details and report it.",
            2,
        )


if __name__ == "__main__":
    main()
