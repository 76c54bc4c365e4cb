"""Broken text: every line is loaded or a reject, and a file that cannot be read is refused in
one sentence naming it (issue 11). Each import runs through both paths (straight into DuckDB,
and the exact reader), which must agree."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import chunks
from pipeline_doctor.importers.core.csvparse import _fast, _slow, parse_csv
from pipeline_doctor.importers.core.mapping import Mapping
from pipeline_doctor.importers.core.textio import decode_bytes, detect_encoding
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers.test_property import MAPPING

HEADER = "id,owner,stage,created,amount"


def _rows(count: int, owner: str = "Rep {}") -> list[str]:
    return [f"D{i},{owner.format(i % 3)},Won,2025-01-{i % 28 + 1:02d},{i}" for i in range(count)]


def _import(data: bytes, root: Path, exact: bool, mapping: Mapping = MAPPING) -> Any:
    """What one import of `data` as d.csv did: its counts, stored rows and rejects, or the
    sentence it was refused with."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "d.csv"
    path.write_bytes(data)
    with Store.open(root / f"{exact}.duckdb") as store:
        try:
            r = import_csv(store, [path], mapping, exact=exact)
        except PipelineDoctorError as exc:
            return str(exc)
        rejects = store.table("rejects").to_pyarrow()
        return {
            "counts": (r.rows_read, r.rows_loaded, r.rows_rejected, r.rejected_by_reason),
            "owners": sorted(store.table("deals").rep.to_pyarrow().to_pylist()),
            "rejects": sorted(
                rejects.select(["line", "reason", "raw_value", "message"]).to_pylist(),
                key=lambda row: row["line"],
            ),
        }


def _both(data: bytes, root: Path, mapping: Mapping = MAPPING) -> Any:
    """The import's outcome, the same by the fast path and the exact one."""
    fast = _import(data, root / "fast", exact=False, mapping=mapping)
    assert fast == _import(data, root / "exact", exact=True, mapping=mapping)
    return fast


# -- 1. a quote left open --------------------------------------------------------------------
def test_an_unclosed_quote_in_a_100001_line_file_rejects_one_row(tmp_path: Path) -> None:
    rows = _rows(100_000)
    rows[1] = rows[1].replace("Rep 1", '"Rep 1')
    got = _both(("\n".join([HEADER, *rows]) + "\n").encode(), tmp_path)
    assert got["counts"] == (100_000, 99_999, 1, {"unclosed_quote": 1})
    (reject,) = got["rejects"]
    assert reject["line"] == 3
    assert reject["raw_value"] == rows[1]
    assert "never closed" in reject["message"]


def test_reading_goes_on_at_the_line_after_an_unclosed_quote() -> None:
    raw = parse_csv('id,name\n1,"a\n2,b\n\n3,c\n', "f.csv")
    assert raw.table.column("id").to_pylist() == ["2", "3"]
    assert raw.lines.tolist() == [3, 5]
    assert [(r.line, r.reason, r.raw_value) for r in raw.rejects] == [(2, "unclosed_quote", '1,"a')]
    assert raw.rows_read == 3


def test_a_quote_open_on_the_last_line_is_rejected_with_or_without_a_line_break() -> None:
    for text in ('id,name\n1,a\n2,"b', 'id,name\n1,a\n2,"b\n'):
        raw = parse_csv(text, "f.csv")
        assert raw.table.column("id").to_pylist() == ["1"]
        assert [(r.line, r.reason) for r in raw.rejects] == [(3, "unclosed_quote")]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (lambda rows: [*rows[:5], ',"'.join(rows[5].rsplit(",", 1)), *rows[6:]], 7),  # last column
        (lambda rows: [*rows[:-1], rows[-1].replace(",Won", ',"Won')], 31),  # the last line
    ],
)
def test_both_paths_reject_an_unclosed_quote_alike(tmp_path: Path, change: Any, line: int) -> None:
    for end in ("\n", ""):
        data = ("\n".join([HEADER, *change(_rows(30))]) + end).encode()
        got = _both(data, tmp_path / repr(end))
        assert got["counts"] == (30, 29, 1, {"unclosed_quote": 1})
        assert got["rejects"][0]["line"] == line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\n')), max_size=40))
