"""Checks of a staged batch against the rest of the store: references and cross-table order.

Expressed in Ibis, so they run on every backend. A reference may point at a row already in the
store or at a row in the same batch (a rep's manager, an account's parent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline_doctor.errors import SchemaViolation
from pipeline_doctor.model.schema import Table
from pipeline_doctor.model.schema import table as table_def

if TYPE_CHECKING:
    from pipeline_doctor.store.store import Store


def _first_and_count(expr: Any, column: str) -> tuple[object, int]:
    count = int(expr.count().to_pyarrow().as_py())
    if count == 0:
        return None, 0
    first = expr.select(column).limit(1).to_pyarrow().column(0)[0].as_py()
    return first, count


def _check_references(store: Store, definition: Table, staged: Any) -> None:
    for col in definition.columns:
        if col.references is None:
            continue
        ref_table, ref_col = col.references.split(".")
        target = store.table(ref_table)
        present = staged.filter(staged[col.name].notnull())
        missing = present.anti_join(target, present[col.name] == target[ref_col])
        if ref_table == definition.name:
            missing = missing.anti_join(staged, missing[col.name] == staged[ref_col])
        value, count = _first_and_count(missing, col.name)
        if count:
            raise SchemaViolation(
                definition.name,
                col.name,
                value,
                f"an existing {ref_table}.{ref_col} (write {ref_table} first)",
                count,
            )


def _check_cross_orderings(store: Store, definition: Table, staged: Any) -> None:
    for rule in definition.orderings:
        if rule.via is None:
            continue
        other_table, other_col = rule.earlier.split(".")
        ref_col = table_def(definition.name).column(rule.via).references
        assert ref_col is not None, f"{definition.name}.{rule.via} must be a reference"
        other = store.table(other_table)
        key = ref_col.split(".")[1]
        joined = staged.join(other, staged[rule.via] == other[key])
        bad = joined.filter(joined[rule.later] < joined[other_col])
        value, count = _first_and_count(bad, rule.later)
        if count:
            raise SchemaViolation(
                definition.name,
                rule.later,
                value,
                f"a time not before {rule.earlier} ({rule.why})",
                count,
            )


def check_integrity(store: Store, definition: Table, staged: Any) -> None:
    """Raise SchemaViolation if the staged batch points at missing rows or breaks time order."""
    _check_references(store, definition, staged)
    _check_cross_orderings(store, definition, staged)
