"""Write a commented starting mapping for CSV files (`import csv --suggest-mapping`)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline_doctor.importers.core.csvparse import parse_csv
from pipeline_doctor.importers.core.textio import read_text
from pipeline_doctor.importers.generic.detect import guess_table
from pipeline_doctor.model.schema import Table


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _distinct(raw_values: list[str | None], limit: int = 8) -> list[str]:
    return list(dict.fromkeys(v for v in raw_values if v is not None))[:limit]


def _table_section(
    file: str,
    table: Table,
    found: dict[str, str],
    samples: dict[str, list[str]],
    headers: list[str],
) -> list[str]:
    lines = [
        f"# {file}: looks like `{table.name}` ({table.doc})",
        f"# its columns: {', '.join(headers)}",
        "[[table]]",
        f"name = {_toml(table.name)}",
        f"file = {_toml(file)}",
        "[table.columns]",
    ]
    for col in table.columns:
        header = found.get(col.name)
        need = "required" if not col.nullable else "optional"
        kind = col.type + (f", one of {', '.join(col.allowed)}" if col.allowed else "")
        if header is None:
            lines.append(f'# {col.name} = "..."   # {need}; {kind}')
            continue
        if col.allowed:
            seen = samples.get(header, [])
            pairs = ", ".join(f"{_toml(v)} = {_toml(v if v in col.allowed else '?')}" for v in seen)
            lines.append(
                f"{col.name} = {{ column = {_toml(header)}, values = {{ {pairs} }} }}"
                f'   # {need}; {kind}; replace each ? ("" means empty)'
            )
        else:
            lines.append(f"{col.name} = {_toml(header)}   # {need}; {kind}")
    return [*lines, ""]


def _owner_reps(file: str, header: str) -> list[str]:
    """Deals need their reps: without a reps file, each owner named in the deals is one."""
    return [
        f"# {file}: each owner in {header!r} as a rep (delete if you import a reps file)",
        "[[table]]",
        'name = "reps"',
        f"file = {_toml(file)}",
        "derived = true",
        "[table.columns]",
        f"id = {_toml(header)}",
        f"name = {_toml(header)}",
        "",
    ]


def suggest_mapping(files: list[Path]) -> str:
    """A TOML mapping guessed from each file's header and values, with comments to edit."""
    out = [
        "# Pipeline Doctor mapping: how your CSV files become canonical tables.",
        "# Check every line, fill in the commented ones you can, then run",
        "#   pipeline-doctor import csv FILE... --mapping THIS_FILE",
        'source = "csv"',
        "",
        "[options]",
        'timezone = "UTC"          # zone of times written without one',
        '# date_format = "%d/%m/%Y"   # needed when dates could be day/month or month/day',
        '# decimal = ","              # decimal commas (default when the file uses ";")',
        "",
    ]
    for path in files:
        raw = parse_csv(read_text(path).text, path.name)
        table, found = guess_table(raw.columns)
        samples = {h: _distinct(raw.table.column(h).to_pylist()) for h in found.values()}
        if table.name == "deals" and "rep" in found:
            out += _owner_reps(path.name, found["rep"])
        out += _table_section(path.name, table, found, samples, raw.columns)
    return "\n".join(out)
