"""The mappings shipped for the public data sets that are not CRM exports: found by name,
valid, and importing their file from the command line as the README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.mappings import FOLDER, mapping_path, shipped
from tests.conftest import require_shared_data

FILES = {
    "bank-marketing": "bank-additional-full.csv",
    "ibm-sales-win-loss": "WA_Fn-UseC_-Sales-Win-Loss.csv",
}


def test_the_shipped_mappings_are_found_by_name() -> None:
    assert shipped() == sorted(FILES)
    for name in shipped():
        assert mapping_path(Path(name)) == FOLDER / f"{name}.toml"
        assert mapping_path(Path(f"{name}.toml")) == FOLDER / f"{name}.toml"
        mapping = load_mapping(mapping_path(Path(name)))
        assert mapping.files() == [FILES[name]]


def test_a_path_wins_over_a_shipped_name(tmp_path: Path) -> None:
    own = tmp_path / "bank-marketing.toml"
    own.write_text("")
    assert mapping_path(own) == own


def test_an_unknown_mapping_names_the_shipped_ones() -> None:
    with pytest.raises(PipelineDoctorError, match=r"bank-marketing, ibm-sales-win-loss"):
        mapping_path(Path("crm.toml"))


@pytest.mark.real_data
@pytest.mark.slow
def test_bank_marketing_imports_from_the_command_line(tmp_path: Path) -> None:
    """As the README says: `import csv FILE --mapping bank-marketing`, the shipped mapping by
    its name alone (and by its path)."""
    data = require_shared_data("bank-marketing") / FILES["bank-marketing"]
    app = typer.Typer()
    import_cmd.register(app)
    for i, mapping in enumerate(["bank-marketing", str(FOLDER / "bank-marketing.toml")]):
        result = CliRunner(env={"COLUMNS": "200"}).invoke(
            app,
            [
                "import",
                "csv",
                str(data),
                "--mapping",
                mapping,
                "--db",
                str(tmp_path / f"bank{i}.duckdb"),
            ],
        )
        assert result.exit_code == 0, result.output
        assert re.search(r"Rows read 41,188 = loaded 41,188 \+ rejected 0", result.output)
