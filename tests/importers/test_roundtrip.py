"""The sample organisation exported to CSV and imported back with the generated mapping gives
the same tables and the same diagnosis (read whole, and read part by part)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.diagnosis.run import run_diagnosis
from pipeline_doctor.exporters.tables import export_tables
from pipeline_doctor.importers.core import chunks
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("roundtrip")
    db = root / "org.duckdb"
    with Store.open(db) as store:
        simulate_into(store, SimulationConfig(deals=1_500, seed=5, plants=DEFAULT_PLANTS))
        export_tables(store, root / "csv", "csv")
    return db, root / "csv"


def _findings(db: Path) -> list[tuple[Any, ...]]:
    with Store.open(db) as store:
        diagnosis = run_diagnosis(store)
    return sorted(
        (
            f.check,
            f.scope.kind,
            f.scope.key,
            f.title,
            f.evidence.affected,
            f.evidence.population,
            round(f.impact.wins, 6),
            None if f.impact.money is None else round(f.impact.money, 2),
            tuple(d.id for d in f.deals),
        )
        for f in diagnosis.findings
    )


@pytest.mark.parametrize("mode", ["fast", "exact-whole", "exact-in-parts"])
def test_export_reimport_gives_the_same_findings(
    exported: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_loads: list[str],
    mode: str,
) -> None:
    original, folder = exported
    if mode == "exact-in-parts":
        monkeypatch.setattr(chunks, "PART_BYTES", 200_000)  # activities.csv: many parts
    files = sorted(folder.glob("*.csv"))
    copy = tmp_path / "copy.duckdb"
    with Store.open(copy) as store:
        mapping = load_mapping(folder / "mapping.toml")
        result = import_csv(store, files, mapping, exact=mode != "fast")
        assert result.rows_rejected == 0
        assert result.rows_read == result.rows_loaded
        with Store.open(original) as source:
            for name, rows in result.loaded_by_table.items():
                assert rows == source.count(name), name
                assert store.count(name) == rows, name
    # the clean export goes straight into DuckDB, every file (stages.csv is one of them)
    assert sorted(fast_loads) == ([f.name for f in files] if mode == "fast" else [])
    want = _findings(original)
    assert want  # the planted org has findings to compare
    assert _findings(copy) == want
