"""Safe stores from the command line: --db naming something that is not a store, the demo's
store of its own, an import that loads nothing, and the operating system's refusals (read-only
folders, a full disk) as one sentence naming the path, before any work."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline_doctor.cli import files
from pipeline_doctor.cli.app import app
from tests.cli.crm_files import deals_csv, deals_mapping, imported_store
from tests.store.mounts import read_only_folder, tiny_disk
from tests.store.snapshots import checksums, leftovers

runner = CliRunner(env={"COLUMNS": "200"})


def _import_args(folder: Path, db: str | Path) -> list[str]:
    deals = folder / "deals.csv"
    if not deals.exists():
        deals_csv(deals, 30, "D")
    mapping = deals_mapping(folder, "deals.csv")
    return ["import", "csv", str(deals), "--mapping", str(mapping), "--db", str(db)]


def _message(result: Any) -> str:
    assert result.exit_code != 0, result.output
    return str(result.exception)


# -- what --db names ------------------------------------------------------------------------


def test_an_import_into_a_csv_file_is_refused_saying_what_to_run(tmp_path: Path) -> None:
    bad, work = tmp_path / "bad", tmp_path / "work"
    bad.mkdir()
    work.mkdir()
    copy = bad / "deals_copy.csv"
    deals_csv(copy, 30, "C")
    before = copy.read_bytes()
    args = _import_args(work, "../bad/deals_copy.csv")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_doctor.cli.app", *args],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "Error: ../bad/deals_copy.csv is a CSV file, not a store; did you mean "
        "`pipeline-doctor import csv ../bad/deals_copy.csv`?\n"
    )
    assert copy.read_bytes() == before
    assert sorted(p.name for p in bad.iterdir()) == ["deals_copy.csv"]


def test_a_new_store_must_be_named_duckdb(tmp_path: Path) -> None:
    message = _message(runner.invoke(app, _import_args(tmp_path, tmp_path / "crm.db")))
    assert "a new store's name must end in .duckdb" in message
    assert f"use {tmp_path / 'crm.duckdb'}" in message
    assert not (tmp_path / "crm.db").exists()


@pytest.mark.parametrize("command", [["info"], ["diagnose"], ["report"], ["rejects"]])
def test_reading_commands_refuse_a_file_that_is_not_a_store(
    tmp_path: Path, command: list[str]
) -> None:
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    message = _message(runner.invoke(app, [*command, "--db", str(pdf)]))
    assert message.startswith(f"{pdf} is a PDF document, not a store;")


# -- simulated and imported data never share a store -----------------------------------------


def test_the_demo_has_a_store_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPELINE_DOCTOR_DB", "crm.duckdb")  # names the user's store, not the demo's
    result = runner.invoke(app, ["demo", "--deals", "300", "--no-diagnose"])
    assert result.exit_code == 0, result.output
    assert "The sample organisation is in demo.duckdb" in result.output
    assert sorted(p.name for p in tmp_path.glob("*.duckdb")) == ["demo.duckdb"]
    result = runner.invoke(app, ["info", "--db", "demo.duckdb"])
    assert result.exit_code == 0, result.output
    assert "Holds: a simulated sample organisation (`pipeline-doctor demo`, seed=42 " in (
        result.output
    )


def test_an_import_refuses_the_store_of_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--deals", "300", "--no-diagnose", "--db", str(db)])
    assert result.exit_code == 0, result.output
    before = checksums(db)
    message = _message(runner.invoke(app, _import_args(tmp_path, db)))
    assert message == (
        f"The store {db} holds the simulated sample organisation of `pipeline-doctor demo`, and "
        "imported data must not be mixed with it. Import into a store of its own with --db "
        f"(such as --db crm.duckdb), or delete {db} first."
    )
    assert checksums(db) == before
    assert leftovers(db) == []


def test_the_demo_still_refuses_to_replace_imported_data(tmp_path: Path) -> None:
    db = imported_store(tmp_path)
    before = checksums(db)
    message = _message(runner.invoke(app, ["demo", "--deals", "300", "--db", str(db)]))
    assert message.startswith(f"The store {db} holds imported CRM data; the demo would replace")
    assert checksums(db) == before


def test_info_says_where_imported_data_came_from(tmp_path: Path) -> None:
    db = imported_store(tmp_path)
    result = runner.invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Holds: data imported from csv ({tmp_path / 'first.csv'})." in result.output


# -- an import that loads nothing ------------------------------------------------------------


def test_an_import_that_loads_nothing_fails_after_its_summary(tmp_path: Path) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "Id,Owner,Stage,Created,Amount,Note\n"
        "D1,Ann,Won,2025-01-02,abc,\n"
        "D2,Ann,Won,2025-01-02,twelve,\n"
        "D3,Bob,Lost,2025-01-03,-5,\n"
    )
    db = tmp_path / "crm.duckdb"
    result = runner.invoke(app, _import_args(tmp_path, db))
    assert result.exit_code == 1
    assert "Rows read 3 = loaded 0 + rejected 3" in result.output  # the summary comes first
    message = str(result.exception)
    assert message.startswith("Nothing was loaded: all 3 rows read were rejected (bad_number 2")
    assert message.endswith(f"see them with `pipeline-doctor rejects --db {db}`.")
    result = runner.invoke(app, ["rejects", "--db", str(db)])  # they were recorded
    assert result.exit_code == 0, result.output
    assert "bad_number" in result.output
    # a partly loaded import is a success
    deals.write_text("Id,Owner,Stage,Created,Amount,Note\nD1,Ann,Won,2025-01-02,abc,\n"
                     "D4,Ann,Won,2025-01-02,10,\n")  # fmt: skip
    result = runner.invoke(app, _import_args(tmp_path, db))
    assert result.exit_code == 0, result.output


# -- read-only folders and full disks: one sentence naming the path, before any work ---------


@pytest.fixture
def no_diagnosis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running the checks fails the test: a refusal must come before any work."""

    def fail(*args: object, **kwargs: object) -> None:
        pytest.fail("the checks ran before the output was found unwritable")

    monkeypatch.setattr("pipeline_doctor.diagnosis.run_diagnosis", fail)


