"""Write a commented starting mapping for CSV files (`import csv --suggest-mapping`).

Each guess says why in a comment; every value of a vocabulary column is listed (up to
profile.LISTED, most frequent first, with a line saying how many more) with a proposed
target and a "*" catch-all; only the required fields are required. What is left for the user
is the value lines marked "?"."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.importers.core.build import DEFAULTS
from pipeline_doctor.importers.generic.deal_entry import deal_entry
from pipeline_doctor.importers.generic.detect import guess_table, match_columns
from pipeline_doctor.importers.generic.lines import TODO, explained, extra_lines, toml, value_lines
from pipeline_doctor.importers.generic.profile import Sample, profile_file
from pipeline_doctor.importers.generic.recognise import Guess, recognise
from pipeline_doctor.model.schema import DEALS, Table
from pipeline_doctor.wording import plural


def _other_guesses(sample: Sample, table: Table) -> dict[str, Guess]:
    """Columns by name; the id (and name) from the first column unique on every row."""
    matched = match_columns(table, sample.headers)
    guesses = {c: Guess(h, "named like it") for c, h in matched.items()}
    if "id" not in guesses and "id" in table.column_names:
        unique = [
            p
            for p in sample.columns
            if p.distinct == p.filled == sample.rows > 0 and p.name not in matched.values()
        ]
        if unique:
            why = f"unique on each of the {plural(sample.rows, 'row')} read"
            guesses["id"] = Guess(unique[0].name, why)
            if "name" not in guesses and "name" in table.column_names:
                guesses["name"] = Guess(unique[0].name, "the id is the only name the file gives")
    return guesses


def _other_table(sample: Sample, table: Table) -> tuple[list[str], list[str]]:
    """A file that is not deals: the table its header looks like, columns by name."""
    guesses = _other_guesses(sample, table)
    out = [
        f"# {sample.name}: looks like `{table.name}` ({table.doc})",
        "[[table]]",
        f"name = {toml(table.name)}",
        f"file = {toml(sample.name)}",
        "[table.columns]",
    ]
    vocab: list[str] = []
    todo: list[str] = []
    for col in table.columns:
        guess = guesses.get(col.name)
        default = DEFAULTS.get((table.name, col.name))
        if col.name == "extra":
            continue
        if guess is None:
            need = "REQUIRED" if not col.nullable and default is None else "optional"
            out.append(f'# {col.name} = "..."   # {need}: {col.type}')
            if need == "REQUIRED":
                todo.append(f"{table.name}.{col.name} in {sample.name}: say which column")
        elif col.allowed:
            vocab += value_lines(table.name, col, sample.column(guess.column), guess)
        else:
            out += explained(f"{col.name} = {toml(guess.column)}", guess.why)
    if "extra" in table.column_names:
        out += extra_lines(sample, {g.column for g in guesses.values()})
    return [*out, "", *vocab], todo


def _options(samples: list[Sample]) -> tuple[list[str], list[str]]:
    lines = ["[options]", 'timezone = "UTC"   # the zone of times written without one (IANA)']
    todo: list[str] = []
    for sample in samples:
        if sample.delimiter != ",":
            lines.append(f"delimiter = {toml(sample.delimiter)}   # as in {sample.name}")
        if sample.decimal != ("," if sample.delimiter == ";" else "."):
            lines.append(f"decimal = {toml(sample.decimal)}   # numbers in {sample.name}")
        undecided = [c.name for c in sample.columns if c.day_month and c.dates]
        if undecided and not sample.date_orders:
            lines.append(
                '# date_format = "%d/%m/%Y"   # NEEDED: or "%m/%d/%Y"; no date in '
                f"{undecided[0]!r} says which comes first, the day or the month"
            )
            todo.append("date_format under [options]: day/month or month/day")
    return [*lines, ""], todo


def render(samples: list[Sample]) -> str:
    """The suggested mapping for the profiled files."""
    options, todo = _options(samples)
    found = [recognise(sample) for sample in samples]
    tables = [
        DEALS if "outcome" in f.guesses else guess_table(s.headers)[0]
        for s, f in zip(samples, found, strict=True)
    ]
    given = frozenset(t.name for t in tables if t is not DEALS)
    body: list[str] = []
    for sample, recognised, table in zip(samples, found, tables, strict=True):
        read = "all" if sample.complete else "the first"
        body.append(f"# ---- {sample.name}: {read} {plural(sample.rows, 'row')} read ----")
        if table is DEALS:
            section, left = deal_entry(sample, recognised, given)
        else:
            section, left = _other_table(sample, table)
        body += section
        todo += left
    marks = sum(line.split("#")[0].rstrip().endswith(f'"{TODO}"') for line in body)
    if marks:
        lines = plural(marks, "value line")
        todo.insert(0, f'{lines} marked "{TODO}": replace each ? with a value named above')
    names = " ".join(s.name for s in samples)
    head = [
        "# Pipeline Doctor mapping: how your CSV files become canonical tables.",
        "# Each guess says why; check them. Values of a column with a fixed vocabulary are all",
        "# listed with their rows: set each target (docs/mapping.md says what each means).",
        "# Every key is described in docs/mapping.md. When done, run",
        f"#   pipeline-doctor import csv {names} --mapping THIS_FILE",
        *(
            ["# Still to do:"] + [f"#   - {t}" for t in todo]
            if todo
            else ["# Nothing is left to fill in."]
        ),
        'source = "csv"',
        "",
    ]
    return "\n".join([*head, *options, *body]).rstrip() + "\n"


def suggest_mapping(files: list[Path]) -> str:
    """A TOML mapping guessed from each file's header and values, with comments to edit;
    a file that is not text (a PDF, an archive, an image) is refused."""
    return render([profile_file(path) for path in files])