def test_the_fast_parser_never_differs_on_stray_quotes(body: str) -> None:
    """Text with quotes anywhere: the fast parser declines, or reads what the exact one reads
    (which accounts for every line: a quote left open is a reject, not the rest of the file)."""
    fast = _fast(body, ["a", "b", "c"], ",", 2)
    if fast is None:
        return
    slow = _slow(body, ["a", "b", "c"], ",", 2, "f.csv")
    assert fast.table.to_pylist() == slow.table.to_pylist()
    assert fast.lines.tolist() == slow.lines.tolist()
    assert fast.rows_read == slow.rows_read
    assert not slow.rejects


def test_a_closed_multiline_value_is_not_an_unclosed_quote() -> None:
    raw = parse_csv('id,name\n1,"a\nb"\n2,"c\n"\n', "f.csv")
    assert raw.table.column("name").to_pylist() == ["a\nb", "c\n"]
    assert not raw.rejects


def test_an_unclosed_quote_reads_the_same_in_parts(tmp_path: Path) -> None:
    text = "\n".join([HEADER, *_rows(40)]) + "\n"
    text = text.replace("D7,", 'D7,"', 1)
    path = tmp_path / "d.csv"
    path.write_bytes(text.encode())
    whole = parse_csv(text, "d.csv")
    parts = [raw for raw, _ in chunks.read_parts(path, "d.csv", None, None, 64)]
    assert [(r.line, r.reason) for p in parts for r in p.rejects] == [(9, "unclosed_quote")]
    assert [(r.line, r.reason) for r in whole.rejects] == [(9, "unclosed_quote")]
    assert sum(p.rows_read for p in parts) == whole.rows_read == 40


def test_a_header_whose_quote_never_closes_is_refused(tmp_path: Path) -> None:
    got = _both(b'id,"owner,stage,created,amount\nD1,R1,Won,2025-01-01,5\n', tmp_path)
    assert got.startswith("d.csv: a quote in the header (line 1) is never closed")


def test_a_header_read_in_parts_loses_no_row(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b'id,size 5" x,stage\n1,a,b\n2,c,d\n')  # a quote inside a value
    (raw,) = [raw for raw, _ in chunks.read_parts(path, "d.csv", None, None, 8)]
    assert raw.table.column("id").to_pylist() == ["1", "2"]
    path.write_bytes(b'id,"size,stage\n1,a,b\n2,c,d\n')  # a quote never closed
    with pytest.raises(PipelineDoctorError, match=r"d\.csv: a quote in the header"):
        list(chunks.read_parts(path, "d.csv", None, None, 8))


# -- 2. no line disappears -------------------------------------------------------------------
def test_a_junk_last_line_of_33_mb_is_a_reject(tmp_path: Path) -> None:
    junk = "x" * (33 << 20)
    data = ("\n".join([HEADER, *_rows(1000), junk]) + "\n").encode()
    got = _both(data, tmp_path)
    assert got["counts"] == (1001, 1000, 1, {"footer": 1})
    assert got["rejects"][0]["line"] == 1002


# -- 3. bytes that are not UTF-8 ---------------------------------------------------------------
def _accented(count: int) -> bytes:
    return ("\n".join([HEADER, *_rows(count, owner="José {}")]) + "\n").encode()


def test_one_bad_byte_rejects_its_row_and_keeps_the_rest_utf8(tmp_path: Path) -> None:
    data = _accented(1000).replace("D1,José".encode(), b"D1,Jos\xe9", 1)
    got = _both(data, tmp_path)
    assert got["counts"] == (1000, 999, 1, {"bad_encoding": 1})
    assert set(got["owners"]) == {"José 0", "José 1", "José 2"}  # no mojibake
    (reject,) = got["rejects"]
    assert reject["line"] == 3
    assert reject["raw_value"] == r"D1,Jos\xe9 1,Won,2025-01-02,1"
    assert "offset 6 of the row's line" in reject["message"]


