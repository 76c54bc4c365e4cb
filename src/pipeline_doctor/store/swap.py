"""The next version of a store, swapped in only when complete.

A DuckDB file store is rebuilt beside itself: the work happens in `NAME.partial-XXXX` (a copy of
the store, or a new one) and `os.replace` puts it in place when the work is done. An interruption
or a crash at any point before that leaves the store exactly as it was; a partial file left by a
killed process is removed by the next command that writes the store. A lock file
(`.NAME.lock`) lets one command at a time write a store, and the current store stays open while
the new version is built, so no other program writes it meanwhile.

A store given as a URL (postgres://...) cannot be copied aside: there the unit is one
transaction around the whole work.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline_doctor.errors import PipelineDoctorError, StoreError
from pipeline_doctor.store.location import check_store_path, is_url, os_error_in, os_error_reason
from pipeline_doctor.store.store import Store

Check = Callable[[Store], None]
"""Runs on the current store (as it is on disk, not migrated) before any work; raises to refuse."""

PARTIAL = ".partial-"
COPY_BUFFER = 16 << 20


@contextlib.contextmanager
def new_version(
    url: str | os.PathLike[str], *, copy: bool, check: Check | None = None
) -> Iterator[Store]:
    """A store to write the next version of the store at `url` into: a copy of it (`copy`) or
    an empty one. It replaces the store when the block ends without an error; on any error or
    interruption the store is left as it was. `check` may refuse the current store first."""
    url = os.fspath(url)
    if is_url(url):
        with Store.open(url) as store:
            if check is not None:
                check(store)
            with store.transaction():
                if not copy:
                    store.clear()
                yield store
        return
    check_store_path(url, create=True)
    path = Path(url)
    with _write_lock(path), _current(path) as (current, held):
        if current is not None and check is not None:
            check(current)
        partial = path.with_name(f"{path.name}{PARTIAL}{secrets.token_hex(4)}")
        try:
            with _explained(path):
                remove_partials(path)
                if current is not None:
                    current.execute("CHECKPOINT")  # all in the main file: no log to replay
                if copy and held is not None:
                    copy_file(held, partial)
                store = Store.connect(str(partial), url)
            try:
                with _explained(path, only_its_files=True):
                    yield store
                with _explained(path):
                    store.execute("CHECKPOINT")  # everything in the file moved into place
            finally:
                store.close()
            with _explained(path):
                if current is not None:
                    shutil.copymode(path, partial)
                os.replace(partial, path)
        except BaseException:
            _remove(partial)
            raise
        _sync(path.parent)


def remove_partials(path: Path) -> list[Path]:
    """Remove what killed processes left beside the store at `path` (call with the lock)."""
    found = sorted(path.parent.glob(f"{glob.escape(path.name)}{PARTIAL}*"))
    for leftover in found:
        _remove(leftover)
    return found


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    """Hold the store's lock file (created beside it: also the first sign of a folder that
    cannot be written, before any work)."""
    with _explained(path):
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"The store {path} is being written by another pipeline-doctor command.",
                "Wait for it to finish and try again.",
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def _current(path: Path) -> Iterator[tuple[Store | None, BinaryIO | None]]:
    """The store now at `path`, held open (and so locked) while its next version is built, and
    the file open for copying; (None, None) when there is no store yet (or only an empty
    DuckDB file). The file stays open until the end: DuckDB's lock is a POSIX lock, which
    closing any descriptor of the file in this process would drop."""
    if not path.exists():
        yield None, None
        return
    current = Store.connect(str(path), str(path), prepare=False)
    try:
        if not current.is_store():
            raise StoreError(
                f"The database {path} has tables but no Pipeline Doctor version record, so it "
                "was not written by this tool.",
                "Use a new file ending in .duckdb for the store.",
            )
        with path.open("rb") as held:
            yield (current, held) if current.backend.list_tables() else (None, None)
    finally:
        current.close()


def copy_file(source: BinaryIO, target: Path) -> None:
    """Copy the whole of the open file `source` to a new file `target`."""
    source.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, COPY_BUFFER)


@contextlib.contextmanager
def _explained(path: Path, *, only_its_files: bool = False) -> Iterator[None]:
    """A refusal of the operating system (read-only folder, full disk) while writing the
    store's files as one sentence naming it; `only_its_files`: leave errors about other files
    (an input file that cannot be read) as they are."""
    try:
        yield
    except PipelineDoctorError:
        raise
    except Exception as exc:
        refused = os_error_in(exc)
        if refused is None or (only_its_files and not _about(exc, path)):
            raise
        raise StoreError(
            f"Cannot write the store {path}: {os_error_reason(refused)}; nothing was changed."
        ) from None


def _about(exc: Exception, path: Path) -> bool:
    """Whether `exc` is about the store's own files (not, say, an input file it could not
    read): they all start with the store's name."""
    named = getattr(exc, "filename", None)
    text = f"{named} {exc}" if named else str(exc)
    return path.name in text


def _remove(partial: Path) -> None:
    """Remove a partial store with its log and DuckDB's spill folder (NAME.wal, NAME.tmp)."""
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in (".wal", ".tmp"))):
        with contextlib.suppress(OSError):
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink(missing_ok=True)


def _sync(folder: Path) -> None:
    """Make the rename durable (a power cut after it must not bring the old store back)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
