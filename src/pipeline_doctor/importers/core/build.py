"""Turn one parsed file and one table rule into typed canonical columns plus cell rejects."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import dates, values
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.mapping import ColumnRule, Options, TableRule
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.core.transform import extra_json, map_cells
from pipeline_doctor.model.schema import TABLES_BY_NAME, Column

DEFAULTS: dict[tuple[str, str], str] = {
    ("deals", "pipeline"): "default",
    ("reps", "role"): "rep",
}
"""Values for the required columns a source may lack, where one value is harmless (one
pipeline; everyone a rep). Recorded as constants in `provided_columns`. Optional columns a
source lacks stay absent: nothing is invented for them."""


SCIENTIFIC_ID = r"^\d(?:[.,]\d+)?[eE]\+\d+$"


@dataclass
class Candidate:
    """Typed rows for one table from one file, where each came from, and which are usable."""

    table: str
    files: np.ndarray  # per row (object array of file names)
    data: pa.Table
    lines: np.ndarray
    ok: np.ndarray
    rejects: list[Reject] = field(default_factory=list)
    derived: np.ndarray | None = None  # rows whose conflicting duplicates are simply dropped

    def reject(self, row: int, column: str, raw: str | None, reason: str, message: str) -> None:
        self.rejects.append(
            Reject(str(self.files[row]), int(self.lines[row]), column, raw, reason, message)
        )


def concat(table: str, parts: list[Candidate]) -> Candidate:
    """One candidate per table from several files or rules, for checks across all of them."""
    if len(parts) == 1:
        return parts[0]
    names = list(dict.fromkeys(n for p in parts for n in p.data.column_names))
    datas = []
    for part in parts:
        missing = [n for n in names if n not in part.data.column_names]
        data = part.data
        for n in missing:
            typ = next(p.data.schema.field(n).type for p in parts if n in p.data.column_names)
            data = data.append_column(n, pa.nulls(data.num_rows, typ))
        datas.append(data.select(names))
    return Candidate(
        table,
        np.concatenate([p.files for p in parts]),
        pa.concat_tables(datas),
        np.concatenate([p.lines for p in parts]),
        np.concatenate([p.ok for p in parts]),
        [r for p in parts for r in p.rejects],
        np.concatenate([_derived(p) for p in parts]),
    )


def _derived(cand: Candidate) -> np.ndarray:
    return cand.derived if cand.derived is not None else np.zeros(len(cand.ok), dtype=bool)


def _raw_column(raw: RawFile, rule: ColumnRule) -> pa.Array:
    """The rule's column, or the first present fallback, coalesced in that order."""
    names = [c for c in (rule.column, *rule.fallback) if c and c in raw.columns]
    arrays = [raw.table.column(c).combine_chunks() for c in names]
    return arrays[0] if len(arrays) == 1 else pc.coalesce(*arrays)


def _parse(col: Column, text: pa.Array, rule: ColumnRule, ctx: FileContext) -> values.Parsed:
    if col.type == "string":
        return values.parse_string(text)
    if col.type in ("int64", "float64"):
        parsed = (values.parse_int if col.type == "int64" else values.parse_float)(
            text, ctx.decimal
        )
        if rule.scale is not None and col.type == "float64":
            scaled = pc.multiply(parsed.values, rule.scale)
            return values.Parsed(scaled, parsed.bad, parsed.reason, parsed.expected)
        return parsed
    if col.type == "boolean":
        return values.parse_bool(text)
    parse = dates.parse_date if col.type == "date" else dates.parse_timestamp
    return parse(text, ctx.order, ctx.options.timezone, ctx.options.date_format)


@dataclass(frozen=True)
class FileContext:
    """What holds for a whole file: decimal mark and day/month order."""

    options: Options
    decimal: str
    order: dates.Order | None


def _cell_rejects(
    cand: Candidate,
    column: str,
    source: str | None,
    text: pa.Array,
    mask: np.ndarray,
    reason: str,
    message: str,
) -> None:
    raw_values = text.to_pylist() if mask.any() else []
    for index in np.flatnonzero(mask):
        raw = raw_values[index]
        cand.reject(
            int(index), source or column, None if raw is None else str(raw), reason, message
        )
    cand.ok &= ~mask


def _check_columns(raw: RawFile, rule: TableRule) -> None:
    """All missing source columns in one error, required ones first."""
    definition = TABLES_BY_NAME[rule.table]
    missing: list[tuple[bool, str, str]] = []
    for name, spec in rule.columns.items():
        sources = [c for c in (spec.column, *spec.fallback) if c]
        if sources and not any(c in raw.columns for c in sources):
            missing.append((definition.column(name).nullable, " or ".join(sources), name))
    if not missing:
        return
    missing.sort(key=lambda m: m[0])
    listed = ", ".join(
        f"{source!r} (for {rule.table}.{name}{'' if nullable else ', required'})"
        for nullable, source, name in missing
    )
    raise PipelineDoctorError(
        f"{raw.name} has no column {listed}; its columns are: {', '.join(raw.columns[:40])}.",
        "Fix the mapping or the file's header row.",
    )


