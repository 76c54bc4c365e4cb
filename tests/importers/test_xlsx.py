"""`import csv` on .xlsx workbooks: the same rows, rejects, lines and tables as the same data
written as CSV; Excel's cell types as CSV text; choosing a sheet."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.core.xlsx import read_sheet
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers.conftest import write
from tests.importers.test_cli import make_app

MAPPING = """
source = "csv"
[[table]]
name = "reps"
file = "{file}"
derived = true
[table.columns]
id = "Owner"
name = "Owner"

[[table]]
name = "deals"
file = "{file}"
[table.columns]
id = "Deal Id"
rep = "Owner"
stage = "Stage"
source = {{ column = "Lead Source", values = {{ Referral = "referral", Web = "other" }} }}
created_at = "Created"
closed_at = "Closed"
amount = "Amount"
[table.columns.outcome]
column = "Stage"
values = {{ Won = "won", Lost = "lost", Open = "open" }}
"""
HEADER = ["Deal Id", "Owner", "Stage", "Lead Source", "Created", "Closed", "Amount"]
ROWS: list[list[object]] = [
    [1001, "Ann", "Won", "Referral", datetime(2025, 1, 5, 9, 30), date(2025, 2, 1), 1200.5],
    [1002, "Bob", "Lost", "Web", datetime(2025, 1, 6, 14), date(2025, 3, 1), 800],
    [1003, "Ann", "Open", "Web", datetime(2025, 2, 1), None, None],
    [],  # a blank row: skipped like a blank line, later rows keep their numbers
    [1004, "Cid", "Won", "Fair", datetime(2025, 1, 9), date(2025, 2, 9), 10],
    [1005, "Bob", "Won", "Web", "2025-02-30", date(2025, 3, 9), 20],
    [1006, "Ann", "Lost", "Referral", datetime(2025, 1, 2), date(2025, 1, 20), "abc"],
    [None, "Bob", "Open", "Web", datetime(2025, 1, 3), None, 5],
    [12345678901234, "Dee", "Open", "Web", datetime(2025, 3, 1, 8, 5, 7), None, 99.99],
]
CSV = """Deal Id,Owner,Stage,Lead Source,Created,Closed,Amount
1001,Ann,Won,Referral,2025-01-05 09:30:00,2025-02-01,1200.5
1002,Bob,Lost,Web,2025-01-06 14:00:00,2025-03-01,800
1003,Ann,Open,Web,2025-02-01 00:00:00,,

1004,Cid,Won,Fair,2025-01-09 00:00:00,2025-02-09,10
1005,Bob,Won,Web,2025-02-30,2025-03-09,20
1006,Ann,Lost,Referral,2025-01-02 00:00:00,2025-01-20,abc
,Bob,Open,Web,2025-01-03 00:00:00,,5
12345678901234,Dee,Open,Web,2025-03-01 08:05:07,,99.99
"""
"""ROWS as the CSV a spreadsheet exports: the text each cell must become."""


def workbook(
    path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()
) -> Path:
    """Write an .xlsx file with openpyxl (an independent writer): one sheet per entry."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def mapping_for(tmp_path: Path, file: str) -> Path:
    return write(tmp_path / f"{file}.toml", MAPPING.format(file=file))


def _rejects(store: Store) -> list[tuple[object, ...]]:
    rows = store.table("rejects").to_pyarrow().to_pylist()
    return sorted((r["line"], r["column"], r["raw_value"], r["reason"]) for r in rows)


def _table(store: Store, name: str) -> list[dict[str, object]]:
    return sorted(store.table(name).to_pyarrow().to_pylist(), key=lambda row: str(row["id"]))


