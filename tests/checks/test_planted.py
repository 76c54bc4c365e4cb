"""Planted-defect tests: the simulator plants each broken link; its check must report the
planted targets (recall) and report nothing of that kind on a healthy org (precision).

Each org (about 3,000 deals) is simulated once per module and reused by every test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks import CheckContext, Finding, build_registry, run_check
from pipeline_doctor.checks.evaluate import PLANT_CHECKS, UNCAPPED, Score, score
from pipeline_doctor.store import Store

simulate = pytest.importorskip("pipeline_doctor.simulate")
if not hasattr(simulate, "simulate_into"):
    pytest.skip("the simulator is not available yet", allow_module_level=True)

SEEDS = (11, 12, 13)
DEALS = 3000
KINDS = tuple(PLANT_CHECKS)


def _findings(store: Store, as_of: Any = None) -> list[Finding]:
    registry = build_registry(UNCAPPED, only=sorted(set(PLANT_CHECKS.values())))
    with CheckContext(store, as_of=as_of) as ctx:
        return [
            f for c in registry.values() for f in run_check(c, ctx, capture_errors=False).findings
        ]


def planted_config(seed: int, deals: int = DEALS) -> Any:
    """Every kind planted once, targets chosen by the simulator."""
    plants = tuple(simulate.Plant(kind) for kind in KINDS)
    return simulate.SimulationConfig(deals=deals, seed=seed, plants=plants)


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Per seed: the planted org's findings and truth, and the healthy org's findings."""
    out: dict[str, Any] = {"planted": [], "healthy": []}
    for seed in SEEDS:
        folder: Path = tmp_path_factory.mktemp(f"seed{seed}")
        with Store.open(folder / "planted.duckdb") as store:
            config = planted_config(seed)
            truth = simulate.simulate_into(store, config)
            out["planted"].append((_findings(store, config.as_of), truth))
        with Store.open(folder / "healthy.duckdb") as store:
            config = simulate.SimulationConfig(deals=DEALS, seed=seed, plants=())
            simulate.simulate_into(store, config)
            out["healthy"].append(_findings(store, config.as_of))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_planted_kind_is_found(kind: str, orgs: dict[str, Any]) -> None:
    scores = [score(kind, findings, truth.plants) for findings, truth in orgs["planted"]]
    total = Score(
        kind,
        PLANT_CHECKS[kind],
        sum(s.truth for s in scores),
        sum(s.reported for s in scores),
        sum(s.found for s in scores),
    )
    assert total.truth > 0, f"the simulator planted no {kind}"
    assert total.recall >= 0.9, scores
    assert total.precision >= 0.9, scores


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_healthy_org_has_no_findings_of_the_kind(kind: str, orgs: dict[str, Any]) -> None:
    for findings in orgs["healthy"]:
        assert score(kind, findings, ()).reported == 0, [
            f.id for f in findings if f.check == PLANT_CHECKS[kind]
        ][:10]
