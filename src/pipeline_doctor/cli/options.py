"""Options shared by several commands, so each is spelled and documented the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="The store: a DuckDB file (a new one's name ends in .duckdb), or an Ibis URL "
        "such as postgres://user@host/db.",
        envvar="PIPELINE_DOCTOR_DB",
    ),
]
DEFAULT_DB = "pipeline.duckdb"
DemoDbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="Where the sample organisation goes: a DuckDB file of its own, never the store "
        "your imports go into (PIPELINE_DOCTOR_DB does not apply).",
    ),
]
DEMO_DB = "demo.duckdb"
"""The demo's own store: simulated and imported data never share one."""

RatesOption = Annotated[
    Path | None,
    typer.Option(
        "--rates",
        help="A rate table CSV (currency,rate and optionally date): deal amounts are "
        "converted to its base currency, the original amount and currency kept.",
    ),
]
BaseCurrencyOption = Annotated[
    str | None,
    typer.Option(
        "--base-currency",
        help="The currency the --rates convert to (default: the one whose rate is 1).",
    ),
]
TimezoneOption = Annotated[
    str | None,
    typer.Option(
        "--timezone",
        help="The zone of times written without one, as an IANA name such as "
        "America/New_York (default: the mapping's, else UTC); all are stored as UTC.",
    ),
]

RepOption = Annotated[
    str | None,
    typer.Option(help="Diagnose one rep (id or name), compared with the rest of the team."),
]
TeamOption = Annotated[str | None, typer.Option(help="Only this team's reps and deals.")]
SinceOption = Annotated[
    str | None, typer.Option(help="Only deals created on or after this date (2025-01-31).")
]
CheckOption = Annotated[
    list[str] | None, typer.Option("--check", help="Run only this check (repeatable).")
]
ConfigOption = Annotated[
    Path | None, typer.Option(help="A TOML file of check parameters ([check_id] tables).")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override one check parameter: check_id.param=value."),
]
FormatOption = Annotated[str, typer.Option("--format", help="text (default) or json.")]


def check_format(value: str) -> None:
    """A clear error for an output format other than text or json."""
    from pipeline_doctor.errors import PipelineDoctorError

    if value not in ("text", "json"):
        raise PipelineDoctorError(f"--format {value!r} is not known.", "Use text or json.")
