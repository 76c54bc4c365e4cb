"""`pipeline-doctor rejects`: the input rows imports could not load, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline_doctor.cli.options import DEFAULT_DB, DbOption


def rejects(
    db: DbOption = DEFAULT_DB,
    import_id: Annotated[str | None, typer.Option("--import", help="Only this import.")] = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason code.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many rows.", min=1)] = 50,
) -> None:
    """List rejected rows: file, line, column, raw value, reason and message.

    Example:  pipeline-doctor rejects --reason bad_date
    """
    from rich.table import Table

    from pipeline_doctor.store import Store
    from pipeline_doctor.views.terminal import SafeConsole

    with Store.open(db, create=False) as store:
        table = store.table("rejects")
        if import_id is not None:
            table = table.filter(table.import_id == import_id)
        if reason is not None:
            table = table.filter(table.reason == reason)
        counts = table.group_by("reason").aggregate(n=table.count()).to_pyarrow().to_pylist()
        rows = table.order_by(["file", "line"]).limit(limit).to_pyarrow().to_pylist()
    console = SafeConsole()
    if not rows:
        console.print("No rejects: every row read was loaded.")
        return
    total = sum(int(c["n"]) for c in counts)
    console.print("By reason: " + ", ".join(f"{c['reason']} {c['n']:,}" for c in counts))
    out = Table("file", "line", "column", "raw value", "reason", "message")
    for row in rows:
        raw = row["raw_value"]
        shown = "" if raw is None else (raw if len(raw) <= 40 else raw[:37] + "...")
        out.add_row(
            row["file"],
            str(row["line"]),
            row["column"] or "",
            shown,
            row["reason"],
            row["message"] or "",
        )
    console.print(out)
    if total > len(rows):
        console.print(f"Showing {len(rows)} of {total:,}; use --limit or --reason.")


def register(app: typer.Typer) -> None:
    app.command()(rejects)