def test_xlsx_import_equals_the_same_data_as_csv(tmp_path: Path) -> None:
    book = workbook(tmp_path / "deals.xlsx", {"Deals": [HEADER, *ROWS]})
    text = write(tmp_path / "deals.csv", CSV)
    with Store.open(tmp_path / "a.duckdb") as a, Store.open(tmp_path / "b.duckdb") as b:
        from_csv = import_csv(a, [text], load_mapping(mapping_for(tmp_path, "deals.csv")))
        from_xlsx = import_csv(b, [book], load_mapping(mapping_for(tmp_path, "deals.xlsx")))
        for field in ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason"):
            assert getattr(from_xlsx, field) == getattr(from_csv, field), field
        assert from_xlsx.loaded_by_table == from_csv.loaded_by_table
        assert (from_xlsx.rows_read, from_xlsx.rows_loaded) == (8, 4)
        for name in ("deals", "reps"):
            assert _table(b, name) == _table(a, name), name
        assert _rejects(b) == _rejects(a)
        assert {line for line, *_ in _rejects(b)} == {6, 7, 8, 9}  # sheet rows = CSV lines
        assert b.provided_columns() == a.provided_columns()
        files = set(b.table("rejects").file.to_pyarrow().to_pylist())
        assert files == {"deals.xlsx (sheet Deals)"}
        deals = {d["id"]: d for d in _table(b, "deals")}
        assert set(deals) == {"1001", "1002", "1003", "12345678901234"}
        assert deals["1002"]["amount"] == 800.0
        assert deals["1003"]["closed_at"] is None
        assert deals["1003"]["amount"] is None
        assert str(deals["12345678901234"]["created_at"]) == "2025-03-01 08:05:07"


def test_cells_become_the_text_a_csv_export_holds(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [None, None, None],  # empty rows above and a column left of the table: not data
        [None, "id", "value", None, "flag"],
        [None, 12345.0, 1200.5, None, True],
        [None, 123456789012345, 1e-7, None, False],
        [None, "007", datetime(2025, 3, 4, 10, 30, 15), None, None],
        [None, 9007199254740993, date(2025, 3, 4), "a note past the header", "  "],
    ]
    raw = read_sheet(workbook(tmp_path / "t.xlsx", {"S": rows}))
    assert raw.columns == ["id", "value", "column_D", "flag"]
    assert raw.lines.tolist() == [3, 4, 5, 6]
    assert raw.rows_read == 4
    assert raw.table.to_pydict() == {
        "id": ["12345", "123456789012345", "007", "9007199254740992"],  # past 2**53: as stored
        "value": ["1200.5", "0.0000001", "2025-03-04 10:30:15", "2025-03-04"],
        "column_D": [None, None, None, "a note past the header"],
        "flag": ["TRUE", "FALSE", None, None],
    }
    commas = read_sheet(tmp_path / "t.xlsx", decimal=",", date_format="%d/%m/%Y")
    # in the mapping's date format, unless that would drop a time of day (then a reject)
    dates_as_mapped = ["2025-03-04 10:30:15", "04/03/2025"]
    assert commas.table.column("value").to_pylist() == ["1200,5", "0,0000001", *dates_as_mapped]


def test_noise_rows_are_rejected_with_their_sheet_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [["id", "name"], ["a", "x"], ["id", "name"], [" ", None], ["b", "y"]]
    raw = read_sheet(workbook(tmp_path / "n.xlsx", {"S": rows}))
    assert raw.table.column("id").to_pylist() == ["a", "b"]
    assert raw.lines.tolist() == [2, 5]
    assert [(r.line, r.reason) for r in raw.rejects] == [(3, "repeated_header")]
    assert raw.rows_read == 3  # row 4 holds only a space: the reader gives it as blank


