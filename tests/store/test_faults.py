"""Faults while a store is written (issue 11): what a killed import left is cleared when the store
is next opened, a full disk inside a transaction is one sentence, Ctrl-C says what became of the
store, and a store URL is shown without its password."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from pipeline_doctor.errors import StoreError
from pipeline_doctor.store import Store, new_version
from pipeline_doctor.store import swap as swap_module
from pipeline_doctor.store.location import redact, space_warning
from pipeline_doctor.store.overview import overview
from pipeline_doctor.store.swap import NOT_CREATED, SAVED, UNCHANGED, Interrupted, lock_path
from tests.conftest import press_ctrl_c
from tests.store.mounts import tiny_disk
from tests.store.snapshots import checksums, leftovers


def _reps(n: int) -> pa.Table:
    return pa.Table.from_pylist(
        [{"id": f"R{i}", "name": f"Rep {i}", "role": "rep"} for i in range(n)]
    )


def _deals(n: int) -> pa.Table:
    return pa.table(
        {
            "id": [f"D{i:08d}" for i in range(n)],
            "rep": [f"R{i % 40}" for i in range(n)],
            "outcome": ["open"] * n,
            "pipeline": ["default"] * n,
            "created_at": [dt.datetime(2025, 1, 1)] * n,
            "extra": [f'{{"note": "note {i % 13}"}}' for i in range(n)],
        }
    )


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store holding 40 reps."""
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.write("reps", _reps(40))
    return path


def _tables(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]


def _leave_pending_rows(path: Path) -> None:
    """What a release that imported into the store itself left when it was killed: pending
    tables of about 18 MB, followed in the file by a table it rewrote (so the room they take
    is in the middle of the file, where DuckDB never gives it back by itself)."""
    with duckdb.connect(str(path)) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            "CREATE TABLE _pending_deals AS "
            "SELECT range::VARCHAR AS id, md5(range::VARCHAR) AS note FROM range(1000000)"
        )
        con.execute("CREATE TABLE _pending_reps AS SELECT * FROM reps")
        con.execute("CHECKPOINT")
        con.execute("UPDATE pipeline_doctor_meta SET value = value")  # same rows, new blocks
        con.execute("CHECKPOINT")


# -- what a killed import left -----------------------------------------------------------------


def test_pending_tables_left_in_a_store_are_dropped_when_it_is_opened(filled: Path) -> None:
    before, size = checksums(filled), filled.stat().st_size
    _leave_pending_rows(filled)
    assert filled.stat().st_size > size + (15 << 20)
    with Store.open(filled, create=False) as store:
        assert store.count("reps") == 40
    assert not [t for t in _tables(filled) if t.startswith("_pending_")]
    assert checksums(filled) == before
    assert filled.stat().st_size < 2 * size  # the file rewritten without them
    assert leftovers(filled) == []


def test_a_write_after_pending_tables_drops_them_from_its_copy(filled: Path) -> None:
    size = filled.stat().st_size
    _leave_pending_rows(filled)
    with new_version(filled, copy=True) as store:
        store.write("reps", _reps(41).slice(40))
    assert not [t for t in _tables(filled) if t.startswith("_pending_")]
    assert filled.stat().st_size < 2 * size
    with Store.open(filled) as store:
        assert store.count("reps") == 41


def _dead_partial(store: Path) -> Path:
    dead = store.with_name(store.name + ".partial-0badf00d")
    dead.write_bytes(b"half a store")
    dead.with_name(dead.name + ".wal").write_bytes(b"log")
    return dead


def test_what_a_killed_writer_left_beside_a_store_is_removed_when_it_is_opened(
    filled: Path,
) -> None:
    before = checksums(filled)
    _dead_partial(filled)
    with Store.open(filled, create=False) as store:
        assert store.count("reps") == 40
    assert leftovers(filled) == []
    assert checksums(filled) == before


