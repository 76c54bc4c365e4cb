"""`pipeline-doctor info`: describe an existing store."""

from __future__ import annotations

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption


def info(db: DbOption = DEFAULT_DB) -> None:
    """Describe a store: rows per table, win rate, pipeline by source and stage, and the deal
    fields your data does not have.

    Example:  pipeline-doctor info --db pipeline.duckdb
    """
    from rich.console import Console

    from pipeline_doctor.store import Store
    from pipeline_doctor.store.overview import overview
    from pipeline_doctor.views.overview_text import render_overview

    with Store.open(db, create=False) as store:
        summary = overview(store)
    console = Console()
    render_overview(summary, console)
    if summary.absent_deal_fields:
        console.print(
            f"Not in your data: {', '.join(summary.absent_deal_fields)} "
            "(no import provided them; checks that need them are skipped)",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(info)