def _only_when(raw: RawFile, rule: TableRule) -> RawFile:
    if rule.when not in raw.columns:
        raise PipelineDoctorError(
            f"{raw.name} has no column {rule.when!r} (the `when` of the {rule.table} mapping)."
        )
    present = pc.is_valid(raw.table.column(rule.when))
    mask = present.to_numpy(zero_copy_only=False) if raw.table.num_rows else np.zeros(0, bool)
    return RawFile(
        raw.name, raw.table.filter(present), raw.lines[mask], raw.rows_read, delimiter=raw.delimiter
    )


def build(raw: RawFile, rule: TableRule, ctx: FileContext) -> Candidate:
    """Typed canonical columns for `rule.table` from `raw`; bad cells become rejects."""
    definition = TABLES_BY_NAME[rule.table]
    if rule.when is not None:
        raw = _only_when(raw, rule)
    _check_columns(raw, rule)
    n = raw.table.num_rows
    files = np.full(n, raw.name, dtype=object)
    cand = Candidate(rule.table, files, pa.table({}), raw.lines, np.ones(n, dtype=bool))
    arrays: dict[str, pa.Array] = {}
    for col in definition.columns:
        spec = rule.columns.get(col.name)
        if spec is None and (rule.table, col.name) in DEFAULTS:
            spec = ColumnRule(const=DEFAULTS[(rule.table, col.name)])
        if spec is None:
            if not col.nullable:
                raise PipelineDoctorError(
                    f"The mapping for {rule.table} (from {raw.name}) does not say where the "
                    f"required column {col.name!r} comes from."
                )
            continue
        where = f"{rule.table}.{col.name}"
        if spec.row_number:
            arrays[col.name] = pa.array([f"row-{line}" for line in raw.lines], type=pa.string())
            continue
        if spec.column is None and spec.const is None:  # only extra columns (maybe none)
            arrays[col.name] = extra_json(raw, spec.extra)
            continue
        if spec.const is not None:
            text = pa.array([spec.const] * n, type=pa.string())
        else:
            text = _raw_column(raw, spec)
        mapped = map_cells(text, spec.values, spec.default)
        parsed = _parse(col, mapped, spec, ctx)
        bad = parsed.bad.to_numpy(zero_copy_only=False)
        message = f"{where}: expected {parsed.expected}"
        _cell_rejects(cand, col.name, spec.column, text, bad, parsed.reason, message)
        result = parsed.values
        if col.type == "string" and (col.references or col.name in definition.key):
            mangled = pc.fill_null(pc.match_substring_regex(result, SCIENTIFIC_ID), False)
            mask = mangled.to_numpy(zero_copy_only=False) & cand.ok
            _cell_rejects(
                cand,
                col.name,
                spec.column,
                text,
                mask,
                "mangled_id",
                f"{where}: a spreadsheet turned this id into a number in scientific "
                "notation; its digits are lost (re-export without opening it in Excel)",
            )
        if col.allowed is not None:
            unknown = pc.and_(
                pc.is_valid(result), pc.invert(pc.is_in(result, value_set=pa.array(col.allowed)))
            )
            mask = unknown.to_numpy(zero_copy_only=False) & cand.ok
            message = (
                f"{where}: not one of {', '.join(col.allowed)}; add it to the mapping's value map"
            )
            _cell_rejects(cand, col.name, spec.column, text, mask, "unknown_value", message)
        if col.minimum is not None:
            low = pc.fill_null(pc.less(result, col.minimum), False)
            mask = low.to_numpy(zero_copy_only=False) & cand.ok
            _cell_rejects(
                cand,
                col.name,
                spec.column,
                text,
                mask,
                "below_minimum",
                f"{where} must be at least {col.minimum:g}",
            )
        if not col.nullable:
            mask = pc.is_null(result).to_numpy(zero_copy_only=False) & cand.ok
            _cell_rejects(
                cand,
                col.name,
                spec.column,
                text,
                mask,
                "missing_value",
                f"{where} is required but the cell is empty",
            )
        arrays[col.name] = result
    cand.data = pa.table(arrays) if arrays else pa.table({"_": pa.nulls(n)})
    cand.derived = np.full(n, rule.derived, dtype=bool)
    return _distinct_rows(cand) if rule.derived else cand


def _distinct_rows(cand: Candidate) -> Candidate:
    """A derived record repeats on many rows (an owner on every deal): keep its first row;
    the others carry the same values, so nothing is lost."""
    index = pa.array(np.arange(cand.data.num_rows))
    grouped = (
        cand.data.append_column("__i", index)
        .group_by(cand.data.column_names, use_threads=False)
        .aggregate([("__i", "min")])
    )
    first = np.sort(grouped.column("__i_min").to_numpy())
    return Candidate(
        cand.table,
        cand.files[first],
        cand.data.take(pa.array(first)),
        cand.lines[first],
        cand.ok[first],
        list(cand.rejects),
        np.ones(len(first), dtype=bool),
    )
