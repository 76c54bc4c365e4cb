"""Run an import: read the files, plan, and write every table in one transaction.

Accounting: every data row of every file is read; a row is rejected when it has at least one
reject that is not a warning; all other rows are loaded. read = loaded + rejected, always.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline_doctor.errors import PipelineDoctorError, SchemaViolation
from pipeline_doctor.importers.core.csvparse import RawFile, parse_csv
from pipeline_doctor.importers.core.history import TRACKED, changes
from pipeline_doctor.importers.core.mapping import Mapping
from pipeline_doctor.importers.core.plan import Plan, make_plan
from pipeline_doctor.importers.core.provided import extra_keys_written, provided
from pipeline_doctor.importers.core.rejects import Reject
from pipeline_doctor.importers.core.textio import read_text
from pipeline_doctor.model.schema import TABLES
from pipeline_doctor.model.validate import arrow_schema

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Progress = Callable[[int, int, int], None]
"""progress(bytes done, bytes in all, rows read so far), called as an import goes."""
Prepare = Callable[[RawFile], RawFile]
"""A source's own step between parsing and mapping (derived columns, id clean-up)."""


@dataclass
class ImportResult:
    """What an import did: the row accounting, rejects by reason, rows per table, notes."""

    import_id: str
    source: str
    location: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rejected_by_reason: dict[str, int]
    warnings_by_reason: dict[str, int]
    loaded_by_table: dict[str, int]
    rows_by_file: dict[str, int]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


SAMPLE_BLOCKS = 64
SAMPLE_BYTES = 1 << 16


def _fingerprint(path: Path) -> bytes:
    """A file's size and 64 blocks of 64 KB spread over it, first and last included: reading
    every byte of an 8 GB export only to name the import took 15 seconds. Two exports of the
    same size that agree on all 4 MB sampled get the same name (their rejects then share an
    import id); a re-export with any changed row count or length almost never does."""
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as handle:
        if size <= SAMPLE_BLOCKS * SAMPLE_BYTES:
            digest.update(handle.read())
            return digest.digest()
        step = (size - SAMPLE_BYTES) // (SAMPLE_BLOCKS - 1)
        for block in range(SAMPLE_BLOCKS):
            handle.seek(block * step)
            digest.update(handle.read(SAMPLE_BYTES))
    return digest.digest()


def _digest(paths: dict[str, Path], mapping: Mapping) -> str:
    """The import's id: the mapping and each file's fingerprint."""
    digest = hashlib.sha256(repr(mapping).encode())
    for name in sorted(paths):
        digest.update(name.encode())
        digest.update(_fingerprint(paths[name]))
    return digest.hexdigest()[:16]


def read_files(
    paths: dict[str, Path],
    mapping: Mapping,
    prepare: Prepare | None,
    progress: Progress | None = None,
) -> dict[str, RawFile]:
    """Decode and parse each file (named as the mapping names it)."""
    raws: dict[str, RawFile] = {}
    total = sum(path.stat().st_size for path in paths.values()) + 1  # +1: the write
    done = rows = 0
    for name, path in paths.items():
        decoded = read_text(path, mapping.options.encoding)
        raw = parse_csv(decoded.text, name, mapping.options.delimiter)
        raw.notes[:0] = list(decoded.notes)
        raws[name] = prepare(raw) if prepare else raw
        done, rows = done + path.stat().st_size, rows + raw.rows_read
        if progress:
            progress(done, total, rows)
    return raws


def _accounting(raws: dict[str, RawFile], rejects: list[Reject]) -> tuple[int, int, Counter[str]]:
    rejected_rows: dict[tuple[str, int], str] = {}
    for r in rejects:
        if not r.is_warning:
            rejected_rows.setdefault((r.file, r.line), r.reason)
    read = sum(raw.rows_read for raw in raws.values())
    return read, len(rejected_rows), Counter(rejected_rows.values())


def _reject_table(import_id: str, rejects: list[Reject]) -> pa.Table:
    seen: dict[tuple[str, int, str], dict[str, object]] = {}
    for r in rejects:
        seen.setdefault((r.file, r.line, r.column), r.as_row(import_id))
    from pipeline_doctor.model.schema import REJECTS

    return pa.Table.from_pylist(list(seen.values()), schema=arrow_schema(REJECTS))


