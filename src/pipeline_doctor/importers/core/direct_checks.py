"""The fast path's checks (`direct`): would the exact path have loaded exactly these rows?

Each rule the exact path applies (`build`, `checks`) is asked here in SQL. The rules on one row
(text it would trim or read otherwise, mangled ids, values outside a column's vocabulary or
below its minimum, times out of order) run while the rows are inserted (`row_rules`), on the
text as read, so the stored columns are not scanned again. The rules across rows (keys that
repeat, references to rows neither stored nor pending, a row before the row it belongs to)
run after (`first_problem`). The first rule that finds a row is named, and the file takes
the exact path, which turns that row into a reject with its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_doctor.importers.core import sql
from pipeline_doctor.model.schema import TABLES_BY_NAME, Table
from pipeline_doctor.store.store import quote

if TYPE_CHECKING:
    from pipeline_doctor.importers.core.pending import PendingTables


def row_rules(table: Table, given: set[str]) -> list[tuple[str, str]]:
    """(what is wrong, SQL condition on a row) for the rules that look at one row, over the
    columns the file gives (`given`)."""
    rules: list[tuple[str, str]] = []
    for col in table.columns:
        if col.name not in given:
            continue
        cell = quote(col.name)
        # a reference must equal a stored key, and a closed vocabulary holds only tidy words:
        # their own checks also catch untidy text and mangled ids
        if col.type == "string" and col.references is None and col.allowed is None:
            rules.append((f"{col.name}: untidy text", sql.untidy_text(cell)))
            if col.name in table.key:
                rules.append((f"{col.name}: mangled id", sql.mangled_id(cell)))
        if col.allowed is not None:
            vocabulary = ", ".join(sql.literal(v) for v in col.allowed)
            rules.append((f"{col.name}: unknown value", f"{cell} NOT IN ({vocabulary})"))
        if col.minimum is not None:
            rules.append((f"{col.name}: below minimum", f"{cell} < {col.minimum!r}"))
    for order in table.orderings:
        if order.via is None and {order.later, order.earlier} <= given:
            later, earlier = quote(order.later), quote(order.earlier)
            rules.append((f"{order.later} before {order.earlier}", f"{later} < {earlier}"))
    return rules


def _count(pending: PendingTables, statement: str) -> int:
    found = pending.con.execute(statement).fetchone()
    return int(found[0] or 0) if found else 0


def _duplicate_keys(pending: PendingTables, table: Table) -> str | None:
    keys = ", ".join(quote(k) for k in table.key)
    count = _count(
        pending,
        f"SELECT count(*) FROM (SELECT 1 FROM {pending.name(table.name)} "
        f"GROUP BY {keys} HAVING count(*) > 1)",
    )
    return f"{count} repeated keys" if count else None


def _missing_references(pending: PendingTables, table: Table) -> str | None:
    for col in table.columns:
        if col.references is None:
            continue
        other, key = col.references.split(".")
        known = pending.keys_sql(other, key)
        cell = quote(col.name)
        count = _count(
            pending,
            f"SELECT count(*) FROM {pending.name(table.name)} t WHERE t.{cell} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM ({known}) k WHERE k.k = t.{cell})",
        )
        if count:
            return f"{count} rows whose {col.name} is not among the {other}"
    return None


def _out_of_order(pending: PendingTables, table: Table) -> str | None:
    for order in table.orderings:
        if order.via is None:
            continue
        other, time = order.earlier.split(".")
        key = TABLES_BY_NAME[other].key[0]
        parents = pending.parents_sql(other, key, time)
        count = _count(
            pending,
            f"SELECT count(*) FROM {pending.name(table.name)} t JOIN ({parents}) p "
            f"ON p.{quote(key)} = t.{quote(order.via)} "
            f"WHERE t.{quote(order.later)} < p.{quote(time)}",
        )
        if count:
            return f"{count} rows whose {order.later} is before the {other} {time}"
    return None


def first_problem(pending: PendingTables, table_name: str) -> str | None:
    """The first rule that finds a loaded row of `table_name` the exact path would treat
    differently, in words, or None when every row would load the same."""
    table = TABLES_BY_NAME[table_name]
    return (
        _duplicate_keys(pending, table)
        or _missing_references(pending, table)
        or _out_of_order(pending, table)
    )
