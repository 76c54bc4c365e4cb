"""Files that are not text, given as CSV, are refused before any parsing with one sentence
naming what they look like; text with a stray NUL or in UTF-16 is still read."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import csvparse, direct
from pipeline_doctor.importers.core.mapping import mapping_from_dict
from pipeline_doctor.importers.core.textio import ensure_text_file
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store

CSV = "Id,Owner,Stage\nD1,Ann,Won\nD2,Bob,Lost\n"
EXPORT = "export the data from its source as CSV or .xlsx."


def _xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Id", "Owner"])
    book.save(path)


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("deals.csv", CSV)


def _duckdb(path: Path) -> None:
    with Store.open(path.with_suffix(".duckdb")):
        pass
    path.write_bytes(path.with_suffix(".duckdb").read_bytes())


BINARIES = {
    "pdf": (
        lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        f"looks like a PDF document, not CSV text; {EXPORT}",
    ),
    "xlsx": (
        _xlsx,
        "looks like an Excel workbook (.xlsx), not CSV text; rename it deals.xlsx or pass the "
        ".xlsx file as it is.",
    ),
    "zip": (_zip, "looks like a zip archive, not CSV text; unzip it and import the CSV files"),
    "png": (
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        f"looks like a PNG image, not CSV text; {EXPORT}",
    ),
    "jpeg": (
        lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)),
        f"looks like a JPEG image, not CSV text; {EXPORT}",
    ),
    "gif": (lambda p: p.write_bytes(b"GIF89a\x01\x00\x01\x00"), "looks like a GIF image"),
    "xls": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        "looks like an old Excel workbook (.xls), a password-protected workbook or another "
        "Office file, not CSV text; open it in Excel and save it as .xlsx",
    ),
    "gzip": (
        lambda p: p.write_bytes(gzip.compress(CSV.encode())),
        "looks like a gzip-compressed file",
    ),
    "duckdb": (_duckdb, "looks like a DuckDB database (such as a Pipeline Doctor store)"),
    "binary": (
        lambda p: p.write_bytes(bytes(range(256)) * 16),
        f"looks like a binary file, not CSV text; {EXPORT}",
    ),
}
MAPPING = mapping_from_dict(
    {
        "table": [
            {
                "name": "reps",
                "file": "deals.csv",
                "derived": True,
                "columns": {"id": "Owner", "name": "Owner"},
            },
            {
                "name": "deals",
                "file": "deals.csv",
                "columns": {
                    "id": "Id",
                    "rep": "Owner",
                    "stage": "Stage",
                    "outcome": {"column": "Stage", "values": {"Won": "won", "Lost": "lost"}},
                },
            },
        ]
    }
)


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_a_file_that_is_not_text_is_refused_before_parsing(
    kind: str, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, sentence = BINARIES[kind]
    path = tmp_path / "deals.csv"
    make(path)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a file that is not text")

    monkeypatch.setattr(csvparse, "parse_csv", never)
    monkeypatch.setattr(direct, "candidate", never)
    with pytest.raises(PipelineDoctorError) as caught:
        import_csv(store, [path], MAPPING)
    message = str(caught.value)
    assert message.startswith(f"deals.csv {sentence}"), message
    assert message.count(". ") == 0  # one sentence
    assert store.count("imports") == 0


def test_text_with_a_stray_nul_or_in_utf16_is_read(tmp_path: Path) -> None:
    stray = tmp_path / "nul.csv"
    stray.write_bytes(CSV.replace("Ann", "A\x00nn").encode())
    wide = tmp_path / "wide.csv"
    wide.write_bytes(CSV.encode("utf-16"))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"")
    for path in (stray, wide, plain):
        ensure_text_file(path)
    with Store.open(tmp_path / "s.duckdb") as store:
        path = tmp_path / "deals.csv"
        path.write_bytes(CSV.replace("Ann", "A\x00nn").encode())
        result = import_csv(store, [path], MAPPING)
        assert (result.rows_read, result.rows_loaded) == (2, 2)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline_doctor.cli.app", "import", "csv", *args]
    return subprocess.run(command, capture_output=True, text=True)


def test_the_command_exits_1_with_the_sentence(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    BINARIES["pdf"][0](path)
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'source = "csv"\n[[table]]\nname = "deals"\nfile = "deals.csv"\n'
        '[table.columns]\nid = "Id"\nrep = "Owner"\nstage = "Stage"\noutcome = "Stage"\n'
    )
    proc = _cli(str(path), "--mapping", str(mapping), "--db", str(tmp_path / "s.duckdb"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: deals.csv {BINARIES['pdf'][1]}"
    suggested = tmp_path / "suggested.toml"
    proc = _cli(str(path), "--suggest-mapping", str(suggested))
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: deals.csv ")
    assert "PDF document" in proc.stderr
    assert not suggested.exists()
