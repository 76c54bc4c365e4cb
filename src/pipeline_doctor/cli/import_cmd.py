"""`pipeline-doctor import`: load a CRM export into the store (maven, csv, salesforce, ...),
or `import DIR` to detect the source. Prints the row accounting; loaders never print.
Every source takes --rates (convert deal amounts) and --timezone (zone of naive times)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pipeline_doctor.cli.options import (
    DEFAULT_DB,
    BaseCurrencyOption,
    DbOption,
    RatesOption,
    TimezoneOption,
)
from pipeline_doctor.cli.transcripts_cmd import transcripts
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.registry import IMPORTERS, detect_source

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from pipeline_doctor.importers.core.run import ImportResult, Progress
    from pipeline_doctor.importers.source import Importer


class _DetectingGroup(TyperGroup):
    """`import DIR` (no source named) runs the hidden `detect` command."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, DETECT)
        return super().resolve_command(ctx, args)


import_app = typer.Typer(
    cls=_DetectingGroup,
    help="Load CRM data into the store: pipeline-doctor import DIR detects the source.",
    no_args_is_help=True,
)

FolderArg = Annotated[Path, typer.Argument(help="The export folder.")]


def render_result(result: ImportResult, console: Console, timezone: str | None = None) -> None:
    """The import summary: read = loaded + rejected, rejects by reason, rows per table, and
    the source time zone when known."""
    from rich.table import Table
    from rich.text import Text

    rate = result.rows_read / result.seconds if result.seconds else 0.0
    zone = f"; source time zone {timezone}" if timezone else ""
    console.print(
        Text.assemble(
            (f"Imported {result.source}", "bold"),
            f" from {result.location} (import {result.import_id}) in {result.seconds:.1f} s, "
            f"{rate:,.0f} rows/s{zone}",
        )
    )
    console.print(
        f"Rows read {result.rows_read:,} = loaded {result.rows_loaded:,} "
        f"+ rejected {result.rows_rejected:,}"
    )
    if result.rejected_by_reason or result.warnings_by_reason:
        table = Table("reason", "rows", "kind")
        for reason, count in result.rejected_by_reason.items():
            table.add_row(reason, f"{count:,}", "rejected")
        for reason, count in result.warnings_by_reason.items():
            table.add_row(reason, f"{count:,}", "loaded with a warning")
        console.print(table)
        console.print("See them with: pipeline-doctor rejects")
    loaded = ", ".join(f"{t} {n:,}" for t, n in result.loaded_by_table.items())
    console.print(f"Written: {loaded}")
    for note in dict.fromkeys(result.notes):  # a file read in parts repeats its notes
        console.print(Text(f"Note: {note}"))


def _given(rates: Path | None, base_currency: str | None, timezone: str | None) -> dict[str, Any]:
    """The mapping options given on the command line, checked before the store is opened."""
    from pipeline_doctor.importers.core.currency import load_rates
    from pipeline_doctor.importers.core.mapping import check_timezone

    if base_currency is not None and rates is None:
        raise PipelineDoctorError("--base-currency needs --rates RATES.csv.")
    return {
        "timezone": None if timezone is None else check_timezone(timezone),
        "rates": None if rates is None else load_rates(rates, base_currency),
    }


def _source_timezone(store: Any, import_id: str) -> str | None:
    imports = store.table("imports")
    zones = imports.filter(imports.id == import_id).source_timezone.to_pyarrow().to_pylist()
    return zones[0] if zones else None


def _run(
    db: str,
    label: str,
    work: Callable[[Any, Progress], ImportResult],
    given: dict[str, Any] | None = None,
) -> None:
    """Import with `work` into the next version of the store `db`, swapped in when complete,
    then print the summary. Ctrl-C before the swap leaves the store as it was (exit 130, said
    by `app.main`). After it the import is saved: the summary is printed whole all the same,
    then one line saying Ctrl-C came too late, and the command ends as if it had not come
    (exit 0), so the exit code always says whether the import is in the store."""
    from rich.text import Text

    from pipeline_doctor.cli.progress import deal_progress, import_progress
    from pipeline_doctor.conversations import refresh_analyses
    from pipeline_doctor.importers.core.mapping import given_options
    from pipeline_doctor.store import new_version
    from pipeline_doctor.store.location import space_warning
    from pipeline_doctor.store.swap import Interrupted, interrupts_held
    from pipeline_doctor.views.terminal import SafeConsole

    console = SafeConsole()
    late = False
    try:
        with new_version(db, copy=True, check=_refuse_simulated) as store:
            with given_options(**(given or {})), import_progress(console, label) as progress:
                result = work(store, progress)
            with deal_progress(console, "Reading emails and call transcripts") as analysed:
                refresh_analyses(store, analysed)
            timezone = _source_timezone(store, result.import_id)
    except Interrupted as stop:
        if not stop.saved:
            raise
        late = True
    with interrupts_held() as held:  # the import is saved: its report is printed whole
        render_result(result, console, timezone)
        warning = space_warning(db)
        if warning is not None:
            console.print(Text(warning), soft_wrap=True)  # one line, however wide
    if late or held:
        typer.echo(SAVED_BEFORE_INTERRUPT, err=True)
    if result.rows_loaded == 0:
        raise PipelineDoctorError(_nothing_loaded(result, db))


