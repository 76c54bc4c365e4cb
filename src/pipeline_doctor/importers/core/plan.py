"""From parsed files and a mapping to checked, ready-to-write tables (nothing written yet)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import checks, currency, dates
from pipeline_doctor.importers.core.build import Candidate, FileContext, build, concat
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.mapping import Mapping, TableRule
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.core.transform import unquoted
from pipeline_doctor.model.schema import TABLES, TABLES_BY_NAME

KeyLookup = Callable[[str, str], pa.Array]
"""keys(table, column): the values already in the store (for references)."""
ParentLookup = Callable[[str, str, str], pa.Table]
"""parents(table, key, time): (key, time) rows already in the store (for time order)."""


@dataclass
class Plan:
    """What an import will write, and every reject, before anything touches the store."""

    writes: dict[str, pa.Table] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    kept: dict[str, np.ndarray] = field(default_factory=dict)
    """Per table, which candidate rows are in `writes` (in order)."""


def file_context(raw: RawFile, rules: list[TableRule], mapping: Mapping) -> FileContext:
    """Decimal mark and day/month order for one file; ambiguous dates are an error."""
    options = mapping.options
    decimal = options.decimal or ("," if raw.delimiter == ";" else ".")
    if options.date_format:
        return FileContext(options, decimal, None)
    evidence: set[dates.Order] = set()
    ambiguous: list[tuple[str, str]] = []
    for rule in rules:
        definition = TABLES_BY_NAME[rule.table]
        for name, spec in rule.columns.items():
            source = spec.column
            if definition.column(name).type not in ("date", "timestamp") or source is None:
                continue
            if source not in raw.columns:
                continue
            column = raw.table.column(source).combine_chunks()
            if dates.has_day_month(column):
                evidence |= dates.order_evidence(column)
                example = pc.filter(column, pc.is_valid(column))[0].as_py()
                ambiguous.append((source, str(example)))
    if len(evidence) > 1:
        raise PipelineDoctorError(
            f"{raw.name} mixes day/month and month/day dates (column {ambiguous[0][0]!r}).",
            'Fix the file, or declare the format in the mapping: date_format = "%d/%m/%Y".',
        )
    if ambiguous and not evidence:
        column, example = ambiguous[0]
        raise PipelineDoctorError(
            f"{raw.name}: the dates in column {column!r} (such as {example}) could be "
            "day/month or month/day, and no value settles it.",
            'Declare the format: --date-format "%d/%m/%Y" (or date_format in the mapping).',
        )
    order = next(iter(evidence)) if evidence else None
    return FileContext(options, decimal, order)


def _keys_for(table: str, plan: Plan, store_keys: KeyLookup) -> pa.Array:
    definition = TABLES_BY_NAME[table]
    key = definition.key[0]
    existing = store_keys(table, key)
    written = plan.writes.get(table)
    if written is None:
        return existing
    return pa.concat_arrays(
        [existing.cast(pa.string()), written.column(key).combine_chunks().cast(pa.string())]
    )


def _parents(table: str, key: str, time: str, plan: Plan, lookup: ParentLookup) -> pa.Table:
    stored = lookup(table, key, time)
    written = plan.writes.get(table)
    if written is None:
        return stored
    mine = written.select([key, time])
    fresh = pc.invert(pc.is_in(stored.column(key), value_set=mine.column(key)))
    return pa.concat_tables([stored.filter(fresh).cast(mine.schema), mine])


def make_plan(
    raws: dict[str, RawFile],
    mapping: Mapping,
    store_keys: KeyLookup,
    store_parents: ParentLookup,
) -> Plan:
    """Build, dedupe and check every table of the mapping, in the model's table order."""
    plan = Plan()
    if mapping.options.spreadsheet_quoted:
        raws = {name: unquoted(raw) for name, raw in raws.items()}
    for raw in raws.values():
        plan.rejects.extend(raw.rejects)
    contexts = {
        name: file_context(raw, [r for r in mapping.tables if r.file == name], mapping)
        for name, raw in raws.items()
    }
    for definition in TABLES:
        rules = [r for r in mapping.tables if r.table == definition.name and r.file in raws]
        if not rules:
            continue
        parts = [build(raws[r.file], r, contexts[r.file]) for r in rules]
        cand = concat(definition.name, parts)
        if definition.name == "deals":  # amounts to the base currency, or a note they are mixed
            where = {r.file: r.columns["currency"].column for r in rules if "currency" in r.columns}
            notes = currency.settle_deal_amounts(cand, mapping.options.rates, where)
            raws[rules[0].file].notes.extend(notes)  # the import summary shows files' notes
        checks.check_orderings(cand, definition)
        known: dict[str, Any] = {}
        for col in definition.columns:
            if col.references and col.name in cand.data.column_names:
                ref = col.references.split(".")[0]
                if ref == definition.name:
                    own = pc.filter(cand.data.column(definition.key[0]), pa.array(cand.ok))
                    known[ref] = pa.concat_arrays(
                        [store_keys(ref, definition.key[0]).cast(pa.string()), own.combine_chunks()]
                    )
                else:
                    known[ref] = _keys_for(ref, plan, store_keys)
        checks.check_references(cand, known)
        parents: dict[str, pa.Table] = {}
        for rule in definition.orderings:
            if rule.via is not None:
                other, other_col = rule.earlier.split(".")
                key = TABLES_BY_NAME[other].key[0]
                parents[other] = _parents(other, key, other_col, plan, store_parents)
        checks.check_cross_orderings(cand, parents)
        keep = checks.dedupe(cand)
        plan.candidates[definition.name] = cand
        plan.rejects.extend(cand.rejects)
        plan.writes[definition.name] = cand.data.filter(pa.array(keep))
        plan.kept[definition.name] = keep
    return plan