def test_a_partial_file_is_left_alone_while_a_command_writes_the_store(filled: Path) -> None:
    import fcntl

    live = _dead_partial(filled)
    fd = os.open(lock_path(filled), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running import holds it
        with Store.open(filled, create=False) as store:
            assert store.count("reps") == 40
        assert live.exists()
    finally:
        os.close(fd)


def test_an_untouched_store_opens_without_a_lock_file(filled: Path) -> None:
    lock_path(filled).unlink(missing_ok=True)
    with Store.open(filled, create=False):
        pass
    assert not lock_path(filled).exists()  # readers make nothing beside the store


# -- a full disk -------------------------------------------------------------------------------


def _import_in_one_transaction(path: Path, deals: pa.Table) -> None:
    """As an import that reads whole files writes them: upserts in one transaction."""
    with new_version(path, copy=True) as store, store.transaction():
        store.write("reps", _reps(40), mode="upsert")
        store.write("deals", deals, mode="upsert")


def test_a_full_disk_inside_a_transaction_is_one_sentence(tmp_path: Path) -> None:
    """DuckDB fails to roll back after the failed write, with an internal error and a C++
    stack trace; the store's error says what happened."""
    with tiny_disk(tmp_path / "disk", "4m") as disk:
        path = disk / "s.duckdb"
        with Store.open(path) as store:
            store.write("reps", _reps(40))
        before = checksums(path)
        with pytest.raises(StoreError) as caught:
            _import_in_one_transaction(path, _deals(300_000))
        assert str(caught.value) == (
            f"Cannot write the store {path}: the disk is full; nothing was changed."
        )
        assert checksums(path) == before
        assert leftovers(path) == []


class _Usage:
    def __init__(self, total: float, free: float) -> None:
        self.total, self.used, self.free = int(total), int(total - free), int(free)


@pytest.mark.parametrize(
    ("total", "free", "warned"),
    [
        (20e9, 150e6, False),  # 0.75% but more than 100 MB
        (20e9, 90e6, True),
        (2e9, 30e6, False),  # 1.5%
        (2e9, 15e6, True),  # 0.75% of a small disk
    ],
)
def test_a_nearly_full_disk_is_below_1_percent_or_100_mb_whichever_is_smaller(
    filled: Path, monkeypatch: pytest.MonkeyPatch, total: float, free: float, warned: bool
) -> None:
    monkeypatch.setattr("shutil.disk_usage", lambda _path: _Usage(total, free))
    warning = space_warning(str(filled))
    assert (warning is not None) == warned
    if warning is not None:
        assert warning.startswith(f"Warning: the disk holding the store {filled} is nearly full")
    assert space_warning("postgres://u@h/db") is None


# -- Ctrl-C --------------------------------------------------------------------------------------


def _write_then_ctrl_c(path: Path) -> None:
    with new_version(path, copy=True) as store:
        store.write("reps", _reps(41))
        press_ctrl_c()
        pytest.fail("Ctrl-C must stop the work")


def _interrupted_write(path: Path) -> Interrupted:
    with pytest.raises(Interrupted) as caught:
        _write_then_ctrl_c(path)
    return caught.value


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_says_whether_there_was_a_store(filled: Path) -> None:
    before = checksums(filled)
    stop = _interrupted_write(filled)
    assert (stop.outcome, stop.saved) == (UNCHANGED, False)
    assert isinstance(stop, KeyboardInterrupt)
    assert checksums(filled) == before
    new = filled.with_name("new.duckdb")
    stop = _interrupted_write(new)
    assert (stop.outcome, stop.saved) == (NOT_CREATED, False)
    assert not new.exists()


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_at_the_rename_is_told_the_store_was_saved(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rename = os.replace

    def replace_as_ctrl_c_comes(source: Any, target: Any) -> None:
        press_ctrl_c()  # arrives while the rename runs: acted on once it is recorded
        rename(source, target)

    monkeypatch.setattr(swap_module.os, "replace", replace_as_ctrl_c_comes)
    with pytest.raises(Interrupted) as caught, new_version(filled, copy=True) as store:
        store.write("reps", _reps(41).slice(40))
    assert (caught.value.outcome, caught.value.saved) == (SAVED, True)
    monkeypatch.undo()
    with Store.open(filled) as store:
        assert store.count("reps") == 41
    assert leftovers(filled) == []


def _query_cut_by_ctrl_c() -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise RuntimeError("Query interrupted")  # noqa: B904 as DuckDB: Ctrl-C is its context


def test_a_query_cut_by_ctrl_c_is_an_interruption(filled: Path) -> None:
    with pytest.raises(Interrupted, match="the store is unchanged"), new_version(filled, copy=True):
        _query_cut_by_ctrl_c()


# -- credentials ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://ann:s3cret@db.example.com/crm", "postgres://ann:***@db.example.com/crm"),
        ("postgres://ann:s3cret@db:5432/crm?sslmode=require", "postgres://ann:***@db:5432/crm?sslmode=require"),
        ("postgres://ann@db/crm?password=s3cret&sslmode=require", "postgres://ann@db/crm?password=***&sslmode=require"),
        ("postgres://db/crm?user=ann&PassWord=s3cret&sslpassword=k3y", "postgres://db/crm?user=ann&PassWord=***&sslpassword=***"),
        ("postgres://ann:s3/c?r@t@db/crm", "postgres://ann:***@db/crm"),  # typed raw, not encoded
        ("postgres://ann@db/crm", "postgres://ann@db/crm"),
        ("duckdb:///data/a:b@c.duckdb", "duckdb:///data/a:b@c.duckdb"),
        ("crm.duckdb", "crm.duckdb"),
    ],
)  # fmt: skip
def test_a_store_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert "s3" not in redact(url)
    assert "k3y" not in redact(url)


def test_messages_and_overviews_name_the_store_without_its_password(filled: Path) -> None:
    url = "postgres://ann:s3cret@db.example.com/crm"
    with Store.connect(str(filled), url) as store:
        assert store.url == url  # as given
        assert store.label == "postgres://ann:***@db.example.com/crm"
        assert overview(store).url == store.label
    with duckdb.connect(str(filled)) as con:  # as if written by a newer release
        con.execute("UPDATE pipeline_doctor_meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as caught:
        Store.connect(str(filled), url)
    assert str(caught.value).startswith("The store postgres://ann:***@db.example.com/crm was")
    assert "s3cret" not in str(caught.value)
