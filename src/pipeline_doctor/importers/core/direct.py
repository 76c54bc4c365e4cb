"""Load a clean CSV file straight into its pending tables, inside DuckDB: the fast path.

The exact path (`csvparse` → `plan`) parses with Arrow, types and checks every cell in Python
and keeps each row's line number for its rejects; it runs at about 180k rows/s. Most large
files are clean exports, where no row is rejected and no line number is ever needed. For those,
DuckDB's parallel CSV reader types each cell in SQL and writes the rows directly.

The fast path never decides anything on its own. It accepts only cells whose strict form
(`sql.typed`) gives exactly the value the exact path would give, and raises on any other cell.
While loading and after, it applies every rule the exact path applies (`direct_checks`). Any
doubt drops the loaded rows, and the file takes the exact path, which names each reject with
its file, line and column. Such doubts include a DuckDB error (a broken quote, a wrong
column count, bytes that are not UTF-8), a cell outside its strict form, a check that
finds a row, or more delimiters in the file than rows of the header's width hold (`fields`:
DuckDB drops empty extra fields without a word).

A file goes this way when nothing about it needs the exact path's extra powers:
- it is UTF-8, has a one-line header without repeated names, uses "." for decimals, and has
  plain ISO dates in UTC;
- its mapping takes columns, fallbacks, constants, defaults, value maps and derived records
  (one per distinct set of values; a key with two is left to the exact path, which keeps
  the first), but no scales, extra attributes or `when` filters;
- no other file feeds its tables (no duplicate across files) or a table between them in the
  model's order; rows already stored are replaced on publishing, as by the exact path
  (`pending.publish`);
- deals are loaded without a rate table, into a store without deals (an update of stored
  deals records their history).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import direct_checks, fields, sql
from pipeline_doctor.importers.core.build import DEFAULTS
from pipeline_doctor.importers.core.csvheader import sniff_delimiter, split_header, usable_delimiter
from pipeline_doctor.importers.core.csvparse import _unique_names
from pipeline_doctor.importers.core.currency import mixed_currency_note, normalise_codes
from pipeline_doctor.importers.core.mapping import ColumnRule, Mapping, TableRule, default_value
from pipeline_doctor.importers.core.textio import detect_encoding
from pipeline_doctor.model.schema import TABLES, TABLES_BY_NAME
from pipeline_doctor.store.pending import PendingTables
from pipeline_doctor.store.store import quote
from pipeline_doctor.untrusted import QUOTE

log = logging.getLogger(__name__)

HEAD_BYTES = 1 << 20
"""Bytes read to find the header and the encoding."""
UTF8 = ("utf-8", "utf-8-sig", "utf8", "ascii")
TABLE_ORDER = {t.name: i for i, t in enumerate(TABLES)}


@dataclass(frozen=True)
class DirectFile:
    """A file the fast path may load: where it is, its header and the rules it feeds."""

    name: str
    path: Path
    header: list[str]
    delimiter: str
    rules: tuple[TableRule, ...]
    spreadsheet_quoted: bool = False
    """Cells written by `export csv`: a leading apostrophe is removed (`transform.unquoted`)."""


@dataclass
class DirectLoad:
    """What a fast load did: rows read (every one loaded), rows per table, notes."""

    rows: int
    loaded: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def candidate(
    name: str, path: Path, mapping: Mapping, fresh: set[str], prepared: bool
) -> DirectFile | None:
    """The file as a `DirectFile` when nothing about it needs the exact path, else None
    (`fresh`: tables empty in the store; `prepared`: the source changes rows after parsing)."""
    options = mapping.options
    if prepared or options.date_format or options.timezone not in ("UTC", "Etc/UTC"):
        return None
    if (options.encoding or "utf-8").lower().replace("_", "-") not in UTF8:
        return None
    rules = tuple(
        sorted((r for r in mapping.tables if r.file == name), key=lambda r: TABLE_ORDER[r.table])
    )
    tables = [r.table for r in rules]
    if all(r.derived for r in rules) or len(set(tables)) != len(tables):
        return None
    if any(r.table in tables and r.file != name for r in mapping.tables):
        return None  # rows of one table from several files: the exact path dedupes across
    if "deals" in tables and ("deals" not in fresh or options.rates is not None):
        return None  # changes to stored deals become history rows; rates convert amounts
    if _interleaved(tables, name, mapping):
        return None
    head = _head(path)
    if head is None:
        return None
    text, delimiter = head
    delimiter = options.delimiter or delimiter
    if not (usable_delimiter(delimiter) and delimiter.isascii()):
        return None  # the exact path refuses it, or reads a delimiter DuckDB counts in bytes
    if (options.decimal or ("," if delimiter == ";" else ".")) != ".":
        return None
    try:
        fields, lines, _ = split_header(text, delimiter, name)
    except PipelineDoctorError:
        return None  # the exact path refuses the file in one sentence
    notes: list[str] = []
    header = _unique_names(fields, name, notes)
    if lines != 1 or notes or not header:
        return None
    if not all(_rule_fits(rule, header) for rule in rules):
        return None
    return DirectFile(name, path, header, delimiter, rules, options.spreadsheet_quoted)


def _interleaved(tables: list[str], name: str, mapping: Mapping) -> bool:
    """True when another file feeds a table between this file's first and last in the
    model's order (or around one): planned together, their rows must meet in between."""
    mine = [TABLE_ORDER[t] for t in tables]
    for other in mapping.files():
        feeds = [TABLE_ORDER[r.table] for r in mapping.tables if r.file == other]
        if other != name and min(feeds) < max(mine) and max(feeds) > min(mine):
            return True
    return False


