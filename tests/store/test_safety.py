"""Safe stores: a path that is not a store is refused saying what it is; the next version of a
store is built aside and swapped in only when complete; the operating system's refusals (a
read-only folder, a full disk) are one sentence naming the store."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.errors import StoreError
from pipeline_doctor.store import Store, new_version
from pipeline_doctor.store import swap as swap_module
from pipeline_doctor.store.location import check_store_path
from tests.store.mounts import read_only_folder, tiny_disk
from tests.store.snapshots import checksums, leftovers


def _reps(*names: str) -> pa.Table:
    return pa.Table.from_pylist([{"id": n, "name": n, "role": "rep"} for n in names])


def _write_then(
    path: Path, reps: pa.Table, failure: BaseException | None, *, copy: bool = True
) -> None:
    """Write `reps` into the next version of the store at `path`, then raise `failure`."""
    with new_version(path, copy=copy) as store:
        store.clear()
        store.write("reps", reps)
        if failure is not None:
            raise failure


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store holding two reps."""
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.write("reps", _reps("R1", "R2"))
    return path


# -- what is not a store ---------------------------------------------------------------------


def _xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Opportunity.csv", "Id,Name\n")


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("create table t (x)")


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        (
            "deals_copy.csv",
            lambda p: p.write_text("Id,Stage\nD1,Won\n"),
            "{p} is a CSV file, not a store; did you mean `pipeline-doctor import csv {p}`?",
        ),
        (
            "deals.xlsx",
            _xlsx,
            "{p} is an Excel workbook (.xlsx), not a store; did you mean `pipeline",
        ),
        ("export.zip", _zip, "{p} is a zip archive, not a store; did you mean `pipeline-doctor"),
        ("notes.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n..."), "{p} is a PDF document, not"),
        ("crm.db", _sqlite, "{p} is an SQLite database, not a store; give --db the store's file"),
        ("a.json", lambda p: p.write_text('{"deals": []}'), "{p} is a JSON file, not a store"),
        ("x.duckdb", lambda p: p.write_bytes(b""), "not a readable Pipeline Doctor database"),
    ],
)
def test_a_file_that_is_not_a_store_is_refused_saying_what_it_is(
    tmp_path: Path, name: str, make: object, says: str
) -> None:
    path = tmp_path / name
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    for create in (True, False):
        with pytest.raises(StoreError) as caught:
            Store.open(path, create=create)
        assert says.format(p=path) in str(caught.value)
    with pytest.raises(StoreError, match=" not a "), new_version(path, copy=True):
        pass
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing made beside it


def test_a_new_store_must_be_named_duckdb(tmp_path: Path) -> None:
    for name in ("deals_copy.csv", "store.db", "store"):
        with pytest.raises(StoreError, match=r"a new store's name must end in \.duckdb"):
            Store.open(tmp_path / name)
        assert not (tmp_path / name).exists()
    check_store_path("postgres://user@host/db", create=True)  # a URL is the backend's to judge
    with Store.open(tmp_path / "fine.duckdb"):
        pass


def test_a_store_under_a_file_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(StoreError, match=r"file\.txt is a file, not a folder"):
        Store.open(tmp_path / "file.txt" / "s.duckdb")


