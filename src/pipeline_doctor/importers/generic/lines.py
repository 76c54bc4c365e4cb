"""TOML lines of a suggested mapping: quoting, comments that fit, and a vocabulary column's
value lines (every value seen with its rows, its proposed target and a catch-all)."""

from __future__ import annotations

import json
import textwrap

from pipeline_doctor.importers.generic.profile import LISTED, ColumnProfile, Sample
from pipeline_doctor.importers.generic.recognise import Guess
from pipeline_doctor.importers.generic.vocab import guess_value
from pipeline_doctor.model.labels import field_label, vocabulary_of
from pipeline_doctor.model.schema import Column
from pipeline_doctor.wording import plural

TODO = "?"
"""The target of a value the suggestion cannot tell: the user replaces it."""


def toml(value: str) -> str:
    """`value` as a TOML string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def comment(text: str) -> list[str]:
    """`text` as comment lines of at most 96 characters."""
    return [f"# {line}" for line in textwrap.wrap(text, 94)]


def explained(line: str, why: str) -> list[str]:
    """`line` with its reason: after it when that fits in 96 characters, else above it."""
    if len(line) + len(why) + 5 <= 96:
        return [f"{line}   # {why}"]
    return [*comment(why), line]


def wrap_items(items: list[str], width: int) -> list[str]:
    """Comma-separated `items` in lines of about `width` characters, never splitting one."""
    lines = [""]
    for item in items:
        if lines[-1] and len(lines[-1]) + len(item) + 2 > width:
            lines.append("")
        lines[-1] += f"{item}, "
    return [line.rstrip() for line in lines]


HINTS: dict[str, str] = {
    "knowledge": 'known: the rep found it out; unknown: not found out (what a "No" here means).',
    "outcome": "won: the customer signed; lost: closed without a sale; open: still worked on.",
}
"""A line of meaning above a vocabulary's values, where the labels are easily misread."""


def _catch_all(col: Column, guess: Guess) -> str | None:
    """The target for values not listed: what the guess says the column's other values mean
    (open, for an outcome column of stages), else the vocabulary's own "other" or "unknown";
    None when no value is a safe guess (won or lost)."""
    assert col.allowed is not None
    return guess.others or next((v for v in ("other", "unknown") if v in col.allowed), None)


def value_lines(table: str, col: Column, p: ColumnProfile, guess: Guess) -> list[str]:
    """A vocabulary column as a sub-table: every value seen, its rows and its target."""
    assert col.allowed is not None
    vocabulary = vocabulary_of(col.allowed)
    need = "required" if not col.nullable else "optional"
    empty = "" if not col.nullable else ', or "" for not recorded'
    lines = [
        f"[table.columns.{col.name}]   # {need}: {field_label(f'{table}.{col.name}')}",
        f"column = {toml(p.name)}",
        *comment(f"why: {guess.why}"),
        f"[table.columns.{col.name}.values]",
        *comment(f"Targets: {', '.join(col.allowed)}{empty}. {HINTS.get(vocabulary, '')}"),
    ]
    for value, count in p.top:
        target = guess_value(vocabulary, value, nullable=col.nullable)
        note = f"{plural(count, 'row')}"
        if target is None and guess.others:
            target, note = guess.others, f"{note}; neither won nor lost, so {guess.others}?"
        lines.append(f"{toml(value)} = {toml(TODO if target is None else target)}   # {note}")
    if p.unlisted:
        lines.append(
            f"# ... and {plural(p.unlisted, 'more value')} on {plural(p.unlisted_rows, 'row')}, "
            f'not listed (only the {LISTED} most frequent are): the "*" line maps them'
        )
    other = _catch_all(col, guess)
    if other is None:
        lines.append("# values not listed are rejected (see `rejects`), unless you uncomment:")
        lines.append(f'# "*" = "{TODO}"')
    else:
        lines.append(f'"*" = {toml(other)}   # every value not listed above')
    return [*lines, ""]


def extra_lines(sample: Sample, used: set[str]) -> list[str]:
    """Columns with no canonical home: categories and numbers kept (the diagnosis compares
    them), free text and one-value-per-row columns named but left out."""
    kept: list[str] = []
    left: list[str] = []
    for p in sample.columns:
        if p.name in used or not p.filled:
            continue
        dates = p.dates >= 0.9 * p.filled
        numbers = p.numbers >= 0.9 * p.filled
        repeats = p.distinct <= min(LISTED, p.filled / 2)
        useful = (numbers or repeats) and not dates and p.distinct > 1
        (kept if useful else left).append(p.name)
    lines = []
    if kept:
        names = wrap_items([toml(k) for k in kept], 92)
        lines.append(
            "# columns with no canonical field, kept so the diagnosis compares their values:"
        )
        if len(names) == 1 and len(names[0]) < 76:
            lines.append(f"extra = {{ extra = [{names[0].rstrip(',')}] }}")
        else:
            lines += ["extra = { extra = [", *(f"    {line}" for line in names), "] }"]
    if left:
        lines += comment(
            "not kept (dates, free text, one value everywhere or a different value on most "
            f"rows): {', '.join(left)}"
        )
    return lines