def test_a_bad_byte_inside_a_multiline_value_rejects_that_row() -> None:
    text = 'id,note\n1,é\n2,"é\nb\udce9d"\n3,é\n'  # as decode_bytes leaves a bad byte
    raw = parse_csv(text, "f.csv")
    assert raw.table.column("id").to_pylist() == ["1", "3"]
    assert [(r.line, r.reason, r.raw_value) for r in raw.rejects] == [
        (3, "bad_encoding", 'b\\xe9d"')
    ]
    assert "offset 1 of line 2 of the row" in raw.rejects[0].message
    assert raw.rows_read == 3


def test_a_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    data = "\n".join([HEADER, *_rows(50, owner="Zoë “{}”")]).encode("cp1252") + b"\n"
    assert detect_encoding(data) == "cp1252"
    got = _both(data, tmp_path)
    assert got["counts"] == (50, 50, 0, {})
    assert set(got["owners"]) == {"Zoë “0”", "Zoë “1”", "Zoë “2”"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("é".encode() * 3 + b"\xe9", "utf-8"),  # three valid sequences, one bad byte
        ("é".encode() + b"\xe9\xe8", "cp1252"),  # as many bad bytes as sequences, or more
        (b"plain ascii \xe9", "cp1252"),  # no valid sequence at all
    ],
)
def test_the_utf8_rule(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected


def test_a_bad_byte_in_a_later_part_reads_as_in_the_whole_file(tmp_path: Path) -> None:
    data = _accented(200).replace("D150,José".encode(), b"D150,Jos\xe9", 1)
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    whole = parse_csv(decode_bytes(data, "d.csv").text, "d.csv")
    parts = [raw for raw, _ in chunks.read_parts(path, "d.csv", None, None, 500)]
    got = [(r.line, r.reason, r.message) for p in parts for r in p.rejects]
    assert got == [(r.line, r.reason, r.message) for r in whole.rejects]
    assert [r.line for r in whole.rejects] == [152]


def test_a_bad_byte_in_the_header_does_not_stop_the_import(tmp_path: Path) -> None:
    data = b"id,Pr\xe9nom\n" + "".join(f"{i},Zoé\n" for i in range(50)).encode()
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    whole = parse_csv(decode_bytes(data, "d.csv").text, "d.csv")
    assert whole.columns == ["id", "Pr\ufffdnom"]
    assert whole.table.num_rows == 50
    parts = [raw for raw, _ in chunks.read_parts(path, "d.csv", None, None, 100)]
    assert {tuple(p.columns) for p in parts} == {("id", "Pr\ufffdnom")}
    assert sum(p.table.num_rows for p in parts) == 50


# -- 4. one sentence instead of a crash ------------------------------------------------------
def test_old_mac_line_endings_are_read(tmp_path: Path) -> None:
    rows = _rows(100)
    got = _both(("\r".join([HEADER, *rows]) + "\r").encode(), tmp_path)
    assert got["counts"] == (100, 100, 0, {})
    broken = rows[:]
    broken[4] += ",extra"
    got = _both(("\r".join([HEADER, *broken]) + "\r").encode(), tmp_path / "broken")
    assert [(r["line"], r["reason"]) for r in got["rejects"]] == [(6, "wrong_column_count")]


def test_old_mac_line_endings_in_a_large_file_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(("\r".join([HEADER, *_rows(10)]) + "\r").encode())
    assert not chunks.can_split(path, None)


def test_a_100k_column_header_is_refused_naming_the_file(tmp_path: Path) -> None:
    header = HEADER + "".join(f",extra{i}" for i in range(100_000))
    rows = [row + "," * 100_000 for row in _rows(3)]
    got = _both(("\n".join([header, *rows]) + "\n").encode(), tmp_path)
    assert got.startswith("d.csv has 100,005 columns in its header")


def test_a_multi_character_delimiter_is_refused_naming_the_file(tmp_path: Path) -> None:
    options = dataclasses.replace(MAPPING.options, delimiter=";;")
    mapping = dataclasses.replace(MAPPING, options=options)
    data = ("\n".join([HEADER, *_rows(3)]) + "\n").encode()
    got = _both(data, tmp_path, mapping)
    assert got.startswith("d.csv cannot be read with the delimiter ';;'")
