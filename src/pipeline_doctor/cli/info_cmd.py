"""`pipeline-doctor info`: describe an existing store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption

if TYPE_CHECKING:
    from pipeline_doctor.store.overview import Origin


def info(db: DbOption = DEFAULT_DB) -> None:
    """Describe a store: what it holds (the simulated sample org or imported data), rows per
    table, win rate, pipeline by source and stage, and the deal fields your data does not have.

    Example:  pipeline-doctor info --db pipeline.duckdb
    """
    from pipeline_doctor.store import Store
    from pipeline_doctor.store.overview import overview
    from pipeline_doctor.views.overview_text import render_overview
    from pipeline_doctor.views.terminal import SafeConsole

    with Store.open(db, create=False) as store:
        summary = overview(store)
    console = SafeConsole()
    render_overview(summary, console)
    holds = what_it_holds(summary.origins)
    if holds:
        console.print(holds, markup=False)
    if summary.absent_deal_fields:
        console.print(
            f"Not in your data: {', '.join(summary.absent_deal_fields)} "
            "(no import provided them; checks that need them are skipped)",
            markup=False,
        )


def what_it_holds(origins: list[Origin], shown: int = 3) -> str | None:
    """One line: a simulated sample organisation, data imported from where, or both."""
    simulated = [o for o in origins if o.simulated]
    imported = [o for o in origins if not o.simulated]
    sample = "a simulated sample organisation (`pipeline-doctor demo`"
    sample += f", {simulated[0].locations[-1]})" if simulated and simulated[0].locations else ")"
    parts = []
    for origin in imported:
        places = origin.locations[:shown]
        more = len(origin.locations) - len(places)
        where = "; ".join(places) + (f" and {more} more" if more > 0 else "")
        parts.append(f"{origin.source} ({where})" if where else origin.source)
    from_ = "data imported from " + ", ".join(parts)
    if simulated and imported:
        return (
            f"Holds: {sample} mixed with {from_}; its figures mix both, so import into a "
            "store of its own (--db crm.duckdb)."
        )
    if simulated:
        return f"Holds: {sample}, not CRM data."
    return f"Holds: {from_}." if imported else None


def register(app: typer.Typer) -> None:
    app.command()(info)
