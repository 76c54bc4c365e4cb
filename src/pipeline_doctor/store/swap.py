"""The next version of a store, swapped in only when complete.

A DuckDB file store is rebuilt beside itself: the work happens in `NAME.partial-XXXX` (a copy of
the store, or a new one) and `os.replace` puts it in place when the work is done. An interruption
or a crash at any point before that leaves the store exactly as it was; a partial file left by a
killed process is removed by the next command that writes or opens the store (`tidy`). A lock
file (`.NAME.lock`) lets one command at a time write a store, and the current store stays open
while the new version is built, so no other program writes it meanwhile.

A store given as a URL (postgres://...) cannot be copied aside: there the unit is one
transaction around the whole work.

The rename (or the COMMIT) is the commit point. An interruption is raised as `Interrupted`,
which says what became of the store: unchanged, never created, or saved when Ctrl-C came just
after the commit point (Ctrl-C is held back for the rename itself, so the answer is exact).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline_doctor.errors import PipelineDoctorError, StoreError
from pipeline_doctor.store.location import check_store_path, is_url, os_error_in, os_error_reason
from pipeline_doctor.store.store import Store, literal, quote

Check = Callable[[Store], None]
"""Runs on the current store (as it is on disk, not migrated) before any work; raises to refuse."""

PARTIAL = ".partial-"
COPY_BUFFER = 16 << 20
UNCHANGED = "Interrupted; the store is unchanged."
NOT_CREATED = "Interrupted; no store was created."
SAVED = "Interrupted after the store was saved: its new version is complete."


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while a store was being written, saying in `outcome` what became of the store;
    `saved` when it came after the commit point. Still a KeyboardInterrupt for everything
    that stops on one (Typer turns it into exit code 130)."""

    def __init__(self, outcome: str, *, saved: bool) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.saved = saved


@dataclass
class _Progress:
    """How far a new version got: whether a store was there before, whether it is saved."""

    existed: bool
    saved: bool = False

    def interrupted(self) -> Interrupted:
        if self.saved:
            return Interrupted(SAVED, saved=True)
        return Interrupted(UNCHANGED if self.existed else NOT_CREATED, saved=False)


@contextlib.contextmanager
def new_version(
    url: str | os.PathLike[str], *, copy: bool, check: Check | None = None
) -> Iterator[Store]:
    """A store to write the next version of the store at `url` into: a copy of it (`copy`) or
    an empty one. It replaces the store when the block ends without an error; on any error or
    interruption the store is left as it was. `check` may refuse the current store first.
    An interruption comes out as `Interrupted` (see the module docstring)."""
    url = os.fspath(url)
    progress = _Progress(existed=is_url(url) or os.path.lexists(url))
    build = _in_transaction if is_url(url) else _beside
    try:
        with build(url, copy, check, progress) as store:
            yield store
    except BaseException as exc:
        if isinstance(exc, Interrupted) or not _is_interrupt(exc):
            raise
        raise progress.interrupted() from exc


@contextlib.contextmanager
def _in_transaction(
    url: str, copy: bool, check: Check | None, progress: _Progress
) -> Iterator[Store]:
    """The next version of a store given as a URL: one transaction around the work."""
    with Store.open(url) as store:
        if check is not None:
            check(store)
        with contextlib.ExitStack() as commit, store.transaction():
            if not copy:
                store.clear()
            yield store
            commit.enter_context(_commit_point(progress))  # held until the COMMIT is done


@contextlib.contextmanager
def _beside(url: str, copy: bool, check: Check | None, progress: _Progress) -> Iterator[Store]:
    """The next version of a store file, built in a partial file beside it."""
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
                store = _connected(partial, url)
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
                with _commit_point(progress):
                    os.replace(partial, path)
        except BaseException:
            _remove(partial)
            raise
        _sync(path.parent)


def _connected(partial: Path, url: str) -> Store:
    """The store in `partial` (a copy of the store `url`, or new), made compact first when it
    carried the pending tables of a killed import (`Store.sparse`)."""
    store = Store.connect(str(partial), url)
    if not store.sparse:
        return store
    try:
        _rewrite(store, partial)
    finally:
        store.close()
    return Store.connect(str(partial), url)


