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
    from pipeline_doctor.store.pending import PendingTables


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


def _across_rows(pending: PendingTables, table: Table) -> list[tuple[str, str]]:
    """(what is wrong, SQL counting the rows it finds) for the rules across rows."""
    loaded = pending.name(table.name)
    keys = ", ".join(quote(k) for k in table.key)
    rules = [
        (
            "a repeated key",
            f"SELECT count(*) FROM (SELECT 1 FROM {loaded} GROUP BY {keys} HAVING count(*) > 1)",
        )
    ]
    for col in table.columns:
        if col.references is not None:
            other, key = col.references.split(".")
            cell = quote(col.name)
            rules.append(
                (
                    f"a {col.name} that is not among the {other}",
                    f"SELECT count(*) FROM {loaded} t WHERE t.{cell} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM ({pending.keys_sql(other, key)}) k WHERE k.k = t.{cell})",
                )
            )
    for order in table.orderings:
        if order.via is not None:
            other, time = order.earlier.split(".")
            key = TABLES_BY_NAME[other].key[0]
            rules.append(
                (
                    f"a {order.later} before the {other} {time}",
                    f"SELECT count(*) FROM {loaded} t "
                    f"JOIN ({pending.parents_sql(other, key, time)}) p "
                    f"ON p.{quote(key)} = t.{quote(order.via)} "
                    f"WHERE t.{quote(order.later)} < p.{quote(time)}",
                )
            )
    return rules


def first_problem(pending: PendingTables, table_name: str) -> str | None:
    """The first rule across rows that finds a loaded row of `table_name` the exact path would
    treat differently, in words, or None when every row would load the same."""
    for what, statement in _across_rows(pending, TABLES_BY_NAME[table_name]):
        found = pending.fetch_one(statement)
        if found and found[0]:
            return f"{found[0]} rows with {what}"
    return None