def test_a_report_under_a_file_is_refused_before_the_checks(
    tmp_path: Path, no_diagnosis: None
) -> None:
    db = imported_store(tmp_path)
    (tmp_path / "file.txt").write_text("x")
    report = tmp_path / "file.txt" / "report.html"
    message = _message(runner.invoke(app, ["report", "--db", str(db), "-o", str(report)]))
    assert message == (
        f"Cannot write the report {report}: the folder {tmp_path / 'file.txt'} is a file, "
        "not a folder."
    )
    demo = tmp_path / "demo.duckdb"
    args = ["demo", "--deals", "300", "--db", str(demo), "-o", str(report)]
    assert _message(runner.invoke(app, args)).startswith(f"Cannot write the report {report}:")
    assert not demo.exists()  # refused before the simulation


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_folder_where_no_file_can_be_made_is_not_called_missing(
    tmp_path: Path, no_diagnosis: None
) -> None:
    db = imported_store(tmp_path)
    report = Path("/proc/report.html")
    message = _message(runner.invoke(app, ["report", "--db", str(db), "-o", str(report)]))
    assert message == f"Cannot write the report {report}: files cannot be created in /proc."


def test_read_only_folders_are_refused_before_any_work(tmp_path: Path, no_diagnosis: None) -> None:
    db = imported_store(tmp_path)
    before = checksums(db)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "crm.duckdb").write_bytes(db.read_bytes())
    with read_only_folder(locked):
        reasons = ("the file system is read-only", "permission denied")
        report = locked / "report.html"
        message = _message(runner.invoke(app, ["report", "--db", str(db), "-o", str(report)]))
        assert message in {f"Cannot write the report {report}: {r}." for r in reasons}
        out = locked / "out"
        message = _message(runner.invoke(app, ["export", "csv", str(out), "--db", str(db)]))
        assert message in {f"Cannot write the export {out}: {r}." for r in reasons}
        for store in (locked / "crm.duckdb", locked / "new.duckdb"):
            message = _message(runner.invoke(app, _import_args(tmp_path, store)))
            expected = {
                f"Cannot write the store {store}: {r}; nothing was changed." for r in reasons
            }
            assert message in expected
        # a store that cannot be written can still be read
        result = runner.invoke(app, ["info", "--db", str(locked / "crm.duckdb")])
        assert result.exit_code == 0, result.output
        assert "Holds: data imported from csv" in result.output
    assert checksums(db) == before
    assert checksums(locked / "crm.duckdb") == before


def test_a_full_disk_writing_the_report_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = imported_store(tmp_path)
    report = tmp_path / "report.html"
    report.write_text("the previous report")

    def full(handle: object, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_all", full)
    message = _message(runner.invoke(app, ["report", "--db", str(db), "-o", str(report)]))
    assert message == f"Cannot write the report {report}: the disk is full."
    assert report.read_text() == "the previous report"  # written whole or not at all
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_a_really_full_disk_writing_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = imported_store(tmp_path)
    with tiny_disk(tmp_path / "disk", "1m") as disk:
        report = disk / "report.html"
        monkeypatch.setattr(
            "pipeline_doctor.views.report_html.render_report", lambda *a, **k: "x" * (3 << 20)
        )
        message = _message(runner.invoke(app, ["report", "--db", str(db), "-o", str(report)]))
        assert message == f"Cannot write the report {report}: the disk is full."
        assert list(disk.iterdir()) == []