def _where(plan: Plan, exc: SchemaViolation) -> str:
    cand = plan.candidates.get(exc.table)
    if cand is None or exc.column not in cand.data.column_names:
        return ""
    values = cand.data.column(exc.column).to_pylist()
    for row, value in enumerate(values):
        if value == exc.value:
            return f" (first at {cand.files[row]} line {int(cand.lines[row])})"
    return ""


def write_plan(
    store: Store,
    plan: Plan,
    static: dict[str, pa.Table],
    imports_row: dict[str, object],
    rejects: pa.Table,
    provided: dict[str, dict[str, str]],
) -> None:
    """All tables of one import in one transaction: all land or none do."""
    with stopped_on_violation(plan), store.transaction():
        write_tables(store, plan, static)
        write_bookkeeping(store, imports_row, rejects, provided)


def write_bookkeeping(
    store: Store,
    imports_row: dict[str, object],
    rejects: pa.Table,
    provided: dict[str, dict[str, str]],
) -> None:
    """The import's rejects, its row in `imports` and the columns it provided (upserts: the
    same import again changes nothing)."""
    store.write("rejects", rejects, mode="upsert")
    store.write("imports", pa.Table.from_pylist([imports_row]), mode="upsert")
    store.record_provided(str(imports_row["id"]), provided)


@contextlib.contextmanager
def stopped_on_violation(plan: Plan) -> Iterator[None]:
    """A write the store refuses becomes one sentence naming the file and line it came from."""
    try:
        yield
    except SchemaViolation as exc:
        raise PipelineDoctorError(
            f"The import stopped and changed nothing: {exc.message}{_where(plan, exc)}"
        ) from None


def write_tables(store: Store, plan: Plan, static: dict[str, pa.Table]) -> None:
    """Upsert the plan's tables (and the mapping's fixed rows) in the model's table order."""
    for definition in TABLES:
        for data in (static.get(definition.name), plan.writes.get(definition.name)):
            if data is not None and data.num_rows:
                store.write(definition.name, data, mode="upsert")


def static_tables(mapping: Mapping) -> dict[str, pa.Table]:
    """The rows the mapping itself declares (fixed stages, for instance), per table."""
    return {
        table: pa.Table.from_pylist([row for t, row in mapping.rows if t == table])
        for table in dict.fromkeys(t for t, _ in mapping.rows)
    }


def _record_history(store: Store, plan: Plan, at: datetime) -> list[tuple[str, list[str]]]:
    """Changes to deals already in the store become stage and field changes as of `at`;
    returns the (table, columns) it added rows to, for `provided_columns`."""
    new = plan.writes.get("deals")
    if new is None or new.num_rows == 0 or store.count("deals") == 0:
        return []
    stored = store.table("deals").select("id", "stage", *TRACKED).to_pyarrow()
    stage_changes, field_changes = changes(new, stored, at)
    added: list[tuple[str, list[str]]] = []
    for name, extra in (("stage_changes", stage_changes), ("field_changes", field_changes)):
        if extra.num_rows == 0:
            continue
        filled = [c for c in extra.column_names if extra.column(c).null_count < extra.num_rows]
        added.append((name, filled))
        mine = plan.writes.get(name)
        if mine is not None and mine.num_rows:
            extra = extra.select(mine.column_names).cast(mine.schema)
            plan.writes[name] = pa.concat_tables([mine, extra])
        else:
            plan.writes[name] = extra
    return added


def _store_lookups(
    store: Store,
) -> tuple[Callable[[str, str], pa.Array], Callable[[str, str, str], pa.Table]]:
    def keys(table: str, key: str) -> pa.Array:
        return store.table(table).select(key).to_pyarrow().column(0).combine_chunks()

    def parents(table: str, key: str, time: str) -> pa.Table:
        return store.table(table).select(key, time).to_pyarrow()

    return keys, parents


