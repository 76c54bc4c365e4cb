"""Options shared by several commands, so each is spelled and documented the same way."""

from __future__ import annotations

from typing import Annotated

import typer

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="The store: a DuckDB file path, or an Ibis URL such as postgres://user@host/db.",
        envvar="PIPELINE_DOCTOR_DB",
    ),
]
DEFAULT_DB = "pipeline.duckdb"
