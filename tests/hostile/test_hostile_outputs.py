"""Hostile CRM text in every text field of every table, through every command a user runs:
`import`, `diagnose`, `info`, `rejects`, `report`, `export`. Nothing crashes, nothing a
terminal would act on reaches it (read through a pseudo-terminal, dumb and colour), no markup
takes effect, no exported CSV cell is a formula, and the report opens in headless Chromium
with no dialog, no error and no request. The data itself is stored exactly as received.

The org is a simulated one exported to CSV, with the payloads written over its text cells
(ids get a payload appended, the same one wherever the id appears, so references hold);
`make fuzz` runs a larger org (PIPELINE_DOCTOR_FUZZ_DEALS)."""

from __future__ import annotations

import csv
import hashlib
import itertools
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from pipeline_doctor.model.schema import TABLES_BY_NAME
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store
from pipeline_doctor.untrusted import FORMULA_START, NUMBER, QUOTE
from tests.hostile.payloads import RICH_MARKUP, payloads
from tests.hostile.terminal import Run, run_in_terminal

DEALS = int(os.environ.get("PIPELINE_DOCTOR_FUZZ_DEALS", "300"))
NOT_TEXT = {"extra"}  # JSON objects, written by the import itself
csv.field_size_limit(sys.maxsize)


def _poison(folder: Path) -> dict[str, int]:
    """Write payloads over the text cells of every exported CSV; return cells per payload
    family hit (columns with a closed vocabulary are left: they are codes, not text)."""
    every = payloads()
    next_payload = itertools.cycle(every)
    planted: dict[str, int] = {}
    for path in sorted(folder.glob("*.csv")):
        table = TABLES_BY_NAME[path.stem]
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        columns = {c.name: c for c in table.columns}
        for i, name in enumerate(header):
            col = columns[name]
            if col.type != "string" or col.allowed or name in NOT_TEXT:
                continue
            keyish = name in table.key or col.references is not None
            for row in body:
                if not row[i]:
                    continue
                if keyish:  # the same suffix wherever the id appears
                    index = int(hashlib.sha1(row[i].encode()).hexdigest(), 16) % len(every)
                    row[i] = f"{row[i]}{every[index]}"
                else:
                    row[i] = next(next_payload)
                planted[f"{table.name}.{name}"] = planted.get(f"{table.name}.{name}", 0) + 1
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *body])
    return planted


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Run]]:
    """The poisoned export imported through the CLI, then every reading command run."""
    work = tmp_path_factory.mktemp("hostile")
    with Store.open(work / "clean.duckdb") as store:
        simulate_into(store, SimulationConfig(deals=DEALS, seed=5, plants=DEFAULT_PLANTS))
        from pipeline_doctor.exporters.tables import export_tables

        export_tables(store, work / "export", "csv")
    planted = _poison(work / "export")
    assert len(planted) >= 15, planted  # text fields of reps, accounts, deals, activities ...
    files = [str(p) for p in sorted((work / "export").glob("*.csv"))]
    db = str(work / "hostile.duckdb")
    mapping = str(work / "export" / "mapping.toml")
    runs = {"import": run_in_terminal(["import", "csv", *files, "--mapping", mapping,
                                       "--db", db], colour=False, cwd=work)}  # fmt: skip
    commands = {
        "diagnose": ["diagnose", "--db", db],
        "info": ["info", "--db", db],
        "rejects": ["rejects", "--db", db, "--limit", "200"],
        "report": ["report", "--db", db, "-o", str(work / "report.html")],
        "export": ["export", "csv", str(work / "out"), "--db", db],
        "json": ["diagnose", "--db", db, "--format", "json"],
    }
    for name, args in commands.items():
        runs[name] = run_in_terminal(args, colour=False, cwd=work)
        if name in ("diagnose", "info", "rejects"):
            runs[f"{name} (colour)"] = run_in_terminal(args, colour=True, cwd=work)
    return work, runs


