"""Generate docs/model.md from the canonical model, so the documentation cannot drift."""

from __future__ import annotations

from pipeline_doctor.model.schema import SCHEMA_VERSION, TABLES, Column


def constraint(col: Column, refers: str = "references") -> str:
    """What a column's values must be, in words ("one of `won`, `lost`"; ">= 0")."""
    parts = []
    if col.allowed:
        parts.append("one of " + ", ".join(f"`{v}`" for v in col.allowed))
    if col.minimum is not None:
        parts.append(f">= {col.minimum:g}")
    if col.references:
        parts.append(f"{refers} `{col.references}`")
    return "; ".join(parts)


def render_model_markdown() -> str:
    """The canonical model as Markdown: one section per table."""
    lines = [
        "# The canonical model",
        "",
        "Generated from `src/pipeline_doctor/model/schema.py` by `make docs`; a test fails when",
        f"this file drifts. Schema version **{SCHEMA_VERSION}**. Timestamps are UTC.",
        "",
        "Real exports lack fields, so few columns are required. A column no import provided is",
        "*absent* (see `provided_columns`); an empty cell in a provided column is *not recorded*",
        "(null); a value such as budget `unknown` is data; a constant set by a mapping carries no",
        "information. Time-order rules apply only where both times are recorded.",
        "",
    ]
    for table in TABLES:
        lines += [f"## `{table.name}`", "", table.doc, "", f"Key: `{', '.join(table.key)}`.", ""]
        lines += [
            "| column | type | required | allowed values / rules | notes |",
            "|---|---|---|---|---|",
        ]
        for col in table.columns:
            required = "" if col.nullable else "yes"
            lines.append(
                f"| `{col.name}` | {col.type} | {required} | {constraint(col)} | {col.doc} |"
            )
        if table.orderings:
            lines.append("")
            for rule in table.orderings:
                through = f" (through `{rule.via}`)" if rule.via else ""
                lines.append(
                    f"- `{rule.later}` is not before `{rule.earlier}`{through}: {rule.why}."
                )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_model_markdown(), end="")
