"""The mapping language, declared once: every key a mapping file may hold, where it goes, what
it does and an example. The parser takes its lists of known keys from here and docs/mapping.md
is generated from it, so the reference and the parser cannot disagree."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pipeline_doctor.errors import PipelineDoctorError


@dataclass(frozen=True)
class Place:
    """Where keys go in a mapping file: its top, a section or one canonical column's rule."""

    name: str
    written: str  # how the place looks in the file
    doc: str


@dataclass(frozen=True)
class Key:
    """One key: its place, what it does in a sentence and an example in that place."""

    name: str
    place: str
    does: str
    example: str


PLACES: tuple[Place, ...] = (
    Place("top", "At the top of the file", "Before any section."),
    Place("options", "[options]", "How the files are read. Every option is optional."),
    Place(
        "table",
        "[[table]]",
        "One entry per source file and canonical table it feeds; a file may feed several "
        "tables and a table may be fed by several files.",
    ),
    Place(
        "column",
        "[table.columns]",
        "One line per canonical column: where its value comes from. A plain string is a source "
        'column (`id = "Deal ID"`); a table `{ ... }` combines the keys below.',
    ),
    Place("rows", "[[rows]]", "Fixed rows, written as they are (not read from a file)."),
)

DEALS = (
    '[[table]]\nname = "deals"\nfile = "deals.csv"\n[table.columns]\nid = "Deal ID"\n'
    'rep = "Owner"\noutcome = { column = "Result", values = { Won = "won", Lost = "lost" } }'
)
ROWS_EXAMPLE = (
    '[[rows]]\ntable = "stages"\n'
    'values = { pipeline = "default", name = "Closed Won", stage_order = 6, closed = true, '
    "won = true }"
)

