"""`import csv --suggest-mapping`: every value listed with its rows, a catch-all, each guess
explained, only the required fields required, and a file that is not text refused."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.mapping import suggest_mapping
from pipeline_doctor.importers.generic.profile import LISTED
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers import spreadsheet
from tests.importers.conftest import write


def suggest(path: Path, text: str) -> str:
    write(path, text)
    return suggest_mapping([path])


def section(mapping: str, name: str) -> list[str]:
    """The lines of the `[table.columns.NAME]` sub-tables (the rule and its values)."""
    lines = mapping.splitlines()
    start = lines.index(next(x for x in lines if x.startswith(f"[table.columns.{name}]")))
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].startswith("[") and "values" not in lines[i]
        ),
        len(lines),
    )
    return [line for line in lines[start:end] if line]


def line_of(mapping: str, start: str) -> str:
    """The first line of the deals entry that starts with `start`."""
    deals = mapping.split('name = "deals"')[1]
    return next(line for line in deals.splitlines() if line.startswith(start))


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, str]], str]:
    path = tmp_path_factory.mktemp("flat") / "pipeline.csv"
    data = spreadsheet.write(path)
    return data, suggest_mapping([path])


def test_every_value_is_listed_with_its_rows_most_frequent_first(
    flat: tuple[list[dict[str, str]], str],
) -> None:
    data, mapping = flat
    counts = Counter(row["Lead Source"] for row in data)
    values = [
        x for x in section(mapping, "source") if x.startswith('"') and not x.startswith('"*"')
    ]
    assert len(values) == len(counts) == 21
    listed = [
        (x.split('"')[1], int(x.rsplit("# ", 1)[1].split()[0].replace(",", ""))) for x in values
    ]
    assert dict(listed) == counts
    assert [n for _, n in listed] == sorted(counts.values(), reverse=True)
    assert '"Podcast" = "?"   # 55 rows' in values  # the rare value the issue saw dropped
    assert '"Trade Show" = "event"   # 150 rows' in values


def test_vocabularies_get_a_catch_all(flat: tuple[list[dict[str, str]], str]) -> None:
    _, mapping = flat
    assert '"*" = "other"   # every value not listed above' in section(mapping, "source")
    assert '"*" = "open"   # every value not listed above' in section(mapping, "outcome")
    assert '"*" = "unknown"   # every value not listed above' in section(mapping, "budget")
    assert tomllib.loads(mapping)["table"][-1]["columns"]["source"]["values"]["*"] == "other"


def test_each_recognised_column_is_explained(flat: tuple[list[dict[str, str]], str]) -> None:
    _, mapping = flat
    assert "ids are row-<line>" in mapping
    assert line_of(mapping, "id = ") == "id = { row_number = true }"
    assert (
        line_of(mapping, "rep = ")
        == 'rep = "Seller"   # named like an owner: 5 people on 1,353 rows'
    )
    assert line_of(mapping, "created_at = ") == 'created_at = "Created"'
    assert "# named like it; dates from 2025-01-01 to 2025-06-28, empty on 119 rows" in mapping
    assert line_of(mapping, "closed_at = ") == 'closed_at = "Close Date"'
    assert line_of(mapping, "amount = ").startswith(
        'amount = "Deal Value"   # named like it; numbers'
    )
    outcome = section(mapping, "outcome")
    assert 'column = "Status"' in outcome
    assert (
        "# why: named like an outcome; its values read as won: Won; lost: Lost; open: Open"
        in outcome
    )
    for name, column in [
        ("budget", "Budget"),
        ("authority", "Decision maker known"),
        ("need", "Needs"),
        ("timing", "Timeline"),
    ]:
        lines = section(mapping, name)
        assert f'column = "{column}"' in lines
        assert any("named like it (BANT qualification)" in x for x in lines)
    budget = section(mapping, "budget")
    assert '"Yes" = "known"' in "\n".join(budget)
    assert '"No" = "unknown"' in "\n".join(budget)
    assert 'extra = { extra = ["Industry"] }' in mapping
    reps = tomllib.loads(mapping)["table"][0]
    assert (reps["name"], reps["derived"], reps["columns"]) == (
        "reps",
        True,
        {"id": "Seller", "name": "Seller"},
    )


def test_only_required_fields_are_required(flat: tuple[list[dict[str, str]], str]) -> None:
    _, mapping = flat
    deals = tomllib.loads(mapping)["table"][-1]
    assert {"id", "rep", "outcome"} <= set(deals["columns"])
    for optional in ("expected_close", "product", "competitor", "currency", "account"):
        assert optional not in deals["columns"]
        assert f"# {optional} = " in mapping  # offered, commented out
    assert "# Required: id, rep, outcome." in mapping


def test_more_values_than_listed_are_counted(tmp_path: Path) -> None:
    labels = [f"Campaign {i:02d}" for i in range(LISTED + 12)]
    body = "".join(f"D{i},Won,{label}\n" for i, label in enumerate(labels * 2))
    mapping = suggest(tmp_path / "deals.csv", "Deal ID,Result,Source\n" + body)
    lines = section(mapping, "source")
    assert sum(x.startswith('"Campaign') for x in lines) == LISTED
    assert any(x.startswith("# ... and 12 more values on 24 rows, not listed") for x in lines)
    assert lines[-1].startswith('"*" = "other"')


def test_no_owner_gives_one_unassigned_rep_and_the_import_works(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "deals.csv"
    mapping = suggest(path, "Deal ID,Outcome,Amount\nA1,won,10\nA2,lost,20\nA3,open,5\n")
    assert 'id = "Deal ID"   # named like an id and unique on each of the 3 rows read' in mapping
    assert 'rep = { const = "unassigned" }   # no owner column: every deal to one rep' in mapping
    assert "# Nothing is left to fill in." in mapping
    result = import_csv(store, [path], load_mapping(write(tmp_path / "m.toml", mapping)))
    assert (result.rows_read, result.rows_loaded) == (3, 3)
    assert store.table("reps").id.to_pyarrow().to_pylist() == ["unassigned"]


def test_empty_owners_go_to_the_unassigned_rep(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    mapping = suggest(path, "Owner,Won\nAnn,1\n,0\nAnn,0\n")
    assert 'rep = { column = "Owner", default = "unassigned" }' in mapping
    result = import_csv(store, [path], load_mapping(write(tmp_path / "m.toml", mapping)))
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 3, 0)
    assert sorted(store.table("reps").id.to_pyarrow().to_pylist()) == ["Ann", "unassigned"]


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("Stage", ["Closed Won", "Closed Lost", "Negotiation"], {"won", "lost", "open"}),
        ("Converted", ["Yes", "No"], {"won", "lost"}),
        ("IsWon", ["1", "0"], {"won", "lost"}),
        ("y", ["yes", "no"], {"won", "lost"}),
        ("Pipeline step", ["Closed Won", "Closed Lost", "Demo"], {"won", "lost", "open"}),
    ],
)
def test_outcome_by_name_and_values(
    tmp_path: Path, header: str, values: list[str], expected: set[str]
) -> None:
    body = "".join(f"{v},Yes\n" for v in values * 3)
    mapping = suggest(tmp_path / "deals.csv", f"{header},Budget\n{body}")
    outcome = tomllib.loads(mapping)["table"][-1]["columns"]["outcome"]
    assert outcome["column"] == header
    assert {v for k, v in outcome["values"].items() if k != "*"} == expected


def test_yes_no_columns_are_not_outcomes_without_an_outcome_name(tmp_path: Path) -> None:
    mapping = suggest(tmp_path / "deals.csv", "Deal ID,Budget\nD1,Yes\nD2,No\n")
    assert "# outcome = ...   # REQUIRED" in mapping
    assert "deals.outcome in deals.csv: no column looks like it" in mapping
    assert tomllib.loads(mapping)["table"][-1]["columns"]["budget"]["column"] == "Budget"


def test_an_id_named_like_one_but_repeated_is_explained(tmp_path: Path) -> None:
    mapping = suggest(tmp_path / "deals.csv", "Opportunity Number,Result\n7,Won\n7,Lost\n8,Won\n")
    assert 'id = "Opportunity Number"' in mapping
    assert "but 1 row repeats an earlier row's id" in mapping.replace("\n# ", " ")


def test_ids_shaped_like_codes_are_found_without_a_name(tmp_path: Path) -> None:
    mapping = suggest(tmp_path / "deals.csv", "Ref,Result\nOPP-001,Won\nOPP-002,Lost\n")
    assert line_of(mapping, "id = ").startswith('id = "Ref"   # values shaped like ids')


def test_ambiguous_dates_ask_for_a_format(tmp_path: Path) -> None:
    mapping = suggest(tmp_path / "deals.csv", "Result,Created\nWon,03/04/2025\nLost,05/06/2025\n")
    assert '# date_format = "%d/%m/%Y"   # NEEDED' in mapping
    assert "date_format under [options]: day/month or month/day" in mapping


def test_semicolons_with_decimal_points(tmp_path: Path) -> None:
    mapping = suggest(tmp_path / "deals.csv", "Result;Amount\nWon;12.50\nLost;3.25\n")
    options = tomllib.loads(mapping)["options"]
    assert (options["delimiter"], options["decimal"]) == (";", ".")


def test_every_suggestion_is_valid_toml_and_a_valid_mapping(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    mapping = suggest(path, 'Deal,"Lead ""Source""",Result\nA,"Web, form",Won\nB,Ünïcode,Lost\n')
    load_mapping(write(tmp_path / "m.toml", mapping))


