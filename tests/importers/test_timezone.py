"""Times without a zone are read in the source's zone (mapping `timezone` or --timezone),
stored as UTC, and the zone is recorded on the import and shown in its summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers.conftest import write
from tests.importers.test_hubspot_pipedrive import HUBSPOT_DEALS

runner = CliRunner(env={"COLUMNS": "250"})

MAPPING = """
source = "csv"
{options}
[[table]]
name = "reps"
file = "deals.csv"
derived = true
[table.columns]
id = "Owner"
name = "Owner"

[[table]]
name = "deals"
file = "deals.csv"
[table.columns]
id = "Deal Id"
rep = "Owner"
stage = "Stage"
created_at = "Created"
outcome = {{ column = "Stage", values = {{ "*" = "open" }} }}
"""
NAIVE = ("2025-01-15 09:30:00", "2025-07-01 23:15:00")  # winter (EST) and summer (EDT)
DEALS = (
    "Deal Id,Owner,Stage,Created\n"
    f"D1,Ann,Demo,{NAIVE[0]}\n"
    f"D2,Ann,Demo,{NAIVE[1]}\n"
    "D3,Ann,Demo,2025-03-10T12:00:00Z\n"  # has its own zone: no shift
)


def make_app() -> typer.Typer:
    app = typer.Typer()
    import_cmd.register(app)
    return app


def _files(tmp_path: Path, options: str = "") -> tuple[Path, Path]:
    deals = write(tmp_path / "deals.csv", DEALS)
    return deals, write(tmp_path / "mapping.toml", MAPPING.format(options=options))


def _utc(naive: str, zone: str) -> datetime:
    """The independent answer: zoneinfo's UTC time for a wall-clock time in `zone`."""
    local = datetime.fromisoformat(naive).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def _created(store: Store) -> dict[str, datetime]:
    rows = store.table("deals").select("id", "created_at").to_pyarrow().to_pylist()
    return {r["id"]: r["created_at"] for r in rows}


def _zones(store: Store) -> list[str | None]:
    return list(store.table("imports").source_timezone.to_pyarrow().to_pylist())


def test_mapping_zone_lands_in_utc_and_is_recorded(tmp_path: Path, store: Store) -> None:
    deals, mapping = _files(tmp_path, '[options]\ntimezone = "America/New_York"')
    import_csv(store, [deals], load_mapping(mapping))
    created = _created(store)
    assert created["D1"] == _utc(NAIVE[0], "America/New_York") == datetime(2025, 1, 15, 14, 30)
    assert created["D2"] == _utc(NAIVE[1], "America/New_York") == datetime(2025, 7, 2, 3, 15)
    assert created["D3"] == datetime(2025, 3, 10, 12, 0)
    assert _zones(store) == ["America/New_York"]


def test_default_zone_is_utc_and_recorded(tmp_path: Path, store: Store) -> None:
    deals, mapping = _files(tmp_path)
    import_csv(store, [deals], load_mapping(mapping))
    assert _created(store)["D1"] == datetime.fromisoformat(NAIVE[0])
    assert _zones(store) == ["UTC"]


def test_command_line_zone_overrides_the_mapping_and_is_shown(tmp_path: Path) -> None:
    deals, mapping = _files(tmp_path, '[options]\ntimezone = "Europe/Paris"')
    db = tmp_path / "a.duckdb"
    args = ["import", "csv", str(deals), "--mapping", str(mapping), "--db", str(db)]
    result = runner.invoke(make_app(), [*args, "--timezone", "America/New_York"])
    assert result.exit_code == 0, result.output
    assert "source time zone America/New_York" in result.output
    with Store.open(db) as store:
        assert _created(store)["D2"] == _utc(NAIVE[1], "America/New_York")
        assert _zones(store) == ["America/New_York"]


def test_zone_reaches_a_detected_source(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "all-deals.csv", HUBSPOT_DEALS, "utf-8-sig")
    db = tmp_path / "h.duckdb"
    args = ["import", str(folder), "--db", str(db), "--timezone", "Asia/Tokyo"]
    result = runner.invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    assert "source time zone Asia/Tokyo" in result.output
    with Store.open(db) as store:
        assert _created(store)["101"] == _utc("2025-01-05 09:00", "Asia/Tokyo")
        assert _zones(store) == ["Asia/Tokyo"]


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "EST+5", "../../etc/passwd", ""])
def test_unknown_zone_is_one_sentence(tmp_path: Path, zone: str) -> None:
    deals, mapping = _files(tmp_path)
    db = tmp_path / "x.duckdb"
    args = ["import", "csv", str(deals), "--mapping", str(mapping), "--db", str(db)]
    result = runner.invoke(make_app(), [*args, "--timezone", zone])
    assert result.exit_code != 0
    assert isinstance(result.exception, PipelineDoctorError)
    message = str(result.exception)
    assert message.startswith(f"Unknown time zone {zone!r}")
    assert ". " not in message  # one sentence
    assert message.endswith(".")
    assert not db.exists()


def test_unknown_zone_in_a_mapping_is_refused(tmp_path: Path) -> None:
    _, mapping = _files(tmp_path, '[options]\ntimezone = "Europe/Atlantis"')
    with pytest.raises(PipelineDoctorError, match="Unknown time zone 'Europe/Atlantis'"):
        load_mapping(mapping)
