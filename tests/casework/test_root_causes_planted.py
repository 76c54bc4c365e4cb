"""The root cause a lost deal's retrospective names, against the cause the simulator planted:
one organisation with every plant a trait answers (each on its own rep, the poor-fit segment
across all reps), scored as `benchmarks/bench_root_causes.py` scores it over 5 seeds.

The ground truth is the simulator's own win log-odds, rebuilt per deal from the seed (the
benchmark raises when they no longer match the stored outcomes): a deal's root cause is the
planted term that cost it most."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SEED = 3
DEALS = 1500


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_root_causes

        yield bench_root_causes
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def scored(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> object:
    return bench.run_seed(tmp_path_factory.mktemp("causes"), SEED, DEALS)


def test_the_top_cause_is_the_planted_one_for_most_lost_deals(
    bench: ModuleType, scored: object
) -> None:
    cases = scored.cases  # type: ignore[attr-defined]
    table = bench.accuracy(cases)
    assert table["all"].n >= 200, "the planted org must lose deals to its plants"
    assert table["all"].rate >= 0.8, bench.confusion(cases)
    assert bench.mean_over_kinds(table) >= 0.8, {k: (t.n, t.hit) for k, t in table.items()}
    judged = [k for k in bench.KINDS if table[k].n >= 10]
    assert len(judged) >= 5, "most plants must be some deal's root cause"
    assert bench.named_among(cases).rate >= 0.9


def test_a_recorded_reason_that_disagrees_is_said_to_disagree(
    bench: ModuleType, scored: object
) -> None:
    cases = scored.cases  # type: ignore[attr-defined]
    d = bench.disagreement(cases)
    # the simulator draws recorded reasons independently of the cause, so about as many
    # disagree as chance predicts; every one of them says so in words
    assert d["disagrees"] > 0
    assert abs(d["disagrees"] - d["expected_if_random"]) <= 0.15 * d["expected_if_random"]
    assert d["disagrees_said_in_words"] == d["verdicts"]["disagrees"]


def test_healthy_reps_get_no_confident_cause_that_did_not_cost_them(
    bench: ModuleType, scored: object
) -> None:
    healthy = [c for c in scored.cases if c.healthy]  # type: ignore[attr-defined]
    alarms = bench.false_alarms(healthy)
    assert alarms["lost"] >= 50
    assert alarms["unfounded_share"] <= 0.02, alarms
