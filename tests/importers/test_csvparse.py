"""Reading damaged CSV: encodings, delimiters, multi-line fields, NULs, footers, headers."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.csvparse import _fast, _slow, parse_csv
from pipeline_doctor.importers.core.textio import decode_bytes, detect_encoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "a,b\n1,é\n".encode(), "utf-8-sig"),
        ("a,b\n1,é\n".encode("utf-16"), "utf-16"),
        ("a,b\n1,é\n".encode("utf-16-le"), "utf-16-le"),
        ("a,b\n1,é\n".encode(), "utf-8"),
        ("a,b\n1,€ “quoted”\n".encode("cp1252"), "cp1252"),
        (b"a,b\n1,\x81\xe9\n", "latin-1"),
    ],
)
def test_encodings_are_detected(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected
    decoded = decode_bytes(data, "f.csv")
    assert decoded.text.startswith("a,b\n1,")


def test_cp1252_is_not_latin1() -> None:
    decoded = decode_bytes("x\n€\n".encode("cp1252"), "f.csv")
    assert decoded.text == "x\n€\n"  # latin-1 would give '\x80'


def test_nul_bytes_are_removed_and_reported() -> None:
    decoded = decode_bytes(b"a,b\n1,x\x00y\n", "f.csv")
    assert decoded.text == "a,b\n1,xy\n"
    assert "NUL" in decoded.notes[0]


def test_semicolons_and_multiline_fields_keep_line_numbers() -> None:
    raw = parse_csv('id;note\n1;"two\nlines"\n2;"three\r\nline\nnote"\n3;x\n', "f.csv")
    assert raw.delimiter == ";"
    assert raw.table.column("id").to_pylist() == ["1", "2", "3"]
    assert raw.lines.tolist() == [2, 4, 7]
    assert raw.rows_read == 3


def test_footer_blank_lines_and_duplicated_headers() -> None:
    raw = parse_csv("id,name,name\n1,a,b\n\n2,c,d\n1,2\nTotal: 2 rows\n", "f.csv")
    assert raw.columns == ["id", "name", "name_2"]
    assert raw.lines.tolist() == [2, 4]
    assert [(r.line, r.reason) for r in raw.rejects] == [(5, "footer"), (6, "footer")]
    assert raw.rows_read == 4
    assert "duplicated header" in raw.notes[0]


def test_stray_delimiter_mid_file_and_repeated_header() -> None:
    raw = parse_csv("id,name\n1,a\n2,b,extra\nid,name\n3,c\n,\n", "f.csv")
    reasons = sorted((r.line, r.reason) for r in raw.rejects)
    assert reasons == [(3, "wrong_column_count"), (4, "repeated_header"), (6, "empty_row")]
    assert raw.table.column("id").to_pylist() == ["1", "3"]


def test_broken_quote_swallows_rows_into_one_reject() -> None:
    raw = parse_csv('id,name\n1,"a\n2,b\n3,c\n', "f.csv")
    assert raw.rows_read == len(raw.rejects) + raw.table.num_rows
    assert raw.rejects
    assert raw.rejects[0].line == 2


def test_empty_file_is_a_clear_error() -> None:
    with pytest.raises(PipelineDoctorError, match="empty"):
        parse_csv("", "empty.csv")


def test_very_long_text_field() -> None:
    long = "x" * 3_000_000
    raw = parse_csv(f'id,body\n1,"{long}"\n2,short\n', "f.csv")
    assert raw.table.column("body")[0].as_py() == long
    assert raw.lines.tolist() == [2, 3]


cell = st.text(alphabet=st.sampled_from(list('ab,;"\n\r ')), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell, min_size=3, max_size=3), max_size=12))
def test_fast_and_exact_parsers_agree(rows: list[list[str]]) -> None:
    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    body = "".join(",".join(quote(v) for v in row) + "\n" for row in rows)
    fast = _fast(body, ["a", "b", "c"], ",", 2)
    slow = _slow(body, ["a", "b", "c"], ",", 2, "f.csv")
    if fast is None:
        return  # the fast parser declined (blank lines, bare CR): only the exact one runs
    assert fast.table.to_pylist() == slow.table.to_pylist()
    assert fast.lines.tolist() == slow.lines.tolist()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(cell, min_size=3, max_size=3), max_size=12),
    st.lists(st.sampled_from(["", "\n", "\r\n", "\n\n"]), min_size=12, max_size=12),
)
def test_blank_lines_anywhere_keep_exact_line_numbers(
    rows: list[list[str]], gaps: list[str]
) -> None:
    """Blank lines between rows and inside quoted values: whichever parser runs, every row
    starts where Python's csv module says it does."""

    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    body = "".join(
        ",".join(quote(v) for v in row) + "\n" + gap for row, gap in zip(rows, gaps, strict=False)
    )
    text = "a,b,c\n" + body
    raw = parse_csv(text, "f.csv") if body.strip() else None
    slow = _slow(body, ["a", "b", "c"], ",", 2, "f.csv")
    if raw is None:
        return
    kept = [i for i, r in enumerate(slow.table.to_pylist()) if any(v.strip() for v in r.values())]
    assert raw.lines.tolist() == [int(slow.lines[i]) for i in kept]


def test_fast_parser_takes_quoted_blank_lines() -> None:
    body = 'id,note\n1,"para one\n\npara two"\n2,x\n'
    fast = _fast(body.split("\n", 1)[1], ["id", "note"], ",", 2)
    assert fast is not None
    assert fast.lines.tolist() == [2, 5]
    assert _fast("1,a\n\n2,b\n", ["id", "note"], ",", 2) is None  # a real blank line