SAVED_BEFORE_INTERRUPT = "Interrupted after the import was saved; the summary above is complete."


def _refuse_simulated(store: Any) -> None:
    """Imported data never joins the sample organisation (`pipeline-doctor demo`)."""
    if "simulator" in store.import_sources():
        raise PipelineDoctorError(
            f"The store {store.label} holds the simulated sample organisation of "
            "`pipeline-doctor demo`, and imported data must not be mixed with it.",
            "Import into a store of its own with --db (such as --db crm.duckdb), "
            f"or delete {store.label} first.",
        )


def _nothing_loaded(result: ImportResult, db: str) -> str:
    """One sentence for an import that loaded no row, with its main reject reasons."""
    from pipeline_doctor.store.location import redact

    if result.rows_read == 0:
        return "Nothing was loaded: the files hold no data rows."
    reasons = sorted(result.rejected_by_reason.items(), key=lambda item: -item[1])[:3]
    named = ", ".join(f"{reason} {count:,}" for reason, count in reasons)
    return (
        f"Nothing was loaded: all {result.rows_read:,} rows read were rejected ({named}); "
        f"see them with `pipeline-doctor rejects --db {redact(db)}`."
    )


@import_app.command("csv")
def csv_files(
    files: Annotated[list[Path], typer.Argument(help="CSV or .xlsx files named in the mapping.")],
    mapping: Annotated[
        Path | None,
        typer.Option(
            help="TOML mapping: which file and column feed what (or a shipped mapping's name, "
            "e.g. bank-marketing)."
        ),
    ] = None,
    suggest_mapping: Annotated[
        Path | None,
        typer.Option(help="Write a commented starting mapping for FILES to this path and stop."),
    ] = None,
    date_format: Annotated[
        str | None, typer.Option(help='Date format when day/month is ambiguous: "%d/%m/%Y".')
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The sheet read from .xlsx files (default: the first).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    rates: RatesOption = None,
    base_currency: BaseCurrencyOption = None,
    timezone: TimezoneOption = None,
) -> None:
    """Import any CSV or .xlsx files with a mapping; --suggest-mapping writes one to start from.

    The mapping keys, the canonical columns and what each value means: docs/mapping.md."""
    from pipeline_doctor.importers.generic.mapping import suggest_mapping as suggest

    if suggest_mapping is not None:
        suggest_mapping.write_text(suggest(files), encoding="utf-8")
        typer.echo(
            f"Wrote a starting mapping to {suggest_mapping}; check it, then run "
            f"pipeline-doctor import csv ... --mapping {suggest_mapping}"
        )
        return
    if mapping is None:
        raise PipelineDoctorError(
            "import csv needs --mapping FILE.toml.",
            "Write a first one with --suggest-mapping mapping.toml.",
        )
    from pipeline_doctor.importers.core.mapping import load_mapping, with_options
    from pipeline_doctor.importers.generic.read import import_csv
    from pipeline_doctor.importers.mappings import mapping_path

    given = _given(rates, base_currency, timezone)
    rules = with_options(load_mapping(mapping_path(mapping)), **given)
    _run(
        db,
        "Importing CSV",
        lambda store, p: import_csv(
            store, files, rules, date_format=date_format, progress=p, sheet=sheet
        ),
        given,
    )


def _source_command(name: str, summary: str, pick: Callable[[Path], Importer]) -> None:
    """Add the sub-command `import NAME`, which imports FOLDER with the importer `pick`
    chooses for it; every source takes the same options."""

    def command(
        folder: FolderArg,
        db: DbOption = DEFAULT_DB,
        rates: RatesOption = None,
        base_currency: BaseCurrencyOption = None,
        timezone: TimezoneOption = None,
    ) -> None:
        importer = pick(folder)
        given = _given(rates, base_currency, timezone)
        label = f"Importing {importer.title}"
        _run(db, label, lambda store, p: importer.load(store, folder, p), given)

    command.__doc__ = summary
    import_app.command(name, hidden=name == DETECT)(command)


def _chosen(importer: Importer) -> Callable[[Path], Importer]:
    return lambda _folder: importer


DETECT = "detect"
"""The hidden sub-command `import DIR` runs: the importer is the registry's detection's."""
for _importer in IMPORTERS:
    _source_command(_importer.name, _importer.summary, _chosen(_importer))
_source_command(DETECT, "Detect the source of FOLDER and import it.", detect_source)
import_app.command("transcripts")(transcripts)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