def test_a_pdf_is_refused_in_one_sentence(tmp_path: Path) -> None:
    pdf = tmp_path / "pipeline.csv"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    out = tmp_path / "mapping.toml"
    app = typer.Typer()
    import_cmd.register(app)
    result = CliRunner().invoke(app, ["import", "csv", str(pdf), "--suggest-mapping", str(out)])
    assert result.exit_code != 0
    assert isinstance(result.exception, PipelineDoctorError)
    message = str(result.exception)
    assert message.startswith("pipeline.csv looks like a PDF document, not CSV text")
    assert message.count(". ") == 0
    assert not out.exists()


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"PK\x03\x04" + b"\x00" * 40, "zip"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image")],
)
def test_other_binaries_are_refused(tmp_path: Path, head: bytes, kind: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(head)
    with pytest.raises(PipelineDoctorError, match=kind):
        suggest_mapping([path])


def test_with_a_reps_file_no_reps_are_derived(store: Store, tmp_path: Path) -> None:
    deals = write(tmp_path / "deals.csv", "Deal ID,Owner,Result\nD1,Ann,Won\nD2,Bob,Lost\n")
    reps = write(tmp_path / "team.csv", "Agent,Team,Email\nAnn,East,a@x.io\nBob,West,b@x.io\n")
    mapping = suggest_mapping([deals, reps])
    entries = tomllib.loads(mapping)["table"]
    assert [(t["name"], t["file"], t.get("derived", False)) for t in entries] == [
        ("deals", "deals.csv", False),
        ("reps", "team.csv", False),
    ]
    assert entries[1]["columns"] == {
        "id": "Agent",
        "name": "Agent",
        "email": "Email",
        "team": "Team",
    }
    assert "# Nothing is left to fill in." in mapping
    result = import_csv(store, [deals, reps], load_mapping(write(tmp_path / "m.toml", mapping)))
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 4, 0)


def test_a_large_file_is_read_from_its_first_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline_doctor.importers.generic import profile

    monkeypatch.setattr(profile, "SAMPLE_BYTES", 8_000)
    path = tmp_path / "pipeline.csv"
    data = spreadsheet.write(path)
    mapping = suggest_mapping([path])
    read = int(mapping.split("the first ")[1].split(" rows read")[0].replace(",", ""))
    assert 0 < read < len(data)
    # owners not seen in the part may be empty further on: they go to the unassigned rep
    rep = line_of(mapping, "rep = ")
    assert rep.startswith('rep = { column = "Seller", default = "unassigned" }   # named like')
    load_mapping(write(tmp_path / "m.toml", mapping))