def _head(path: Path) -> tuple[str, str] | None:
    """The file's first megabyte as text and its sniffed delimiter, if it is UTF-8."""
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
    cut = data.rfind(b"\n")
    if cut <= 0:
        return None
    data = data[: cut + 1]
    if detect_encoding(data) not in ("utf-8", "utf-8-sig"):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # bytes that are not UTF-8: the exact path rejects their rows
    return text, sniff_delimiter(text[: text.find("\n")].rstrip("\r"))


def _rule_fits(rule: TableRule, header: list[str]) -> bool:
    if rule.when is not None:
        return False
    definition = TABLES_BY_NAME[rule.table]
    for col in definition.columns:
        spec = _spec(rule, col.name)
        if spec is None:
            if not col.nullable:
                return False  # the exact path says which column the mapping lacks
            continue
        if spec.scale is not None or spec.extra or spec.row_number:
            return False
        if spec.const is None and not any(c in header for c in (spec.column, *spec.fallback)):
            return False  # a missing column: the exact path names it
    return True


def _spec(rule: TableRule, column: str) -> ColumnRule | None:
    spec = rule.columns.get(column)
    if spec is None and (rule.table, column) in DEFAULTS:
        return ColumnRule(const=DEFAULTS[(rule.table, column)])
    return spec


def _source(spec: ColumnRule, positions: dict[str, int]) -> str:
    """SQL for the cell text a rule takes (columns by position: c0, c1, ...)."""
    if spec.const is not None:
        text = sql.literal(spec.const)
    else:
        names = [c for c in (spec.column, *spec.fallback) if c and c in positions]
        cells = [f"c{positions[c]}" for c in names]
        text = cells[0] if len(cells) == 1 else f"coalesce({', '.join(cells)})"
    raw = text
    if spec.values:
        text = sql.value_map(text, spec.values, "a value the value map may read otherwise")
    if spec.default is not None:  # as transform.map_cells: empty cells take the default
        fill = default_value(spec.default, spec.values)
        filled = "NULL" if fill is None else sql.literal(fill)
        text = f"CASE WHEN {raw} IS NULL THEN {filled} ELSE {text} END"
    return text


def _reader(file: DirectFile) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(file.header)))
    read = (
        f"read_csv({sql.literal(str(file.path))}, header = true, auto_detect = false, "
        f"delim = {sql.literal(file.delimiter)}, quote = '\"', escape = '\"', "
        f"strict_mode = true, columns = {{{columns}}})"
    )
    if not file.spreadsheet_quoted:
        return read
    unquoted = ", ".join(
        f"CASE WHEN starts_with(c{i}, {sql.literal(QUOTE)}) THEN c{i}[2:] ELSE c{i} END AS c{i}"
        for i in range(len(file.header))
    )
    return f"(SELECT {unquoted} FROM {read})"


