"""Import files too large to hold in memory: part by part, all or nothing.

Files are taken in the model's table order (a file feeding `deals` before one feeding
`activities`), so every reference can be checked against what is already written. Small files
are planned together as usual; a large file is planned and written one part at a time
(`chunks.read_parts`). Rows go to pending tables (`pending.PendingTables`) committed part by
part, and are published in one transaction at the end, so memory stays bounded and a failure
anywhere leaves the store as it was. The result is the same as reading everything at once: the
same rows, the same rejects at the same lines, the same accounting (read = loaded + rejected).
A key that comes again in a later part is treated like a duplicate within one file: the
record is loaded once and the later copy is a reject (`duplicate_key`, saying whether it was
identical or had different values).

A clean file (`direct.candidate`) goes straight into its pending table inside DuckDB, in its
place in the table order; when in doubt, it is read like any other file, whole or in parts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from pipeline_doctor.importers.core import chunks, direct
from pipeline_doctor.importers.core.csvparse import RawFile
from pipeline_doctor.importers.core.mapping import Mapping
from pipeline_doctor.importers.core.plan import Plan, make_plan
from pipeline_doctor.importers.core.provided import (
    extra_columns,
    extra_keys_written,
    json_extra_tables,
    provided,
)
from pipeline_doctor.importers.core.rejects import ROW, Reject
from pipeline_doctor.importers.core.run import (
    ImportResult,
    Prepare,
    Progress,
    Tally,
    _digest,
    _record_history,
    _reject_table,
    read_files,
    static_tables,
    stopped_on_violation,
    write_bookkeeping,
    write_tables,
)
from pipeline_doctor.model.schema import TABLES, TABLES_BY_NAME
from pipeline_doctor.store.pending import PendingTables
from pipeline_doctor.store.store import quote

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

TABLE_ORDER = direct.TABLE_ORDER
EXTRA = quote("extra")


def fast_files(
    store: Store, paths: dict[str, Path], mapping: Mapping, prepared: bool = False
) -> dict[str, direct.DirectFile]:
    """The files that may take the fast path (`direct.candidate`; DuckDB stores only)."""
    if getattr(store.backend, "name", "") != "duckdb":
        return {}
    fresh = {t.name for t in TABLES if store.count(t.name) == 0}
    found = {n: direct.candidate(n, p, mapping, fresh, prepared) for n, p in paths.items()}
    return {name: file for name, file in found.items() if file is not None}


def should_stream(
    store: Store, paths: dict[str, Path], mapping: Mapping, fast: dict[str, direct.DirectFile]
) -> bool:
    """True when some file is larger than a part and can be split, or takes the fast path
    (`fast`, from `fast_files`; DuckDB stores only)."""
    if getattr(store.backend, "name", "") != "duckdb":
        return False
    return bool(fast) or any(_is_large(p, mapping, chunks.PART_BYTES) for p in paths.values())


def _is_large(path: Path, mapping: Mapping, part_bytes: int) -> bool:
    return path.stat().st_size > part_bytes and chunks.can_split(path, mapping.options.encoding)


Unit = tuple[dict[str, Path], str]
"""Files planned together and how: "small" (read whole), "large" (in parts), "direct"."""


def _units(
    paths: dict[str, Path],
    mapping: Mapping,
    part_bytes: int,
    fast: dict[str, direct.DirectFile],
) -> list[Unit]:
    """Files in table order: runs of small files planned together; each large file, and each
    file for the fast path (`fast`), alone."""

    def first_table(name: str) -> int:
        feeds = [TABLE_ORDER[r.table] for r in mapping.tables if r.file == name]
        return min(feeds, default=len(TABLE_ORDER))

    units: list[Unit] = []
    small: dict[str, Path] = {}
    for name in sorted(paths, key=first_table):
        alone = "direct" if name in fast else None
        if alone is None and _is_large(paths[name], mapping, part_bytes):
            alone = "large"
        if alone is None:
            small[name] = paths[name]
            continue
        if small:
            units.append((small, "small"))
            small = {}
        units.append(({name: paths[name]}, alone))
    if small:
        units.append((small, "small"))
    return units


def drop_repeats(plan: Plan, pending: PendingTables) -> None:
    """Rows whose key an earlier part already wrote: identical copies are loaded once, copies
    with different values are rejected (derived rows are simply dropped)."""
    for table, writes in list(plan.writes.items()):
        mask = pending.repeats(table, writes)
        if not mask.any():
            continue
        key_columns = TABLES_BY_NAME[table].key
        cand = plan.candidates[table]
        rows = np.flatnonzero(plan.kept[table])
        repeated = np.flatnonzero(mask)
        copies = writes.take(pa.array(repeated))
        earlier = pending.rows(table, copies)
        for position, copy in zip(repeated.tolist(), copies.to_pylist(), strict=True):
            row = int(rows[position])
            key = tuple(copy[k] for k in key_columns)
            first = earlier.get(key)
            same = first is not None and all(first.get(c) == v for c, v in copy.items())
            if cand.derived is not None and cand.derived[row]:
                continue
            shown = ", ".join(str(v) for v in key)
            message = (
                f"{table} {shown} is the same record as one earlier in this import: it was "
                "loaded once"
                if same
                else f"{table} {shown} already came earlier in this import with different "
                "values; the first one was kept"
            )
            cand.reject(row, ROW, shown, "duplicate_key", message)
            plan.rejects.append(cand.rejects[-1])
        plan.writes[table] = writes.filter(pa.array(~mask))


def _pieces(
    paths: dict[str, Path],
    large: bool,
    mapping: Mapping,
    prepare: Callable[[RawFile], RawFile] | None,
    part_bytes: int,
) -> Iterator[tuple[dict[str, RawFile], int]]:
    """What is planned at once (several small files, or one part of a large one), with bytes."""
    if not large:
        yield read_files(paths, mapping, prepare), sum(p.stat().st_size for p in paths.values())
        return
    ((name, path),) = paths.items()
    options = mapping.options
    for raw, size in chunks.read_parts(path, name, options.encoding, options.delimiter, part_bytes):
        yield {name: prepare(raw) if prepare else raw}, size


class _Lookups:
    """Keys and (key, time) rows, stored and pending, cached until the table is written."""

    def __init__(self, pending: PendingTables) -> None:
        self.pending = pending
        self.cache: dict[tuple[str, ...], Any] = {}

    def keys(self, table: str, key: str) -> pa.Array:
        if (table, key) not in self.cache:
            self.cache[(table, key)] = self.pending.keys(table, key)
        result: pa.Array = self.cache[(table, key)]
        return result

    def parents(self, table: str, key: str, time: str) -> pa.Table:
        if (table, key, time) not in self.cache:
            self.cache[(table, key, time)] = self.pending.parents(table, key, time)
        result: pa.Table = self.cache[(table, key, time)]
        return result

    def forget(self, tables: set[str]) -> None:
        self.cache = {k: v for k, v in self.cache.items() if k[0] not in tables}


def run_streamed(
    store: Store,
    mapping: Mapping,
    paths: dict[str, Path],
    *,
    location: str,
    prepare: Prepare | None = None,
    progress: Progress | None = None,
    part_bytes: int | None = None,
    fast: dict[str, direct.DirectFile] | None = None,
) -> ImportResult:
    """Import `paths` part by part (see the module docstring); same result as `run_import`.
    The files in `fast` take the fast path (`direct`); None: those that may (`fast_files`)."""
    part_bytes = part_bytes or chunks.PART_BYTES
    started = datetime.now(UTC).replace(tzinfo=None)
    import_id = f"{mapping.source}-{_digest(paths, mapping)}"
    total_bytes = sum(p.stat().st_size for p in paths.values()) or 1
    pending = PendingTables(store)
    if fast is None:
        fast = fast_files(store, paths, mapping, prepare is not None)
    lookups = _Lookups(pending)
    rejects: list[Reject] = []
    headers: dict[str, list[str]] = {}  # each file's columns, for `provided_columns`
    more: list[tuple[str, list[str]]] = []  # what else it provides (history, extra keys)
    tally = Tally()
    done = 0

    def report(size: int) -> Callable[[float], None] | None:
        if progress is None:
            return None
        at, sink = done, progress
        return lambda share: sink(min(at + int(share * size), total_bytes), total_bytes, tally.read)

    with pending.bulk_settings(), _discarded_on_failure(pending):
        for paths_here, kind in _units(paths, mapping, part_bytes, fast):
            size = sum(p.stat().st_size for p in paths_here.values())
            if kind == "direct":
                ((name, _),) = paths_here.items()
                loaded = direct.load(fast[name], pending, report(size))
                if loaded is not None:
                    headers[name] = fast[name].header
                    more += _pending_extra_keys(pending, mapping, set(loaded.loaded))
                    tally.add_direct(name, loaded.rows, loaded.loaded, loaded.notes)
                    lookups.forget(set(loaded.loaded))
                    done += size
                    if progress:
                        progress(min(done, total_bytes), total_bytes, tally.read)
                    continue
                kind = "large" if _is_large(paths_here[name], mapping, part_bytes) else "small"
            for raws, piece in _pieces(paths_here, kind == "large", mapping, prepare, part_bytes):
                plan = make_plan(raws, mapping, lookups.keys, lookups.parents)
                drop_repeats(plan, pending)
                more += _record_history(store, plan, started)
                more += extra_keys_written(mapping, plan.writes)
                headers.update({name: raw.columns for name, raw in raws.items()})
                tally.add(raws, plan)
                _append(pending, plan)
                lookups.forget(set(plan.writes))
                rejects.extend(plan.rejects)
                done += piece
                if progress:
                    progress(min(done, total_bytes), total_bytes, tally.read)
        finished = datetime.now(UTC).replace(tzinfo=None)
        imports_row = tally.imports_row(import_id, mapping, started, finished, location)
        with store.transaction():
            pending.publish()
            write_tables(store, Plan(), static_tables(mapping))
            write_bookkeeping(
                store,
                imports_row,
                _reject_table(import_id, rejects),
                provided(mapping, headers, more),
            )
    return tally.result(import_id, mapping, location, (finished - started).total_seconds())


def _pending_extra_keys(
    pending: PendingTables, mapping: Mapping, tables: set[str]
) -> list[tuple[str, list[str]]]:
    """`extra_keys_written` for rows the fast path loaded into the pending tables."""
    found: list[tuple[str, list[str]]] = []
    for table in sorted(json_extra_tables(mapping) & tables):
        texts = pending.fetch_table(
            f"SELECT DISTINCT {EXTRA} FROM {pending.name(table)} WHERE {EXTRA} IS NOT NULL"
        )
        found += extra_columns(table, texts.column(0).to_pylist())
    return found


def _append(pending: PendingTables, plan: Plan) -> None:
    """One piece's tables into the pending tables (references and time order were checked by
    `make_plan` against the store and what is pending)."""
    with stopped_on_violation(plan):
        for definition in TABLES:
            data = plan.writes.get(definition.name)
            if data is not None and data.num_rows:
                pending.append(definition.name, data)


@contextlib.contextmanager
def _discarded_on_failure(pending: PendingTables) -> Iterator[None]:
    try:
        yield
    except BaseException:
        pending.discard()
        raise