def test_first_visible_sheet_by_default_or_the_named_one(tmp_path: Path) -> None:
    sheets = {"Hidden": [["x"], [1]], "Summary": [["total"], [3]], "Deals": [HEADER, *ROWS]}
    book = workbook(tmp_path / "deals.xlsx", sheets, hidden=("Hidden",))
    first = read_sheet(book)
    assert first.columns == ["total"]
    assert (
        first.notes[0]
        == "deals.xlsx: read sheet 'Summary'; the workbook also has 'Hidden', 'Deals'"
    )
    assert read_sheet(book, sheet="deals").name == "deals.xlsx (sheet Deals)"  # as Excel: any case
    with Store.open(tmp_path / "s.duckdb") as store:
        mapping = load_mapping(mapping_for(tmp_path, "deals.xlsx"))
        result = import_csv(store, [book], mapping, sheet="Deals")
        assert (result.rows_read, result.rows_loaded) == (8, 4)


def test_each_sheet_is_its_own_import(tmp_path: Path) -> None:
    later = [[HEADER[0], *HEADER[1:]], [2001, "Eve", "Won", "Web", datetime(2025, 4, 1), None, 1]]
    book = workbook(tmp_path / "deals.xlsx", {"Q1": [HEADER, *ROWS], "Q2": later})
    with Store.open(tmp_path / "s.duckdb") as store:
        mapping = load_mapping(mapping_for(tmp_path, "deals.xlsx"))
        first = import_csv(store, [book], mapping, sheet="Q1")
        second = import_csv(store, [book], mapping, sheet="Q2")
        assert first.import_id != second.import_id
        assert store.count("imports") == 2
        assert store.count("deals") == 5


def test_an_unknown_sheet_is_one_sentence_listing_the_sheets(tmp_path: Path) -> None:
    book = workbook(tmp_path / "deals.xlsx", {"Summary": [["a"]], "Deals": [HEADER]})
    message = "deals.xlsx has no sheet 'Nope'; its sheets are 'Summary', 'Deals'."
    with pytest.raises(PipelineDoctorError) as caught:
        read_sheet(book, sheet="Nope")
    assert str(caught.value) == message
    mapping = mapping_for(tmp_path, "deals.xlsx")
    db = tmp_path / "s.duckdb"
    command = ["import", "csv", str(book), "--mapping", str(mapping), "--sheet", "Nope"]
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_doctor.cli.app", *command, "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: {message}"


def test_a_sheet_named_for_csv_files_only_is_refused(tmp_path: Path) -> None:
    text = write(tmp_path / "deals.csv", CSV)
    with (
        Store.open(tmp_path / "s.duckdb") as store,
        pytest.raises(PipelineDoctorError, match=r"none of the files is an \.xlsx workbook"),
    ):
        import_csv(store, [text], load_mapping(mapping_for(tmp_path, "deals.csv")), sheet="Deals")


def test_a_workbook_name_on_a_csv_file_says_what_it_is(tmp_path: Path) -> None:
    fake = write(tmp_path / "deals.xlsx", CSV)
    with pytest.raises(
        PipelineDoctorError, match=r"named as an Excel workbook but looks like text"
    ):
        read_sheet(fake)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    with pytest.raises(PipelineDoctorError, match=r"^broken\.xlsx cannot be read as an Excel wo"):
        read_sheet(broken)
    empty = workbook(tmp_path / "empty.xlsx", {"Deals": []})
    with pytest.raises(PipelineDoctorError, match=r"\(sheet Deals\) is empty"):
        read_sheet(empty)


def test_the_command_imports_a_sheet(tmp_path: Path) -> None:
    book = workbook(tmp_path / "deals.xlsx", {"Notes": [["n"]], "Deals": [HEADER, *ROWS]})
    mapping = mapping_for(tmp_path, "deals.xlsx")
    db = str(tmp_path / "s.duckdb")
    command = ["import", "csv", str(book), "--mapping", str(mapping), "--sheet", "Deals"]
    result = CliRunner(env={"COLUMNS": "200"}).invoke(make_app(), [*command, "--db", db])
    assert result.exit_code == 0, result.output
    assert "Rows read 8 = loaded 4 + rejected 4" in result.output
    assert "read sheet 'Deals'; the workbook also has 'Notes'" in result.output
