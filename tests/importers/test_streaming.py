"""Large files read part by part give exactly what reading them whole gives: rows, line
numbers, rejects, accounting, the stored tables."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_doctor.importers.core import chunks, streaming
from pipeline_doctor.importers.core.csvparse import parse_csv
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.core.run import run_import
from pipeline_doctor.store import Store
from tests.importers.conftest import write
from tests.importers.test_generic import HEADER, MAPPING

cell = st.text(alphabet=st.sampled_from(list('ab,"\n ')), max_size=8)


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=30),
    st.integers(1, 60),
    st.lists(st.sampled_from(["", "\n", "x,y\n", "1,2,3,4\n"]), min_size=30, max_size=30),
)
def test_parts_parse_like_the_whole_file(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    part_bytes: int,
    noise: list[str],
) -> None:
    body = "".join(
        ",".join(_quote(v) for v in row) + "\n" + extra
        for row, extra in zip(rows, noise, strict=False)
    )
    path = tmp_path_factory.mktemp("parts") / "f.csv"
    write(path, "a,b,c\n" + body)
    whole = parse_csv(path.read_text(), "f.csv")
    parts = [raw for raw, _ in chunks.read_parts(path, "f.csv", None, ",", part_bytes)]
    assert sum(p.rows_read for p in parts) == whole.rows_read
    got_rows = [r for p in parts for r in p.table.to_pylist()]
    assert got_rows == whole.table.to_pylist()
    assert np.concatenate([p.lines for p in parts]).tolist() == whole.lines.tolist()
    got = sorted((r.line, r.column) for p in parts for r in p.rejects)
    assert got == sorted((r.line, r.column) for r in whole.rejects)


def test_part_ranges_cover_the_body_and_end_on_row_boundaries(tmp_path: Path) -> None:
    text = 'id,note\n1,"a\nb"\n2,"c ""quoted""\n\nd"\n3,e\n'
    path = write(tmp_path / "f.csv", text)
    data = text.encode()
    body, ranges = chunks.part_ranges(path, part_bytes=3)
    assert body == len("id,note\n")
    assert ranges[0][0] == body
    assert ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    for _, end in ranges:
        assert data[:end].count(b'"') % 2 == 0
        assert data[end - 1 : end] == b"\n"


def _deals_file(tmp_path: Path, rows: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    lines = []
    for i in range(rows):
        stage = rng.choice(["Won", "Lost", "Open", "Demo"])
        closed = "" if stage in ("Open", "Demo") else "02/04/2025"
        lines.append(
            f"D{i};Rep {rng.randint(1, 9)};{stage};{rng.choice(['Reference', 'Select'])};"
            f'31/03/2025;{closed};"{rng.randint(1, 9)}.{rng.randint(100, 999)},50";A{i % 7}\n'
        )
    lines.insert(
        rows // 3, "D5;Rep 1;Won;Reference;31/03/2025;02/04/2025;1;A1\n"
    )  # conflicting copy
    lines.insert(rows // 2, lines[7])  # identical copy, far from the first
    lines.insert(rows // 2 + 5, "D9x;Rep 2;Won;Select;31/03/2025;02/04/2025;1;A1;extra\n")
    lines.insert(rows // 2 + 9, "\n")  # a blank line mid-file
    lines.insert(rows // 2 + 11, "D8x;Rep 2;Won;Select;32/03/2025;;1;A1\n")  # impossible date
    lines.append("Total;;;;;;;\n")
    return write(tmp_path / "deals.csv", HEADER + "".join(lines))


def _snapshot(store: Store) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in ("deals", "reps"):
        table = store.table(name).to_pyarrow()
        out[name] = sorted(table.to_pylist(), key=lambda r: str(r["id"]))
    rejects = store.table("rejects").to_pyarrow().select(["line", "column", "reason"])
    out["rejects"] = sorted(rejects.to_pylist(), key=lambda r: (r["line"], r["column"]))
    return out


def test_a_file_read_in_parts_imports_exactly_like_a_whole_one(tmp_path: Path) -> None:
    deals = _deals_file(tmp_path, 600)
    mapping = load_mapping(write(tmp_path / "mapping.toml", MAPPING))
    with Store.open(str(tmp_path / "whole.duckdb")) as whole:
        expected = run_import(whole, mapping, {"deals.csv": deals}, location="x")
        want = _snapshot(whole)
    with Store.open(str(tmp_path / "parts.duckdb")) as parts:
        got = streaming.run_streamed(
            parts, mapping, {"deals.csv": deals}, location="x", part_bytes=2_000
        )
        assert _snapshot(parts) == want
        streaming.run_streamed(  # the same export again: nothing changes (upsert by key)
            parts, mapping, {"deals.csv": deals}, location="x", part_bytes=2_000
        )
        assert _snapshot(parts) == want
    assert (got.rows_read, got.rows_loaded, got.rows_rejected) == (
        expected.rows_read,
        expected.rows_loaded,
        expected.rows_rejected,
    )
    assert got.rejected_by_reason == expected.rejected_by_reason
    assert got.loaded_by_table == expected.loaded_by_table
    # the conflicting and the identical copy
    assert expected.rejected_by_reason.get("duplicate_key") == 2
    assert got.rows_read == got.rows_loaded + got.rows_rejected


def test_large_files_stream_and_a_failure_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals = _deals_file(tmp_path, 300)
    mapping = load_mapping(write(tmp_path / "mapping.toml", MAPPING))
    monkeypatch.setattr(chunks, "PART_BYTES", 1_000)
    calls: list[int] = []
    real = chunks.read_parts

    def counting(*args: object, **kw: object) -> object:
        for item in real(*args, **kw):  # type: ignore[arg-type]
            calls.append(1)
            yield item

    monkeypatch.setattr(chunks, "read_parts", counting)
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        result = run_import(store, mapping, {"deals.csv": deals}, location="x")
        assert len(calls) > 5  # really read in parts
        assert store.count("deals") == result.loaded_by_table["deals"]
        before = _snapshot(store)

        def fail(*args: object, **kw: object) -> None:
            raise RuntimeError("disk full")

        calls.clear()
        bigger = _deals_file(tmp_path, 400, seed=4)
        monkeypatch.setattr(streaming, "_record_history", _fail_after(3, fail))
        with pytest.raises(RuntimeError):
            run_import(store, mapping, {"deals.csv": bigger}, location="y")
        assert _snapshot(store) == before
        assert store.count("imports") == 1


def _fail_after(n: int, fail: object) -> object:
    """A stand-in for `_record_history` (no history rows) that fails after `n` calls."""
    state = {"calls": 0}

    def step(*args: object, **kw: object) -> list[tuple[str, list[str]]]:
        state["calls"] += 1
        if state["calls"] > n:
            fail()  # type: ignore[operator]
        return []

    return step


def test_pending_rows_are_found_and_published_all_or_nothing(tmp_path: Path) -> None:
    from pipeline_doctor.store.pending import PendingTables

    reps = [{"id": "R1", "name": "Ann", "role": "rep"}, {"id": "R2", "name": "Bo", "role": "rep"}]
    with Store.open(str(tmp_path / "k.duckdb")) as store:
        pending = PendingTables(store)
        pending.append("reps", pa.Table.from_pylist(reps))
        assert store.count("reps") == 0  # nothing visible before publishing
        mask = pending.repeats("reps", pa.table({"id": ["R3", "R1", "R2", "R4"]}))
        assert mask.tolist() == [False, True, True, False]
        assert sorted(pending.keys("reps", "id").to_pylist()) == ["R1", "R2"]
        pending.publish()
        assert store.count("reps") == 2
        again = PendingTables(store)  # the table is no longer empty: publishing upserts
        again.append("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann B", "role": "rep"}]))
        again.discard()
        assert store.count("reps") == 2
        names = store.table("reps").to_pyarrow().column("name").to_pylist()
        assert sorted(names) == ["Ann", "Bo"]