@contextlib.contextmanager
def _commit_point(progress: _Progress) -> Iterator[None]:
    """The step that puts the new version in place, recorded as done with Ctrl-C held back:
    an interruption then knows exactly whether the store was saved."""
    with interrupts_held() as held:
        yield
        progress.saved = True
    if held:
        signal.raise_signal(signal.SIGINT)  # now that it is saved


@contextlib.contextmanager
def interrupts_held() -> Iterator[list[int]]:
    """Ctrl-C noted (in the list yielded) but not acted on during the block: for steps that
    must not be cut in two. Signal handlers belong to the main thread; elsewhere the block
    runs as it is."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is None  # a handler set outside Python: left alone
    ):
        yield held
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)


def _is_interrupt(exc: BaseException) -> bool:
    """Whether `exc` is Ctrl-C: a KeyboardInterrupt, or an error raised because of one (DuckDB
    turns Ctrl-C during a query into RuntimeError("Query interrupted"), the interrupt as its
    context)."""
    return any(isinstance(e, KeyboardInterrupt) for e in _chain(exc))


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, then the error it was raised from or while handling, and so on back."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        yield found
        seen.add(id(found))
        found = found.__cause__ or found.__context__


def tidy(store: Store, path: Path) -> Store:
    """`store`, just opened at `path`, rid of what killed writers left, when no command is
    writing it now: their partial files beside it, and the room leftover pending tables took
    in it (`Store.sparse`: the file is rewritten and opened again). Where that cannot be
    done (another command holds the lock, a folder that cannot be written, no room for the
    copy) the store is returned as it is: reading it needs none of this."""
    if not (store.sparse or _partials(path)):
        return store  # the usual case: a reader makes no lock file
    try:
        with _write_lock(path):
            remove_partials(path)
            if store.sparse:
                _rewrite(store, path)
                store.close()
    except StoreError:
        return store  # still open: `_rewrite` replaces the file last
    return Store.connect(str(path), store.url) if store.sparse else store


def _rewrite(store: Store, path: Path) -> None:
    """Replace the DuckDB file `path`, open as `store`, by a compact copy of its tables: a file
    only gives back the room of dropped tables by being copied (call with the lock)."""
    fresh = path.with_name(f"{path.name}{PARTIAL}{secrets.token_hex(4)}")
    con, alias = store.backend.con, quote(fresh.name)
    name = con.execute("SELECT current_database()").fetchone()[0]
    try:
        with _explained(path):
            con.execute(f"ATTACH {literal(str(fresh))} AS {alias}")
            con.execute(f"COPY FROM DATABASE {quote(name)} TO {alias}")
            con.execute(f"DETACH {alias}")
            shutil.copymode(path, fresh)
            os.replace(fresh, path)
    except BaseException:
        with contextlib.suppress(Exception):
            con.execute(f"DETACH DATABASE IF EXISTS {alias}")
        _remove(fresh)
        raise


def remove_partials(path: Path) -> list[Path]:
    """Remove what killed processes left beside the store at `path` (call with the lock)."""
    found = _partials(path)
    for leftover in found:
        _remove(leftover)
    return found


def _partials(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{glob.escape(path.name)}{PARTIAL}*"))


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
        refused = _refusal(exc, path if only_its_files else None)
        if refused is None:
            raise
        raise StoreError(
            f"Cannot write the store {path}: {os_error_reason(refused)}; nothing was changed."
        ) from None


def _refusal(exc: BaseException, about: Path | None) -> OSError | None:
    """The refusal of the operating system behind `exc` or the errors it followed from (after
    a failed write DuckDB may refuse whatever comes next, cleaning up included, with errors of
    its own); with `about`, only one about the store's own files."""
    for found in _chain(exc):
        refused = os_error_in(found)
        if refused is not None and (about is None or _about(found, about)):
            return refused
    return None


def _about(exc: BaseException, path: Path) -> bool:
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
