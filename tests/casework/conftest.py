"""A small simulated org with every broken link planted, shared by the casework tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.simulate import DEFAULT_PLANTS, GroundTruth, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

CONFIG = SimulationConfig(deals=1500, seed=5, plants=DEFAULT_PLANTS, wording="held_out")


@pytest.fixture(scope="package")
def org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GroundTruth]:
    path: Path = tmp_path_factory.mktemp("casework") / "org.duckdb"
    with Store.open(path) as store:
        truth = simulate_into(store, CONFIG)
    return path, truth


@pytest.fixture(scope="package")
def diagnosis(org: tuple[Path, GroundTruth]) -> Diagnosis:
    with Store.open(org[0], create=False) as store:
        return run_diagnosis(store)
