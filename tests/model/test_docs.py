"""docs/model.md is generated from the schema; this fails when someone forgets `make docs`."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.model.docs import render_model_markdown
from pipeline_doctor.model.schema import TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_model_doc_matches_the_schema() -> None:
    assert DOC.read_text() == render_model_markdown(), "run `make docs` to regenerate docs/model.md"


def test_model_doc_names_every_table_and_column() -> None:
    text = render_model_markdown()
    for table in TABLES:
        assert f"## `{table.name}`" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text