def test_a_database_of_another_program_is_refused_an_empty_one_becomes_a_store(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table invoices (x int)")
    before = checksums(other)
    with pytest.raises(StoreError, match="not written by this tool"):
        Store.open(other)
    with pytest.raises(StoreError, match="not written by this tool"), new_version(other, copy=True):
        pass
    assert checksums(other) == before
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with new_version(empty, copy=True) as store:
        store.write("reps", _reps("R1"))
    with Store.open(empty) as store:
        assert store.count("reps") == 1


# -- the next version, swapped in when complete ----------------------------------------------


def test_the_new_version_replaces_the_store_when_complete(filled: Path) -> None:
    with new_version(filled, copy=True) as store:
        assert store.url == str(filled)  # named as the user named it, not as the partial file
        assert store.count("reps") == 2
        store.write("reps", _reps("R3"))
        assert leftovers(filled)  # the work happens beside the store
    assert leftovers(filled) == []
    with Store.open(filled) as store:
        assert store.count("reps") == 3
    with new_version(filled, copy=False) as store:
        assert store.count("reps") == 0
        store.write("reps", _reps("N1"))
    with Store.open(filled) as store:
        ids = store.table("reps").id.to_pyarrow().to_pylist()
    assert ids == ["N1"]


@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_or_failed_version_leaves_the_store_as_it_was(
    filled: Path, copy: bool, failure: type[BaseException]
) -> None:
    before = checksums(filled)
    with pytest.raises(failure):
        _write_then(filled, _reps("X1", "X2", "X3"), failure("stopped half-way"), copy=copy)
    assert checksums(filled) == before
    assert leftovers(filled) == []


def test_an_interrupted_first_version_leaves_no_store(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with pytest.raises(KeyboardInterrupt):
        _write_then(path, _reps("R1"), KeyboardInterrupt())
    assert sorted(p.name for p in tmp_path.iterdir()) == [".new.duckdb.lock"]


def test_a_check_refuses_before_any_work(filled: Path) -> None:
    def refuse(current: Store) -> None:
        assert current.count("reps") == 2  # the store as it is
        raise StoreError("refused")

    with pytest.raises(StoreError, match="refused"), new_version(filled, copy=True, check=refuse):
        pytest.fail("the work must not start")
    assert leftovers(filled) == []


def test_what_a_killed_process_left_is_removed_by_the_next_writer(filled: Path) -> None:
    before = checksums(filled)
    dead = filled.with_name(filled.name + ".partial-0badf00d")
    dead.write_bytes(b"half a store")
    dead.with_name(dead.name + ".wal").write_bytes(b"log")
    dead.with_name(dead.name + ".tmp").mkdir()
    assert checksums(filled) == before  # readers do not care
    with new_version(filled, copy=True) as store:
        store.write("reps", _reps("R3"))
    assert leftovers(filled) == []
    with Store.open(filled) as store:
        assert store.count("reps") == 3


def test_one_writer_at_a_time(filled: Path) -> None:
    with new_version(filled, copy=True) as store:
        store.write("reps", _reps("R3"))
        # other programs cannot open the store to write behind the new version's back
        code = "import sys, duckdb; duckdb.connect(sys.argv[1])"
        other = subprocess.run([sys.executable, "-c", code, str(filled)], capture_output=True)
        assert other.returncode != 0
        assert b"lock" in other.stderr
        # nor can another command build a version of its own
        with (
            pytest.raises(StoreError, match="being written by another pipeline-doctor command"),
            new_version(filled, copy=True),
        ):
            pass


def test_an_older_store_is_migrated_in_the_copy_only(filled: Path) -> None:
    from pipeline_doctor.store.store import META_TABLE

    with Store.open(filled) as store:
        version = store.schema_version
    with duckdb.connect(str(filled)) as con:  # pretend it is one version older, unmigrated
        con.execute(f"UPDATE {META_TABLE} SET value = '{version - 1}'")
    before = checksums(filled)
    with pytest.raises(KeyboardInterrupt), new_version(filled, copy=True):
        raise KeyboardInterrupt
    assert checksums(filled) == before


# -- what the operating system refuses -------------------------------------------------------


def test_a_full_disk_while_copying_is_one_sentence(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = checksums(filled)

    def full(source: object, target: Path) -> None:
        target.write_bytes(b"part of a copy")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(swap_module, "copy_file", full)
    with pytest.raises(StoreError) as caught, new_version(filled, copy=True):
        pytest.fail("the work must not start")
    assert str(caught.value) == (
        f"Cannot write the store {filled}: the disk is full; nothing was changed."
    )
    assert checksums(filled) == before
    assert leftovers(filled) == []


def test_a_full_disk_during_the_work_is_one_sentence(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "3m") as disk:
        path = disk / "s.duckdb"
        with Store.open(path) as store:
            store.write("reps", _reps("R1"))
        before = checksums(path)
        many = _reps(*(f"rep-{i:07d}-{'x' * 60}" for i in range(200_000)))
        with pytest.raises(StoreError) as caught:
            _write_then(path, many, None)
        assert str(caught.value).startswith(f"Cannot write the store {path}: the disk is full")
        assert checksums(path) == before
        assert leftovers(path) == []


def test_a_read_only_folder_is_one_sentence_before_any_work(filled: Path) -> None:
    before = checksums(filled)
    with read_only_folder(filled.parent):
        for target in (filled, filled.with_name("new.duckdb")):
            with pytest.raises(StoreError) as caught, new_version(target, copy=True):
                pytest.fail("the work must not start")
            message = str(caught.value)
            assert message.startswith(f"Cannot write the store {target}: ")
            assert message.endswith(("read-only; nothing was changed.", "permission denied; "
                                     "nothing was changed."))  # fmt: skip
        # reading still works: the store opens read-only
        with Store.open(filled, create=False) as store:
            assert store.read_only
            assert store.count("reps") == 2
    assert checksums(filled) == before
