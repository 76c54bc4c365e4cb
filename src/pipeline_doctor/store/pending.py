"""Where a part-by-part import puts its rows until it is complete: one pending table beside each
canonical table it writes, committed part by part (so neither DuckDB nor Arrow holds a whole
import in memory), and published in one short transaction at the end. Until then the canonical
tables are untouched: a failure drops the pending tables and the store is as it was. Pending
tables left by a killed import (imports into the store itself, before the swap design) are
dropped when the store is next opened (`drop_leftovers`).

Publishing a table that was empty when the import began is a rename (no copy); otherwise the
pending rows replace the rows with the same keys (upsert), as a whole-file import does.

The importers' fast path loads files straight into these tables inside DuckDB: it hands its
statements to `execute`, `fetch_one`, `fetch_table` and `run`, and never holds the store's
connection itself.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from pipeline_doctor.model.schema import TABLES, TABLES_BY_NAME
from pipeline_doctor.model.validate import validate_batch
from pipeline_doctor.store.store import _ibis_schema, quote

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

PREFIX = "_pending_"
_views = itertools.count()
MEMORY_LIMIT = "3GB"
"""DuckDB's memory cap during a part-by-part import (its default is 80% of the machine)."""
CHECKPOINT_EVERY = "1GB"
"""Checkpoint every gigabyte of log: each part commits, and checkpointing after each would
write every row twice as often."""


