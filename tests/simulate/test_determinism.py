"""The same config gives the same organisation; another seed gives another one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline_doctor.model.schema import TABLES
from pipeline_doctor.simulate import DEFAULT_PLANTS, PLANT_KINDS, SimulationConfig
from tests.simulate.metrics import frame
from tests.simulate.orgs import DEALS, Org, build_org, sorted_table

CONFIG = SimulationConfig(
    deals=DEALS, seed=5, plants=DEFAULT_PLANTS, batch_deals=1000, check_references=False
)


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Org, Org, Org]]:
    first = build_org(tmp_path_factory, "first", CONFIG)
    again = build_org(tmp_path_factory, "again", CONFIG)
    other = build_org(
        tmp_path_factory,
        "other",
        SimulationConfig(
            deals=DEALS, seed=6, plants=DEFAULT_PLANTS, batch_deals=1000, check_references=False
        ),
    )
    yield first, again, other
    for org in (first, again, other):
        org.con.close()


@pytest.mark.parametrize("name", [t.name for t in TABLES])
def test_same_config_gives_identical_tables(orgs: tuple[Org, Org, Org], name: str) -> None:
    first, again, _ = orgs
    a, b = sorted_table(first.con, name), sorted_table(again.con, name)
    assert a.num_rows == b.num_rows
    assert a.equals(b), f"{name} differs between two runs of the same config"


def test_same_config_gives_identical_ground_truth(orgs: tuple[Org, Org, Org]) -> None:
    first, again, _ = orgs
    assert first.truth == again.truth
    assert first.truth.to_dict() == again.truth.to_dict()


def test_another_seed_gives_other_deals(orgs: tuple[Org, Org, Org]) -> None:
    first, _, other = orgs
    sql = "SELECT id, rep, account, source, outcome, amount, created_at FROM deals ORDER BY id"
    a, b = frame(first.con, sql), frame(other.con, sql)
    assert list(a.id) == list(b.id)  # ids are numbered, the deals behind them are not
    assert (a.amount != b.amount).mean() > 0.9
    assert (a.created_at != b.created_at).mean() > 0.9
    assert (a.account != b.account).mean() > 0.9
    assert not sorted_table(first.con, "activities").equals(sorted_table(other.con, "activities"))
    assert first.truth != other.truth


def test_default_plants_put_each_rep_level_link_on_its_own_rep(
    orgs: tuple[Org, Org, Org],
) -> None:
    first, _, _ = orgs
    rep_level = [p for p in first.truth.plants if PLANT_KINDS[p.kind][1] in ("rep", "rep_stage")]
    reps = [r for p in rep_level for r in p.rep_ids]
    assert len(rep_level) == len(reps) == len(set(reps))
    assert {p.kind for p in first.truth.plants} == set(PLANT_KINDS)
    planted_deals = [d for p in first.truth.plants for d in p.deal_ids]
    assert len(planted_deals) == len(set(planted_deals))  # a deal carries one planted link
