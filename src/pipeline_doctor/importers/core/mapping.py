"""A mapping says how source files become canonical tables: which file feeds which table and,
for each canonical column, a source column, a constant, a value map, a scale or a fallback.

It is plain data, read from TOML (shipped for Maven, written by users for `import csv`):

    source = "maven"
    [options]            # all optional
    timezone = "UTC"     # zone of naive timestamps in the files (an IANA name)
    rates = "rates.csv"  # convert deal amounts with this rate table (path from the mapping)
    base_currency = "EUR"  # the currency the rates convert to (else the one with rate 1)
    date_format = "%d/%m/%Y"   # settles day/month order when the values cannot
    decimal = "."        # "," for decimal commas (the default when the file uses ";")
    [[table]]
    name = "deals"
    file = "sales_pipeline.csv"
    [table.columns]
    id = "opportunity_id"
    outcome = { column = "deal_stage", values = { Won = "won", Lost = "lost", "*" = "open" } }
    pipeline = { const = "maven" }
    # a file with no id column: id = { row_number = true } gives "row-<line>" (stable as long
    # as the rows keep their places)
    [[table]]
    name = "stage_changes"
    file = "sales_pipeline.csv"
    when = "close_date"  # rows with an empty close_date give no stage change (not a reject)
    [[rows]]             # fixed rows, e.g. the stages of a pipeline
    table = "stages"
    values = { pipeline = "maven", name = "Won", stage_order = 2, closed = true, won = true }
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.currency import RateTable, load_rates
from pipeline_doctor.importers.core.mapping_keys import check_keys
from pipeline_doctor.model.schema import TABLES_BY_NAME

ANY = "*"
"""Value-map key for "every other value"."""


@dataclass(frozen=True)
class ColumnRule:
    """Where one canonical column's value comes from."""

    column: str | None = None
    fallback: tuple[str, ...] = ()
    const: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    scale: float | None = None
    extra: tuple[str, ...] = ()  # source columns gathered into a JSON object (`extra`)
    default: str | None = None  # used when the cell is empty
    row_number: bool = False  # "row-<line>": an id for files that have none (stable per file)


@dataclass(frozen=True)
class TableRule:
    """One source file feeding one canonical table."""

    table: str
    file: str
    columns: dict[str, ColumnRule]
    when: str | None = None  # only rows where this source column has a value are records
    derived: bool = False  # records implied by another table's rows (a deal's owner as a rep):
    # a later copy with different values is dropped, not a reject of the row

    def source_columns(self) -> list[str]:
        used: list[str] = []
        for rule in self.columns.values():
            used += [c for c in (rule.column, *rule.fallback, *rule.extra) if c]
        return used


@dataclass(frozen=True)
class Options:
    timezone: str = "UTC"
    date_format: str | None = None
    decimal: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    spreadsheet_quoted: bool = False  # text cells quoted by `export csv`: remove the apostrophe
    rates: RateTable | None = None  # convert deal amounts to rates.base


_GIVEN: ContextVar[dict[str, Any] | None] = ContextVar("pipeline_doctor_options", default=None)