KEYS: tuple[Key, ...] = (
    Key(
        "source",
        "top",
        "A short name for where the data comes from, recorded with each import (`csv` when "
        "not given).",
        'source = "my-crm"',
    ),
    Key(
        "options",
        "top",
        "The `[options]` section: how the files are read.",
        '[options]\ntimezone = "Europe/Paris"\ndecimal = ","',
    ),
    Key("table", "top", "A `[[table]]` entry: one file feeding one canonical table.", DEALS),
    Key("rows", "top", "A `[[rows]]` entry: one fixed row.", ROWS_EXAMPLE),
    Key(
        "timezone",
        "options",
        "The IANA time zone of times written without one (default UTC); every time is stored "
        "as UTC.",
        'timezone = "America/New_York"',
    ),
    Key(
        "rates",
        "options",
        "A rate table (CSV with `currency,rate` and optionally `date`, path relative to the "
        "mapping): deal amounts are converted to the base currency, the source's amount and "
        "currency kept beside.",
        'rates = "rates.csv"',
    ),
    Key(
        "base_currency",
        "options",
        "The currency the rates convert to (else the one currency with rate 1); needs `rates`.",
        'rates = "rates.csv"\nbase_currency = "EUR"',
    ),
    Key(
        "date_format",
        "options",
        "The format of dates such as 03/04/2025, which could be day/month or month/day: "
        "needed only when no value settles the order (a day above 12).",
        'date_format = "%d/%m/%Y"',
    ),
    Key(
        "decimal",
        "options",
        'The decimal mark of numbers: "." or "," (default "," when the file is separated by '
        '";", else ".").',
        'decimal = ","',
    ),
    Key(
        "encoding",
        "options",
        "The files' text encoding, when detection (UTF-8, UTF-16, cp1252, latin-1) gets it wrong.",
        'encoding = "cp1252"',
    ),
    Key(
        "delimiter",
        "options",
        'The field separator, when detection from the header (",", ";", tab, "|") gets it wrong.',
        'delimiter = ";"',
    ),
    Key(
        "spreadsheet_quoted",
        "options",
        "true for files written by `pipeline-doctor export csv`: a text cell a spreadsheet would "
        "run as a formula (or one starting with an apostrophe) was written with an apostrophe "
        "before it, and the import removes that apostrophe, so the data reads back unchanged.",
        "spreadsheet_quoted = true",
    ),
    Key(
        "name",
        "table",
        "The canonical table this entry fills (see the tables below).",
        '[[table]]\nname = "deals"\nfile = "deals.csv"',
    ),
    Key(
        "file",
        "table",
        "The file whose rows feed the table, by its name: the files themselves are given on "
        "the command line.",
        '[[table]]\nname = "deals"\nfile = "pipeline-export.csv"',
    ),
    Key(
        "columns",
        "table",
        "The `[table.columns]` section: one line per canonical column (the column keys "
        "below). A required column left out is an error; an optional one left out is absent.",
        DEALS,
    ),
    Key(
        "when",
        "table",
        "Only rows where this source column has a value are records of the table; the others "
        "are skipped, not rejected (a stage change only for the deals that closed).",
        '[[table]]\nname = "stage_changes"\nfile = "deals.csv"\nwhen = "Closed"\n'
        '[table.columns]\ndeal = "Deal ID"\nat = "Closed"\nto_stage = "Stage"',
    ),
    Key(
        "derived",
        "table",
        "The records are implied by another table's rows (each owner named on a deal is a "
        "rep): each is loaded once, and a later copy with other values is dropped, not rejected.",
        '[[table]]\nname = "reps"\nfile = "deals.csv"\nderived = true\n[table.columns]\n'
        'id = "Owner"\nname = "Owner"',
    ),
    Key(
        "column",
        "column",
        'The source column whose cells fill this canonical column (`rep = "Owner"` is short '
        'for `rep = { column = "Owner" }`).',
        'rep = { column = "Owner" }',
    ),
    Key(
        "fallback",
        "column",
        "Source columns tried in order where `column` is empty or missing from the file.",
        'created_at = { column = "Created", fallback = ["Engage Date", "First Contact"] }',
    ),
    Key(
        "const",
        "column",
        "One value for every row, when the file has no such column. A constant carries no "
        "information: checks that need the field treat it as absent.",
        'pipeline = { const = "new-business" }',
    ),
    Key(
        "default",
        "column",
        "The value of empty cells (and of every row when the file lacks the column); the value "
        'map\'s own labels apply to it, the "*" catch-all does not. Without it an empty cell '
        "is not recorded (null).",
        'budget = { column = "Budget", values = { Yes = "known", No = "unknown" }, '
        'default = "unknown" }',
    ),
    Key(
        "values",
        "column",
        "The source's labels mapped to canonical values: exact label first, then ignoring case; "
        '"*" catches every other non-empty value, and a label mapped to "" is not recorded '
        "(null). A label left unmapped stays as it is: rejected where the column has a "
        "vocabulary, kept where it has none.",
        'source = { column = "Lead Source", values = { "Web form" = "inbound", '
        '"Trade show" = "event", "*" = "other" } }',
    ),
    Key(
        "scale",
        "column",
        "Multiply a number by this factor, for a file that gives thousands or millions.",
        'amount = { column = "Value (k$)", scale = 1000 }',
    ),
    Key(
        "extra",
        "column",
        "Source columns with no canonical home, kept on each row (in `extra` of deals or "
        "accounts) so the diagnosis compares their values by their own names.",
        'extra = { extra = ["Industry", "Region", "Deal Type"] }',
    ),
    Key(
        "row_number",
        "column",
        "`true` makes each row's id `row-<line>` (its line in the file), for a file with no "
        "id column: stable as long as the rows keep their places.",
        "id = { row_number = true }",
    ),
    Key(
        "table",
        "rows",
        "The canonical table the row goes into.",
        '[[rows]]\ntable = "stages"\n'
        'values = { pipeline = "default", name = "Discovery", stage_order = 1, closed = false, '
        "won = false }",
    ),
    Key("values", "rows", "The row's values: canonical column = value.", ROWS_EXAMPLE),
)


def key_names(place: str) -> tuple[str, ...]:
    """The keys allowed at `place`, in declaration order."""
    return tuple(k.name for k in KEYS if k.place == place)


def check_keys(where: str, spec: dict[str, Any], place: str) -> None:
    """Refuse a key not allowed at `place`, naming it, the nearest known key and the docs."""
    known = key_names(place)
    unknown = sorted(set(spec) - set(known))
    if not unknown:
        return
    close = difflib.get_close_matches(unknown[0], known, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    raise PipelineDoctorError(
        f"{where}: unknown key {unknown[0]!r}{guess}; known keys are {', '.join(known)}.",
        "The keys are described in docs/mapping.md.",
    )