def test_every_command_runs(hostile: tuple[Path, dict[str, Run]]) -> None:
    _, runs = hostile
    failed = {name: run.output[-2000:] for name, run in runs.items() if run.code != 0}
    assert failed == {}
    counts = re.search(r"Rows read ([\d,]+) = loaded ([\d,]+)", runs["import"].output)
    assert counts is not None, runs["import"].output[-2000:]
    assert int(counts.group(2).replace(",", "")) > 0


def test_nothing_reaches_the_terminal_but_text(hostile: tuple[Path, dict[str, Run]]) -> None:
    _, runs = hostile
    leaks = {name: run.unsafe() for name, run in runs.items() if run.unsafe()}
    assert leaks == {}
    dumb = {name: run.output.count("\x1b") for name, run in runs.items() if "colour" not in name}
    assert set(dumb.values()) == {0}, dumb  # a dumb terminal gets no sequence at all


def test_markup_in_crm_text_is_shown_as_written(hostile: tuple[Path, dict[str, Run]]) -> None:
    _, runs = hostile
    shown = "\n".join(run.output for run in runs.values())
    assert any(p in shown for p in RICH_MARKUP if p.startswith("[")), "no markup payload shown"
    assert "\x1b]8;" not in shown  # no link planted


def test_the_data_is_stored_as_received(hostile: tuple[Path, dict[str, Run]]) -> None:
    work, _ = hostile
    with (work / "export" / "reps.csv").open(newline="", encoding="utf-8") as handle:
        written = {row["id"]: row["name"] for row in csv.DictReader(handle)}
    with Store.open(work / "hostile.duckdb", create=False) as store:
        reps = store.table("reps").select("id", "name").to_pyarrow().to_pylist()
    stored = {r["id"]: r["name"] for r in reps}
    # what the import documents changing: NUL removed, surrounding white space trimmed
    plain = {i: n for i, n in written.items() if "\x00" not in i + n and n == n.strip()}
    assert len(plain) >= 5
    assert {i: stored.get(i) for i in plain} == plain
    # control characters are kept in the store: only outputs change
    assert any(unicodedata.category(c) == "Cc" for name in stored.values() for c in name)


def test_no_exported_cell_is_a_formula(hostile: tuple[Path, dict[str, Run]]) -> None:
    work, _ = hostile
    number = re.compile(NUMBER)
    formulas, quoted = [], 0
    for path in sorted((work / "out").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    quoted += cell.startswith(QUOTE)
                    if cell and cell[0] in FORMULA_START and not number.fullmatch(cell):
                        formulas.append((path.name, cell[:40]))
    assert formulas == []
    assert quoted > 0  # the formula payloads were there, and were quoted


@pytest.mark.browser
def test_the_report_opens_without_running_anything(hostile: tuple[Path, dict[str, Run]]) -> None:
    from tests.views.test_report_browser import require_chromium

    require_chromium()
    from pipeline_doctor.views.screenshot import open_in_chromium

    work, _ = hostile
    seen = open_in_chromium(work / "report.html")
    assert seen.dialogs == []
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.requests_outside == []


def test_the_quoted_export_reads_back_unchanged(hostile: tuple[Path, dict[str, Run]]) -> None:
    from pipeline_doctor.importers.core.mapping import load_mapping
    from pipeline_doctor.importers.generic.read import import_csv

    work, _ = hostile
    out = work / "out"
    with Store.open(work / "again.duckdb") as again:
        import_csv(again, sorted(out.glob("*.csv")), load_mapping(out / "mapping.toml"))
        copied = {t: _texts(again, t) for t in ("reps", "accounts", "deals", "activities")}
    with Store.open(work / "hostile.duckdb", create=False) as store:
        original = {t: _texts(store, t) for t in ("reps", "accounts", "deals", "activities")}
    assert copied == original


def _texts(store: Store, table: str) -> list[tuple[object, ...]]:
    columns = [c.name for c in TABLES_BY_NAME[table].columns if c.type == "string"]
    rows = store.table(table).select(*columns).to_pyarrow().to_pylist()
    return sorted(tuple(r.values()) for r in rows)
