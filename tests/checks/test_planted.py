"""Planted-defect tests: the simulator plants each broken link; the check that declares it
answers it must report the planted targets (recall) and little else (precision), both at least
0.95 over the seeds; a healthy org gets no broken link at all, and differences between won and
lost deals only on attributes the simulation's outcome model makes matter.

Each org (about 3,000 deals) is simulated once per module and reused by every test. Its text
is written by the held-out part of the simulator's phrase grammar, which the text analysers
were never tuned on.
`benchmarks/bench_planted.py` runs the same scoring over 10 seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks import CheckContext, Finding, build_registry, run_check
from pipeline_doctor.checks.evaluate import PLANT_CHECKS, TARGET_KEYS, UNCAPPED, Score, score
from pipeline_doctor.simulate import PLANT_KINDS, Plant, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

SEEDS = (11, 12, 13)
DEALS = 3000
KINDS = tuple(PLANT_CHECKS)
NO_EFFECT = (
    "deals.product",
    "deals.pipeline",
    "deals.amount",
    "reps.team",
    "accounts.employees",
    "accounts.annual_revenue",
    "accounts.region",
    "accounts.country",
    "accounts.reach",
)
"""Attributes the simulation's outcome model gives no effect on winning (deals.win_logit):
any difference reported on them would be a false discovery."""


def all_findings(store: Store, as_of: Any = None) -> list[Finding]:
    registry = build_registry(UNCAPPED)
    with CheckContext(store, as_of=as_of, checks=registry) as ctx:
        return [
            f for c in registry.values() for f in run_check(c, ctx, capture_errors=False).findings
        ]


def planted_config(seed: int, deals: int = DEALS) -> SimulationConfig:
    """Every answered kind planted once, targets chosen by the simulator."""
    return SimulationConfig(
        deals=deals, seed=seed, plants=tuple(Plant(kind) for kind in KINDS), wording="held_out"
    )


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Per seed: the planted org's findings and truth, and the healthy org's findings."""
    out: dict[str, Any] = {"planted": [], "healthy": []}
    for seed in SEEDS:
        folder: Path = tmp_path_factory.mktemp(f"seed{seed}")
        with Store.open(folder / "planted.duckdb") as store:
            config = planted_config(seed)
            truth = simulate_into(store, config)
            out["planted"].append((all_findings(store, config.as_of), truth))
        with Store.open(folder / "healthy.duckdb") as store:
            config = SimulationConfig(deals=DEALS, seed=seed, plants=(), wording="held_out")
            simulate_into(store, config)
            out["healthy"].append(all_findings(store, config.as_of))
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
    assert total.recall >= 0.95, scores
    assert total.precision >= 0.95, scores


@pytest.mark.slow
def test_healthy_org_has_no_broken_link(orgs: dict[str, Any]) -> None:
    for findings in orgs["healthy"]:
        links = [f"{f.id}: {f.summary}" for f in findings if f.kind == "link"]
        assert links == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_healthy_org_has_nothing_of_the_planted_kind(kind: str, orgs: dict[str, Any]) -> None:
    key = TARGET_KEYS[PLANT_KINDS[kind][1]]
    for findings in orgs["healthy"]:
        assert score(kind, findings, (), key=key).reported == 0


@pytest.mark.slow
def test_healthy_differences_only_where_the_outcome_model_has_an_effect(
    orgs: dict[str, Any],
) -> None:
    for findings in orgs["healthy"]:
        drivers = [f for f in findings if f.kind == "driver"]
        assert drivers, "the outcome model's effects (source, segment, cycle) should show"
        false = [f.id for f in drivers if str(f.scope.key).partition("=")[0] in NO_EFFECT]
        assert false == []