class PendingTables:
    """The pending tables of one import (DuckDB stores)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con: Any = store.backend.con
        self.fresh = {t.name for t in TABLES if store.count(t.name) == 0}
        self.made: list[str] = []

    def name(self, table: str) -> str:
        return quote(PREFIX + table)

    def _view(self, data: pa.Table) -> str:
        view = f"_pending_view_{next(_views)}"
        self.con.register(view, data)
        return view

    # -- statements of the importers' fast path --------------------------------------------
    def execute(self, statement: str) -> None:
        """Run a statement built from the model's identifiers and literals escaped by
        `importers.core.sql` (never raw input)."""
        self.con.execute(statement)

    def fetch_one(self, statement: str) -> Any:
        return self.con.execute(statement).fetchone()

    def fetch_table(self, statement: str) -> pa.Table:
        table: pa.Table = self.con.execute(statement).fetch_arrow_table()
        return table

    def run(self, statement: str, progress: Callable[[float], None] | None = None) -> Any:
        """Execute `statement` (one row back), reporting DuckDB's own progress while it runs,
        with rows written in any order (the tables have keys, not an order: DuckDB then
        writes from both threads at once, about 1.4 times faster)."""
        with self._insertion_order_free():
            if progress is None:
                return self.con.execute(statement).fetchone()
            with self._polling(progress):
                return self.con.execute(statement).fetchone()

    @contextlib.contextmanager
    def _insertion_order_free(self) -> Iterator[None]:
        con = self.con
        before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
        con.execute("SET preserve_insertion_order = false")
        try:
            yield
        finally:
            con.execute(f"SET preserve_insertion_order = {'true' if before else 'false'}")

    @contextlib.contextmanager
    def _polling(self, progress: Callable[[float], None]) -> Iterator[None]:
        con = self.con
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.25):
                percent = con.query_progress()
                if percent >= 0:
                    progress(min(percent, 100.0) / 100)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            con.execute("SET enable_progress_bar = false")

    @contextlib.contextmanager
    def bulk_settings(self) -> Iterator[None]:
        """DuckDB settings for a long import, restored afterwards: a memory cap (it spills to
        disk past it) and checkpoints only every gigabyte of log."""
        con = self.con
        wanted = {"memory_limit": MEMORY_LIMIT, "checkpoint_threshold": CHECKPOINT_EVERY}
        before = {
            name: con.execute(f"SELECT current_setting('{name}')").fetchone()[0] for name in wanted
        }
        for name, value in wanted.items():
            con.execute(f"SET {name} = '{value}'")
        try:
            yield
        finally:
            for name, value in before.items():
                con.execute(f"SET {name} = '{value}'")

    # -- writing -----------------------------------------------------------------------------
    def create(self, table: str) -> None:
        """The pending table of `table`, made empty with the canonical schema if not there."""
        if table not in self.made:
            definition = TABLES_BY_NAME[table]
            self.store.backend.create_table(PREFIX + table, schema=_ibis_schema(definition))
            self.made.append(table)

    def drop(self, table: str) -> None:
        """Forget what is pending for `table` (a fast load that found a doubt)."""
        self.con.execute(f"DROP TABLE IF EXISTS {self.name(table)}")
        if table in self.made:
            self.made.remove(table)

    def append(self, table: str, data: pa.Table) -> int:
        """Validate `data` like a store write and commit it to the pending table."""
        definition = TABLES_BY_NAME[table]
        batch = validate_batch(definition, data)
        if batch.num_rows == 0:
            return 0
        self.create(table)
        columns = ", ".join(quote(c) for c in batch.column_names)
        view = self._view(batch)
        try:
            self.con.execute(
                f"INSERT INTO {self.name(table)} ({columns}) SELECT {columns} FROM {view}"
            )
        finally:
            self.con.unregister(view)
        return int(batch.num_rows)

    # -- reading what is pending -------------------------------------------------------------
    def repeats(self, table: str, data: pa.Table) -> np.ndarray:
        """Which rows of `data` have a key already pending. The part's keys are the join's
        build side and the pending table is scanned once: no hash of every pending key per
        part (that made a million-deal import quadratic)."""
        mask = np.zeros(data.num_rows, dtype=bool)
        if table not in self.made or data.num_rows == 0:
            return mask
        definition = TABLES_BY_NAME[table]
        keys = data.select(list(definition.key))
        view = self._view(keys.append_column("__i", pa.array(np.arange(data.num_rows))))
        match = " AND ".join(f"p.{quote(k)} = v.{quote(k)}" for k in definition.key)
        try:
            found = self.con.execute(
                f"SELECT DISTINCT v.__i FROM {self.name(table)} p JOIN {view} v ON {match}"
            ).fetchnumpy()["__i"]
        finally:
            self.con.unregister(view)
        mask[np.asarray(found, dtype=np.int64)] = True
        return mask

    def rows(self, table: str, data: pa.Table) -> dict[tuple[Any, ...], dict[str, Any]]:
        """The pending rows with the keys of `data`, by key."""
        definition = TABLES_BY_NAME[table]
        view = self._view(data.select(list(definition.key)))
        match = " AND ".join(f"p.{quote(k)} = v.{quote(k)}" for k in definition.key)
        try:
            found = self.con.execute(
                f"SELECT DISTINCT p.* FROM {self.name(table)} p JOIN {view} v ON {match}"
            ).fetch_arrow_table()
        finally:
            self.con.unregister(view)
        return {tuple(r[k] for k in definition.key): r for r in found.to_pylist()}

    def keys_sql(self, table: str, key: str) -> str:
        """SQL for the `key` values (column `k`, text) of `table`: stored and pending."""
        parts = [f"SELECT {quote(key)}::VARCHAR AS k FROM {quote(table)}"]
        if table in self.made:
            parts.append(f"SELECT {quote(key)}::VARCHAR FROM {self.name(table)}")
        return " UNION ALL ".join(parts)

    def keys(self, table: str, key: str) -> pa.Array:
        """`key` values of `table`: stored and pending."""
        result = self.con.execute(self.keys_sql(table, key)).fetch_arrow_table()
        return result.column(0).combine_chunks()

    def parents_sql(self, table: str, key: str, time: str) -> str:
        """SQL for the (key, time) rows of `table`: pending rows win over stored ones."""
        k, t = quote(key), quote(time)
        if table not in self.made:
            return f"SELECT {k}, {t} FROM {quote(table)}"
        pending = self.name(table)
        return (
            f"SELECT {k}, {t} FROM {pending} UNION ALL SELECT s.{k}, s.{t} "
            f"FROM {quote(table)} s ANTI JOIN {pending} p ON s.{k} = p.{k}"
        )

    def parents(self, table: str, key: str, time: str) -> pa.Table:
        """(key, time) rows of `table`: pending rows win over stored ones with the same key."""
        result: pa.Table = self.con.execute(self.parents_sql(table, key, time)).fetch_arrow_table()
        return result

    # -- the end -----------------------------------------------------------------------------
    def publish(self) -> None:
        """Move every pending table into its canonical table, in one transaction."""
        with self.store.transaction():
            for definition in TABLES:
                if definition.name not in self.made:
                    continue
                target, pending = quote(definition.name), self.name(definition.name)
                if definition.name in self.fresh:
                    self.store.execute(f"DROP TABLE {target}")
                    self.store.execute(f"ALTER TABLE {pending} RENAME TO {target}")
                    continue
                match = " AND ".join(f"p.{quote(k)} = {target}.{quote(k)}" for k in definition.key)
                self.store.execute(
                    f"DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {pending} p WHERE {match})"
                )
                # by name: a migrated table has its added columns at the end
                columns = ", ".join(quote(c) for c in definition.column_names)
                self.store.execute(
                    f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {pending}"
                )
                self.store.execute(f"DROP TABLE {pending}")

    def discard(self) -> None:
        """Drop every pending table (the canonical tables were never touched). Called on a
        failure: a connection that failed to write (a full disk) may refuse the drops too, and
        then the first error is the one to tell (the store's next version is thrown away, and
        a store opened later drops what is left)."""
        with contextlib.suppress(Exception):
            for table in self.made:
                self.con.execute(f"DROP TABLE IF EXISTS {self.name(table)}")
        self.made = []


def drop_leftovers(store: Store) -> list[str]:
    """Drop the pending tables an import left in `store` when it was killed before it could
    publish or discard them; the names dropped. Only names this module makes are touched (a
    server may hold other programs' tables)."""
    ours = {PREFIX + t.name for t in TABLES}
    found = sorted(ours & set(store.backend.list_tables()))
    if found:
        with store.transaction():
            for name in found:
                store.execute(f"DROP TABLE {quote(name)}")
    return found