@contextmanager
def given_options(**options: Any) -> Iterator[None]:
    """Options from the command line (None: not given) win over the mapping's for every
    Mapping made inside the block: each source builds its mapping deep in its importer, so
    this is how `import salesforce --timezone ...` reaches it without a parameter per layer."""
    given = {k: v for k, v in options.items() if v is not None}
    unknown = set(given) - set(Options.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown mapping options: {', '.join(sorted(unknown))}")
    token = _GIVEN.set(given)
    try:
        yield
    finally:
        _GIVEN.reset(token)


@dataclass(frozen=True)
class Mapping:
    source: str
    tables: tuple[TableRule, ...]
    rows: tuple[tuple[str, dict[str, Any]], ...] = ()
    options: Options = Options()

    def __post_init__(self) -> None:
        given = _GIVEN.get()
        if given:
            object.__setattr__(self, "options", dataclasses.replace(self.options, **given))

    def files(self) -> list[str]:
        return list(dict.fromkeys(rule.file for rule in self.tables))


def with_options(mapping: Mapping, **options: Any) -> Mapping:
    """`mapping` with the options that are not None replaced (and any given_options applied)."""
    given = {k: v for k, v in options.items() if v is not None}
    return dataclasses.replace(mapping, options=dataclasses.replace(mapping.options, **given))


def check_timezone(zone: str) -> str:
    """`zone` if it is an IANA time zone name, else a one-sentence error."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PipelineDoctorError(
            f"Unknown time zone {zone!r}: give an IANA name such as UTC, Europe/Paris or "
            "America/New_York."
        ) from None
    return zone


def _column_rule(where: str, spec: object) -> ColumnRule:
    if isinstance(spec, str):
        return ColumnRule(column=spec)
    if not isinstance(spec, dict):
        raise PipelineDoctorError(
            f"{where}: give a column name or a table such as "
            '{ column = "Stage", values = { Won = "won" } }.'
        )
    check_keys(where, spec, "column")
    const = spec.get("const")
    return ColumnRule(
        column=spec.get("column"),
        fallback=tuple(spec.get("fallback", ())),
        const=None if const is None else str(const),
        values={str(k): ("" if v is None else str(v)) for k, v in spec.get("values", {}).items()},
        scale=spec.get("scale"),
        extra=tuple(spec.get("extra", ())),
        default=None if spec.get("default") is None else str(spec["default"]),
        row_number=bool(spec.get("row_number", False)),
    )


def _table_rule(index: int, spec: dict[str, Any]) -> TableRule:
    name = spec.get("name", "")
    where = f"[[table]] number {index}"
    check_keys(where, spec, "table")
    if name not in TABLES_BY_NAME or name in ("rejects", "imports", "provided_columns"):
        raise PipelineDoctorError(
            f"{where}: unknown canonical table {name!r}.",
            "Run `pipeline-doctor import csv --suggest-mapping` for a start.",
        )
    if "file" not in spec:
        raise PipelineDoctorError(
            f"{where} ({name}) does not say which file feeds it (file = ...)."
        )
    columns: dict[str, ColumnRule] = {}
    canonical = TABLES_BY_NAME[name].column_names
    for column, rule in spec.get("columns", {}).items():
        if column not in canonical:
            raise PipelineDoctorError(
                f"{where} ({name}): {column!r} is not a column of {name}; "
                f"its columns are {', '.join(canonical)}."
            )
        columns[column] = _column_rule(f"{name}.{column}", rule)
    when = spec.get("when")
    return TableRule(
        name,
        str(spec["file"]),
        columns,
        None if when is None else str(when),
        bool(spec.get("derived", False)),
    )


def default_value(default: str, values: dict[str, str]) -> str | None:
    """What an empty cell becomes: the default, read through the value map's own keys (a
    default in the source's words, "Other", becomes "other") but never through the "*"
    catch-all (a default "unknown" must not become what every *other* value becomes). The
    same reading as `transform.apply_value_map`, for one text; "" means null."""
    keys = {k: v for k, v in values.items() if k != ANY}
    text = default.strip()
    folded = {k.lower(): v for k, v in keys.items()}
    found = keys[text] if text in keys else folded.get(text.lower(), default)
    return found or None


def only_present(rule: TableRule, columns: list[str]) -> TableRule:
    """Drop optional fields the export does not have (exports vary by org and permissions);
    a missing required field stays, so the error names it."""
    definition = TABLES_BY_NAME[rule.table]
    kept: dict[str, ColumnRule] = {}
    for name, spec in rule.columns.items():
        sources = [c for c in (spec.column, *spec.fallback) if c and c in columns]
        if spec.column is None or sources == [spec.column, *spec.fallback]:
            kept[name] = spec
        elif sources:
            kept[name] = dataclasses.replace(spec, column=sources[0], fallback=tuple(sources[1:]))
        elif spec.default is not None:
            const = default_value(spec.default, spec.values)
            kept[name] = dataclasses.replace(spec, column=None, fallback=(), const=const, values={})
        elif not definition.column(name).nullable:
            kept[name] = spec
    return dataclasses.replace(rule, columns=kept)


def _options(opts: dict[str, Any], folder: Path | None) -> Options:
    """The [options] table; `rates` is a file path relative to the mapping's folder."""
    check_keys("[options]", opts, "options")
    plain = {k: opts[k] for k in Options.__dataclass_fields__ if k in opts and k != "rates"}
    options = Options(**plain)
    check_timezone(str(options.timezone))
    base = opts.get("base_currency")
    if "rates" not in opts:
        if base is not None:
            raise PipelineDoctorError(
                'The mapping gives base_currency but no rates (rates = "rates.csv").'
            )
        return options
    path = Path(str(opts["rates"]))
    if folder is not None and not path.is_absolute():
        path = folder / path
    return dataclasses.replace(options, rates=load_rates(path, None if base is None else str(base)))


def mapping_from_dict(data: dict[str, Any], folder: Path | None = None) -> Mapping:
    """Build a Mapping from parsed TOML, with errors that name the offending entry; file
    paths in the options (rates) are relative to `folder` (the mapping's own)."""
    check_keys("The mapping", data, "top")
    for index, row in enumerate(data.get("rows", []), start=1):
        check_keys(f"[[rows]] number {index}", row, "rows")
    tables = tuple(_table_rule(i, t) for i, t in enumerate(data.get("table", []), start=1))
    if not tables:
        raise PipelineDoctorError("The mapping has no [[table]] entries.")
    rows = tuple((str(r["table"]), dict(r["values"])) for r in data.get("rows", []))
    options = _options(data.get("options", {}), folder)
    return Mapping(str(data.get("source", "csv")), tables, rows, options)


def load_mapping(path: Path) -> Mapping:
    """Read a TOML mapping file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PipelineDoctorError(f"Cannot read the mapping {path}: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PipelineDoctorError(f"The mapping {path} is not valid TOML: {exc}.") from None
    return mapping_from_dict(data, path.parent)