def run_import(
    store: Store,
    mapping: Mapping,
    paths: dict[str, Path],
    *,
    location: str,
    prepare: Prepare | None = None,
    progress: Progress | None = None,
    exact: bool = False,
) -> ImportResult:
    """Import `paths` (file name as the mapping names it -> path) into `store`. Files larger
    than a part (`chunks.PART_BYTES`) are read part by part in bounded memory; clean files
    go straight into DuckDB (`direct`) unless `exact`."""
    from pipeline_doctor.importers.core import streaming

    fast = {} if exact else streaming.fast_files(store, paths, mapping, prepare is not None)
    if streaming.should_stream(store, paths, mapping, fast):
        return streaming.run_streamed(
            store,
            mapping,
            paths,
            location=location,
            prepare=prepare,
            progress=progress,
            fast=fast,
        )
    raws = read_files(paths, mapping, prepare, progress)
    return load_raws(store, mapping, raws, paths, location=location, progress=progress)


def load_raws(
    store: Store,
    mapping: Mapping,
    raws: dict[str, RawFile],
    paths: dict[str, Path],
    *,
    location: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and write already parsed files (a source may build its mapping from them)."""
    started = datetime.now(UTC).replace(tzinfo=None)
    import_id = f"{mapping.source}-{_digest(paths, mapping)}"
    keys, parents = _store_lookups(store)
    plan = make_plan(raws, mapping, keys, parents)
    more = _record_history(store, plan, started) + extra_keys_written(mapping, plan.writes)
    tally = Tally()
    tally.add(raws, plan)
    finished = datetime.now(UTC).replace(tzinfo=None)
    imports_row = tally.imports_row(import_id, mapping, started, finished, location)
    headers = {name: raw.columns for name, raw in raws.items()}
    write_plan(
        store,
        plan,
        static_tables(mapping),
        imports_row,
        _reject_table(import_id, plan.rejects),
        provided(mapping, headers, more),
    )
    if progress:
        progress(1, 1, tally.read)
    return tally.result(import_id, mapping, location, (finished - started).total_seconds())


@dataclass
class Tally:
    """What an import counted, piece by piece: rows read and rejected (a row with any reject
    that is not a warning), rejects and warnings by reason, rows written per table, notes."""

    read: int = 0
    rejected: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    loaded: Counter[str] = field(default_factory=Counter)
    rows_by_file: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, raws: dict[str, RawFile], plan: Plan) -> None:
        read, rejected, by_reason = _accounting(raws, plan.rejects)
        self.read += read
        self.rejected += rejected
        self.by_reason.update(by_reason)
        self.warnings.update(r.reason for r in plan.rejects if r.is_warning)
        self.loaded.update({t: d.num_rows for t, d in plan.writes.items()})
        self.rows_by_file.update({name: raw.rows_read for name, raw in raws.items()})
        self.notes.extend(n for raw in raws.values() for n in raw.notes)

    def add_direct(self, name: str, rows: int, loaded: dict[str, int], notes: list[str]) -> None:
        """A file the fast path loaded: every row read was loaded, none rejected."""
        self.read += rows
        self.loaded.update(loaded)
        self.rows_by_file[name] += rows
        self.notes.extend(notes)

    def imports_row(
        self, import_id: str, mapping: Mapping, started: datetime, finished: datetime, where: str
    ) -> dict[str, object]:
        """The import's row in the `imports` table."""
        return {
            "id": import_id,
            "source": mapping.source,
            "started_at": started,
            "finished_at": finished,
            "location": where,
            "rows_read": self.read,
            "rows_loaded": self.read - self.rejected,
            "rows_rejected": self.rejected,
            "source_timezone": mapping.options.timezone,
        }

    def result(self, import_id: str, mapping: Mapping, where: str, seconds: float) -> ImportResult:
        return ImportResult(
            import_id,
            mapping.source,
            where,
            self.read,
            self.read - self.rejected,
            self.rejected,
            dict(self.by_reason.most_common()),
            dict(self.warnings.most_common()),
            dict(self.loaded),
            dict(self.rows_by_file),
            list(dict.fromkeys(self.notes)),
            seconds,
        )