def _insert_sql(file: DirectFile, rule: TableRule, target: str, count: bool = False) -> str:
    """INSERT of the rule's typed columns. A cell outside its strict form raises, and so does
    a row the exact path would reject or change: an empty row, a repeated header, or a row
    that breaks a rule on one row (`direct_checks.row_rules`)."""
    positions = {n: i for i, n in enumerate(file.header)}
    definition = TABLES_BY_NAME[rule.table]
    given, values = [], []
    for col in definition.columns:
        spec = _spec(rule, col.name)
        if spec is None:
            continue
        given.append(col.name)
        typed = sql.typed(col, _source(spec, positions), f"{file.name}: {col.name}")
        values.append(f"{typed} AS {quote(col.name)}")
    cells = [f"c{i}" for i in range(len(file.header))]
    if count:  # the delimiters inside each row's values (`fields`)
        given.append(fields.COLUMN)
        values.append(f"{fields.in_values(cells, file.delimiter)} AS {fields.COLUMN}")
    header = sql.repeated_header("c0", file.header[0])
    not_data = f"coalesce({', '.join(cells)}) IS NULL OR {header}"
    broken = direct_checks.row_rules(definition, set(given))
    raised = " ".join(f"WHEN {cond} THEN error({sql.literal(what)})" for what, cond in broken)
    columns = ", ".join(quote(n) for n in given)
    distinct = "DISTINCT " if rule.derived else ""  # one record implied by many rows
    return (
        f"INSERT INTO {target} ({columns}) SELECT {distinct}{columns} FROM ("
        f"SELECT {', '.join(values)} FROM {_reader(file)} "
        f"WHERE CASE WHEN {not_data} THEN error('not a data row') ELSE true END)"
        + (f" WHERE CASE {raised} ELSE true END" if broken else "")
    )


def load(
    file: DirectFile, pending: PendingTables, progress: Callable[[float], None] | None = None
) -> DirectLoad | None:
    """Load `file` into its pending tables (one per rule, in the model's order), or None (and
    nothing kept) when any row would load differently than by the exact path."""
    counted = fields.ByteCount(file.path, file.delimiter)
    counting = next(r for r in file.rules if not r.derived)  # one row per row read
    loaded: dict[str, int] = {}
    try:
        problem = None
        for index, rule in enumerate(file.rules):
            target = pending.name(rule.table)
            pending.create(rule.table)
            if rule is counting:
                pending.execute(f"ALTER TABLE {target} ADD COLUMN {fields.COLUMN} INTEGER")
            insert = _insert_sql(file, rule, target, count=rule is counting)
            share = _share(progress, index, len(file.rules))
            loaded[rule.table] = int(pending.run(insert, share)[0])
            problem = direct_checks.first_problem(pending, rule.table)
            if problem is not None:
                break
        problem = problem or _extra_fields(pending, file, counting.table, counted, loaded)
    except duckdb.Error as exc:
        problem = str(exc).splitlines()[0]
    except BaseException:
        counted.stop()
        _drop(pending, file)
        raise
    if problem is not None:
        log.info("%s takes the exact path: %s", file.name, problem)
        counted.stop()
        _drop(pending, file)
        return None
    result = DirectLoad(loaded[counting.table], loaded)
    deals = next((r for r in file.rules if r.table == "deals"), None)
    if deals is not None and "currency" in deals.columns:
        result.notes.extend(_currency_notes(pending))
    return result


def _extra_fields(
    pending: PendingTables,
    file: DirectFile,
    table: str,
    counted: fields.ByteCount,
    loaded: dict[str, int],
) -> str | None:
    """Rows with more fields than the header (DuckDB drops empty ones), by counting, or a line
    DuckDB may drop (`fields.LONG_LINE`); the temporary count column is dropped either way."""
    target = pending.name(table)
    found = pending.fetch_one(f"SELECT sum({fields.COLUMN}) FROM {target}")
    pending.execute(f"ALTER TABLE {target} DROP COLUMN {fields.COLUMN}")
    inside = int(found[0] or 0) if found else 0
    extra = fields.extra_fields(counted, loaded[table], len(file.header), inside)
    if extra:
        return f"{extra} delimiters more than rows of the header's width hold"
    return "a line of a megabyte or more (DuckDB may drop it)" if counted.long_line else None


def _drop(pending: PendingTables, file: DirectFile) -> None:
    for rule in file.rules:
        pending.drop(rule.table)


def _share(
    progress: Callable[[float], None] | None, index: int, count: int
) -> Callable[[float], None] | None:
    """One rule's progress as its share of the file (each rule reads the whole file)."""
    if progress is None:
        return None
    report = progress
    return lambda fraction: report((index + fraction) / count)


def _currency_notes(pending: PendingTables) -> list[str]:
    """The exact path's note on deals in several currencies (codes read as it reads them)."""
    found = pending.fetch_table(
        f"SELECT DISTINCT currency FROM {pending.name('deals')} WHERE currency IS NOT NULL"
    )
    codes = pc.unique(normalise_codes(found.column(0).combine_chunks()))
    return mixed_currency_note(codes.to_pylist())
