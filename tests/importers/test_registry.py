"""One importer shape: the registry generates the `import` sub-commands (same options for
every source) and the detection loop."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline_doctor.cli.app import app
from pipeline_doctor.importers.registry import IMPORTERS, detect_source

COMMON = ("--db", "--rates", "--base-currency", "--timezone")


def test_every_importer_has_a_subcommand_with_the_common_options() -> None:
    names = [i.name for i in IMPORTERS]
    assert len(set(names)) == len(names)
    listing = CliRunner().invoke(app, ["import", "--help"], terminal_width=200)
    assert listing.exit_code == 0
    for importer in IMPORTERS:
        assert importer.name in listing.output
        shown = CliRunner().invoke(app, ["import", importer.name, "--help"], terminal_width=200)
        assert shown.exit_code == 0, shown.output
        assert importer.summary.split()[1] in shown.output
        for option in COMMON:
            assert option in shown.output, (importer.name, option)


def test_detection_asks_every_importer_in_order(tmp_path: Path) -> None:
    maven = tmp_path / "maven"
    maven.mkdir()
    for name in ("sales_pipeline.csv", "sales_teams.csv", "accounts.csv"):
        (maven / name).write_text("a,b\n1,2\n")
    assert detect_source(maven).name == "maven"
    hubspot = tmp_path / "hubspot"
    hubspot.mkdir()
    (hubspot / "all-deals.csv").write_text("Deal ID,Deal Name,Deal Stage\n1,x,won\n")
    assert detect_source(hubspot).name == "hubspot"
    assert [i.detect(hubspot) for i in IMPORTERS] == [i.name == "hubspot" for i in IMPORTERS]


def test_an_unknown_folder_names_every_source(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    with pytest.raises(Exception, match="maven\\|salesforce\\|hubspot\\|pipedrive\\|csv"):
        detect_source(tmp_path)
