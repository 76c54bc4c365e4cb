"""The store: canonical tables behind an Ibis backend (an embedded DuckDB file by default).

`Store.open("pipeline.duckdb")`, `Store.open("duckdb://path")` or `Store.open("postgres://...")`
all give the same API. Writes are validated against the canonical model and run in one
transaction: a refused batch leaves the store as it was. Messages and outputs name a store by
`Store.label`, its URL without the password.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import ibis
import pyarrow as pa
import sqlglot.expressions as sge

from pipeline_doctor.errors import StoreError
from pipeline_doctor.model.schema import SCHEMA_VERSION, TABLES, Table
from pipeline_doctor.model.schema import table as table_def
from pipeline_doctor.model.validate import validate_batch
from pipeline_doctor.store.integrity import check_integrity
from pipeline_doctor.store.location import (
    IN_MEMORY,
    check_store_path,
    is_url,
    os_error_in,
    os_error_reason,
    redact,
)

DEFAULT_DB = "pipeline.duckdb"
META_TABLE = "pipeline_doctor_meta"
WriteMode = Literal["append", "upsert"]
_staging_ids = itertools.count()
COMPACT_FROM = 16 << 20
"""Free room in a DuckDB file worth a rewrite (with a quarter of the file at least): DuckDB reuses
the room of dropped tables but gives it back to the disk only from the end of the file."""


def quote(identifier: str) -> str:
    """Quote an identifier for SQL (identifiers only ever come from the canonical model)."""
    return sge.to_identifier(identifier, quoted=True).sql()


def literal(text: str) -> str:
    """`text` as an SQL string literal, rendered by sqlglot: values that come from outside
    (a file path, a mapping's value) enter SQL only through here, never formatted by hand."""
    rendered: str = sge.Literal.string(text).sql(dialect="duckdb")
    return rendered


def _ibis_schema(table: Table) -> Any:
    return ibis.schema([(c.name, ("" if c.nullable else "!") + c.type) for c in table.columns])


def _connect_backend(url: str, *, read_only: bool = False) -> Any:
    """The Ibis backend for `url`, a path already checked by `check_store_path`, or a URL."""
    if is_url(url):
        return ibis.connect(url)
    backend = ibis.duckdb.connect(url, read_only=read_only)
    backend.raw_sql("SET enable_progress_bar = false")  # our own bars, not DuckDB's on stdout
    return backend


def _explain_open_error(url: str, exc: Exception) -> StoreError:
    text = str(exc)
    if "lock" in text.lower():
        return StoreError(
            f"The store {url} is in use by another program (it is locked).",
            "Close the other pipeline-doctor command or dashboard using it and try again.",
        )
    if "not a valid" in text.lower() or "corrupt" in text.lower() or "Invalid" in text:
        return StoreError(
            f"The store {url} is not a readable Pipeline Doctor database (it may be corrupt).",
            "Move it aside and import your data again into a new store.",
        )
    refused = os_error_in(exc)
    if refused is not None:
        return StoreError(f"Cannot write the store {url}: {os_error_reason(refused)}.")
    return StoreError(f"Could not open the store {url}: {text.splitlines()[0]}")


class Store:
    """Canonical tables in an Ibis backend, with validated, transactional writes."""

    def __init__(self, backend: Any, url: str) -> None:
        self.backend = backend
        self.url = url
        """The store as the user gave it (a path or a URL, with its password if any)."""
        self._transaction_depth = 0
        self._tables: dict[str, Any] = {}
        self.read_only = False
        """Opened read-only because it cannot be written (see `Store.open`)."""
        self.sparse = False
        """Leftover pending tables were dropped on opening and left much of the DuckDB file
        empty: worth rewriting (`swap.tidy`)."""

    @property
    def label(self) -> str:
        """The store as every message and output names it: `url` without its password."""
        return redact(self.url)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | os.PathLike[str] = DEFAULT_DB, *, create: bool = True) -> Store:
        """Open (and if needed create or migrate) the store at `url`. A store that cannot be
        written (a read-only folder or file) opens read-only when `create` is false. What a
        killed writer left (pending tables inside, partial files beside) is cleared here when
        the store can be written, so it costs no room until the next import."""
        from pipeline_doctor.store.swap import tidy

        url = os.fspath(url)
        check_store_path(url, create=create)
        store = cls.connect(url, url, read_only_fallback=not create)
        if is_url(url) or url == IN_MEMORY or store.read_only:
            return store
        return tidy(store, Path(url))

    @classmethod
    def connect(
        cls, url: str, name: str, *, prepare: bool = True, read_only_fallback: bool = False
    ) -> Store:
        """The store at `url` (a checked path or a URL) known as `name` (`Store.url`: the
        store the user gave, where `url` may be its next version); `prepare` creates or
        migrates its tables. See `Store.open`."""
        read_only = False
        try:
            backend = _connect_backend(url)
        except Exception as exc:  # backends raise their own types; all mean "cannot open"
            if not (read_only_fallback and not is_url(url) and os_error_in(exc)):
                raise _explain_open_error(redact(name), exc) from None
            try:
                backend, read_only = _connect_backend(url, read_only=True), True
            except Exception:
                raise _explain_open_error(redact(name), exc) from None
        store = cls(backend, name)
        store.read_only = read_only
        if not prepare:
            return store
        try:
            store._prepare()
        except StoreError:
            store.close()
            raise
        except Exception as exc:
            store.close()
            raise _explain_open_error(store.label, exc) from None
        return store

    def _prepare(self) -> None:
        if not self.is_store():
            raise StoreError(
                f"The database {self.label} has tables but no Pipeline Doctor version record, "
                "so it was not written by this tool.",
                "Use a new file ending in .duckdb for the store.",
            )
        if META_TABLE not in self.backend.list_tables():
            self.create_missing_tables()
            self.execute(
                f"CREATE TABLE {quote(META_TABLE)} (key VARCHAR PRIMARY KEY, value VARCHAR)"
            )
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            return
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The store {self.label} was written by a newer Pipeline Doctor "
                f"(schema version {version}; this one understands up to {SCHEMA_VERSION}).",
                "Upgrade pipeline-doctor to open it.",
            )
        if version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(
                    f"The store {self.label} was written by an older Pipeline Doctor and must be "
                    "upgraded, but it cannot be written (read-only).",
                    "Copy it to a folder you can write to and open the copy.",
                )
            self.migrate()
        if not self.read_only:
            self._drop_leftovers()

    def _drop_leftovers(self) -> None:
        """Drop the pending tables a killed import left (releases before the swap design
        imported into the store itself; their rows never reached the canonical tables), and
        note when that leaves much of a DuckDB file empty (`sparse`)."""
        from pipeline_doctor.store.pending import drop_leftovers

        if not drop_leftovers(self) or self.backend.name != "duckdb":
            return
        self.execute("CHECKPOINT")  # gives back the room at the end of the file
        block, total, free = self.backend.con.execute(
            "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size() "
            "WHERE database_name = current_database()"
        ).fetchone()
        self.sparse = free * block >= COMPACT_FROM and 4 * free >= total

    def is_store(self) -> bool:
        """Whether the database is a Pipeline Doctor store (it has the version record) or can
        become one: a DuckDB file with no tables, a database server without sales tables
        (a server may be shared with other programs; a store file is not)."""
        tables = set(self.backend.list_tables())
        if META_TABLE in tables:
            return True
        return not (tables & {t.name for t in TABLES} if is_url(self.url) else tables)

    def migrate(self) -> None:
        """Migrate the store forward to SCHEMA_VERSION, one step at a time, atomically."""
        from pipeline_doctor.model.migrations import MIGRATIONS

        version = self.schema_version
        with self.transaction():
            while version < SCHEMA_VERSION:
                step = MIGRATIONS.get(version)
                if step is None:
                    raise StoreError(
                        f"The store {self.label} has schema version {version}, which cannot be "
                        "migrated automatically.",
                        "Export it with the release that wrote it and import it again.",
                    )
                step(self)
                version += 1
                self._set_meta("schema_version", str(version))

    def create_missing_tables(self) -> None:
        existing = set(self.backend.list_tables())
        for t in TABLES:
            if t.name not in existing:
                self.backend.create_table(t.name, schema=_ibis_schema(t))

    # -- metadata ----------------------------------------------------------------------------
    def _set_meta(self, key: str, value: str) -> None:
        meta = quote(META_TABLE)
        self.execute(f"DELETE FROM {meta} WHERE key = '{key}'")  # key is one of ours, not input
        self.backend.insert(META_TABLE, pa.table({"key": [key], "value": [value]}))

    @property
    def schema_version(self) -> int:
        meta = self.backend.table(META_TABLE)
        rows = meta.filter(meta.key == "schema_version").value.to_pyarrow().to_pylist()
        if not rows:
            raise StoreError(f"The store {self.label} has no schema version record.")
        return int(rows[0])

    # -- reading -----------------------------------------------------------------------------
    def table(self, name: str) -> Any:
        """The Ibis table expression for a canonical table (kept: looking a table up reads the
        database's catalogue, tens of milliseconds each time)."""
        table_def(name)
        if name not in self._tables:
            self._tables[name] = self.backend.table(name)
        return self._tables[name]

    def count(self, name: str) -> int:
        return int(self.table(name).count().to_pyarrow().as_py())

    def counts(self) -> dict[str, int]:
        return {t.name: self.count(t.name) for t in TABLES}

    # -- writing -----------------------------------------------------------------------------
    def execute(self, sql: str) -> None:
        """Run a statement built only from model identifiers (never from user input)."""
        if sql.lstrip()[:6].upper() in ("ALTER ", "CREATE", "DROP T"):
            self._tables.clear()  # a table's shape may change: look it up again
        self.backend.raw_sql(sql)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside either all land or none do. Nests: only the outermost commits."""
        if self._transaction_depth:
            self._transaction_depth += 1
            try:
                yield
            finally:
                self._transaction_depth -= 1
            return
        self.execute("BEGIN TRANSACTION")
        self._transaction_depth = 1
        try:
            yield
        except BaseException:
            # a connection that failed to write (a full disk) may fail to roll back too, with
            # an internal error and a C++ stack trace: the first error is the one to tell
            with contextlib.suppress(Exception):
                self.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")
        finally:
            self._transaction_depth = 0

    def write(
        self,
        name: str,
        data: pa.Table | Any,
        *,
        mode: WriteMode = "append",
        check_references: bool = True,
    ) -> int:
        """Validate `data` against the canonical table `name` and add it; return rows written.

        mode="upsert" replaces existing rows with the same key (idempotent re-imports).
        Raises SchemaViolation (nothing written) when any row breaks the model.
        """
        definition = table_def(name)
        if not isinstance(data, pa.Table):
            data = pa.Table.from_pandas(data, preserve_index=False)
        batch = validate_batch(definition, data)
        if batch.num_rows == 0:
            return 0
        staging = f"_staging_{name}_{os.getpid()}_{next(_staging_ids)}"
        with self._staged(staging, batch) as staged:
            if check_references:
                check_integrity(self, definition, staged)
            with self.transaction():
                if mode == "upsert":
                    self._delete_matching(definition, staging)
                self.backend.insert(name, staged)
        return int(batch.num_rows)

    @contextlib.contextmanager
    def _staged(self, staging: str, batch: pa.Table) -> Iterator[Any]:
        """The batch as a table the database can join against: on DuckDB a view over the
        Arrow data itself (no copy), elsewhere a temporary table."""
        con: Any = getattr(self.backend, "con", None)
        if self.backend.name == "duckdb" and hasattr(con, "register"):
            con.register(staging, batch)
            try:
                yield self.backend.table(staging)
            finally:
                con.unregister(staging)
            return
        staged = self.backend.create_table(staging, batch, temp=True)
        try:
            yield staged
        finally:
            self.backend.drop_table(staging, force=True)

    def _delete_matching(self, definition: Table, staging: str) -> None:
        target = quote(definition.name)
        match = " AND ".join(f"s.{quote(k)} = {target}.{quote(k)}" for k in definition.key)
        self.execute(
            f"DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {quote(staging)} s WHERE {match})"
        )

    def clear(self) -> None:
        """Delete every row of every canonical table, in one transaction."""
        with self.transaction():
            for t in reversed(TABLES):
                self.execute(f"DELETE FROM {quote(t.name)}")

    def import_sources(self) -> set[str]:
        """The sources (simulator, salesforce, csv, ...) of the imports recorded in the store."""
        if "imports" not in self.backend.list_tables():  # a version 1 store, not migrated
            return set()
        imports = self.table("imports")
        return set(imports.select("source").distinct().to_pyarrow().column(0).to_pylist())

    # -- what the imports provided (see store.provided) --------------------------------------
    def record_provided(self, import_id: str, provided: Mapping[str, Mapping[str, str]]) -> int:
        """Record which columns the import `import_id` filled: table -> column (or
        `extra.<key>`) -> "data" or "constant". Recording the same again changes nothing."""
        from pipeline_doctor.store.provided import provided_table

        return self.write("provided_columns", provided_table(import_id, provided), mode="upsert")

    def _provided_how(self, how: str) -> dict[str, frozenset[str]]:
        found = self.table("provided_columns")
        rows = (
            found.filter(found.how == how)
            .select("table_name", "column_name")
            .distinct()
            .to_pyarrow()
            .to_pylist()
        )
        columns: dict[str, set[str]] = {}
        for row in rows:
            columns.setdefault(row["table_name"], set()).add(row["column_name"])
        return {table: frozenset(names) for table, names in columns.items()}

    def provided_columns(self) -> dict[str, frozenset[str]]:
        """Table -> the columns (and `extra.<key>` attributes) some import provided as data.
        A column missing here is absent: no source the store was filled from has it."""
        return self._provided_how("data")

    def constant_columns(self) -> dict[str, frozenset[str]]:
        """Table -> the columns only ever set to a constant by a mapping or an importer (such
        as pipeline "default"): filled, but they carry no information."""
        data = self.provided_columns()
        constant = self._provided_how("constant")
        return {
            table: left
            for table, names in constant.items()
            if (left := names - data.get(table, frozenset()))
        }

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.backend.disconnect()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
