"""docs/mapping.md is generated from the mapping's definition: it fails when someone forgets
`make docs`, when the parser and the definition disagree on a key, when an example does not
parse, and when the worked example does not import every row."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from pipeline_doctor.diagnosis import run_diagnosis
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import (
    ColumnRule,
    Options,
    TableRule,
    load_mapping,
    mapping_from_dict,
)
from pipeline_doctor.importers.core.mapping_docs import render_mapping_markdown
from pipeline_doctor.importers.core.mapping_keys import KEYS, PLACES, Key, key_names
from pipeline_doctor.importers.core.run import ImportResult
from pipeline_doctor.importers.generic import example
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.model.labels import VOCABULARY_MEANINGS, vocabulary_of
from pipeline_doctor.model.schema import DATA_TABLES
from pipeline_doctor.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "mapping.md"
DEALS = '[[table]]\nname = "deals"\nfile = "deals.csv"\n[table.columns]\n'
CONTEXT = {
    "top": "{example}\n" + DEALS,
    "options": "[options]\n{example}\n" + DEALS,
    "table": "{example}\n",
    "column": DEALS + "{example}\n",
    "rows": DEALS + "{example}\n",
}
"""Where each place's example goes in a whole mapping."""


def test_mapping_doc_matches_the_generator() -> None:
    assert DOC.read_text() == render_mapping_markdown(), (
        "run `make docs` to regenerate docs/mapping.md"
    )


def _parsed(key: Key, folder: Path) -> tuple[dict[str, object], object]:
    (folder / "rates.csv").write_text("currency,rate\nEUR,1\nUSD,0.92\n")
    data = tomllib.loads(CONTEXT[key.place].format(example=key.example))
    return data, mapping_from_dict(data, folder)


def _where(data: dict[str, object], place: str) -> dict[str, object]:
    """The part of parsed TOML where keys of `place` sit."""
    if place == "top":
        return data
    if place == "options":
        return data["options"]  # type: ignore[return-value]
    if place == "rows":
        return data["rows"][-1]  # type: ignore[index,no-any-return]
    table = data["table"][-1]  # type: ignore[index]
    if place == "table":
        return table  # type: ignore[no-any-return]
    columns: dict[str, object] = table["columns"]
    rule = columns[list(columns)[-1]]
    return rule if isinstance(rule, dict) else {"column": rule}


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k.place}.{k.name}")
def test_every_example_parses_and_uses_its_key(key: Key, tmp_path: Path) -> None:
    data, _ = _parsed(key, tmp_path)
    assert key.name in _where(data, key.place)


@pytest.mark.parametrize("place", [p.name for p in PLACES])
def test_a_key_not_documented_is_refused(place: str, tmp_path: Path) -> None:
    key = next(k for k in KEYS if k.place == place)
    data, _ = _parsed(key, tmp_path)
    _where(data, place)["colum"] = "x"
    with pytest.raises(PipelineDoctorError, match=r"unknown key 'colum'.*docs/mapping\.md"):
        mapping_from_dict(data, tmp_path)


def test_the_documented_keys_are_what_the_parser_reads() -> None:
    """Each documented key fills a field of what the parser builds, and each field has a key:
    a key added to the parser but not to mapping_keys (or the reverse) fails here."""
    assert set(key_names("column")) == {f.name for f in dataclasses.fields(ColumnRule)}
    table_fields = {f.name for f in dataclasses.fields(TableRule)} - {"table"} | {"name"}
    assert set(key_names("table")) == table_fields
    assert set(key_names("options")) == set(Options.__dataclass_fields__) | {"base_currency"}
    assert set(key_names("rows")) == {"table", "values"}
    assert set(key_names("top")) == {"source", "options", "table", "rows"}


def test_the_doc_shows_every_key_table_column_and_value() -> None:
    text = render_mapping_markdown()
    for key in KEYS:
        assert f"#### `{key.name}`" in text
        assert key.example in text
    for table in DATA_TABLES:
        assert f"### `{table.name}`" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text
    for meanings in VOCABULARY_MEANINGS.values():
        for value, meaning in meanings.items():
            assert f"| `{value}` | {meaning} |" in text


def test_every_vocabulary_value_has_a_meaning() -> None:
    for table in DATA_TABLES:
        for col in table.columns:
            if col.allowed:
                meanings = VOCABULARY_MEANINGS[vocabulary_of(col.allowed)]
                assert list(meanings) == list(col.allowed), f"{table.name}.{col.name}"


def _import_example(folder: Path, store: Store) -> tuple[ImportResult, str]:
    mapping = example.filled(example.suggested())
    (folder / example.FILE).write_text(example.CSV)
    (folder / "mapping.toml").write_text(mapping)
    result = import_csv(store, [folder / example.FILE], load_mapping(folder / "mapping.toml"))
    return result, mapping


def test_worked_example_imports_every_row(store: Store, tmp_path: Path) -> None:
    result, mapping = _import_example(tmp_path, store)
    assert '"?"' not in mapping.split("[options]")[1]
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (10, 10, 0)
    deals = store.table("deals").to_pyarrow().to_pylist()
    assert {d["id"] for d in deals} == {f"row-{line}" for line in range(2, 12)}
    by_name = {d["name"]: d for d in deals}
    assert by_name["Wayne security"]["source"] == "inbound"  # the one "?" the user filled
    assert by_name["Wayne security"]["created_at"] is None
    assert by_name["Tyrell pilot"]["account"] is None
    assert by_name["Globex pilot"]["budget"] == "unknown"
    assert sorted(store.table("reps").id.to_pyarrow().to_pylist()) == [
        "Dana Lee",
        "Priya Shah",
        "Sam Ortiz",
    ]


def test_worked_example_diagnosis_has_no_error(store: Store, tmp_path: Path) -> None:
    _import_example(tmp_path, store)
    errors = [(c.check, c.reason) for c in run_diagnosis(store).checks if c.status == "error"]
    assert errors == []
