"""Terminal rendering of a store overview (Rich). Takes data, never loads it; CRM text goes
in as `Text`, so markup in it is never parsed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline_doctor.store.overview import Overview, PipelineSlice
from pipeline_doctor.wording import money, pct


def _slice_table(title: str, label: str, slices: Sequence[PipelineSlice]) -> Table:
    out = Table(title=title, title_justify="left")
    out.add_column(label)
    for name in ("open deals", "open amount", "won", "lost", "win rate"):
        out.add_column(name, justify="right")
    for s in slices:
        out.add_row(
            Text(s.label),
            f"{s.open_deals:,}",
            money(s.open_amount),
            f"{s.won:,}",
            f"{s.lost:,}",
            pct(s.win_rate),
        )
    return out


def render_overview(ov: Overview, console: Console) -> None:
    """Print rows per table, win rate and pipeline by source and stage."""
    console.print(
        Text.assemble(("Store", "bold"), f" {ov.url}  (schema version {ov.schema_version})")
    )
    if ov.first_activity:
        console.print(f"Activity from {ov.first_activity} to {ov.last_activity}")
    rows = Table(title="Rows per table", title_justify="left")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for name, count in ov.rows.items():
        rows.add_row(name, f"{count:,}")  # table names are the model's
    console.print(rows)
    console.print(
        f"Deals: {ov.open_deals:,} open, {ov.won:,} won, {ov.lost:,} lost — "
        f"win rate {pct(ov.win_rate)} of closed deals"
    )
    if ov.estimated_open:
        console.print(
            f"Open amounts are estimated for {ov.estimated_open:,} of the {ov.open_deals:,} "
            "open deals (the export gives no amount; the import used the product's list price)."
        )
    if ov.by_source:
        console.print(_slice_table("Pipeline by source", "source", ov.by_source))
    if ov.by_stage:
        console.print(_slice_table("Pipeline by stage", "stage", ov.by_stage))
