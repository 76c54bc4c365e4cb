"""Plant requests: parsing, clear errors, explicit targets honoured, ground truth round-trip."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline_doctor.simulate import (
    DEFAULT_PLANTS,
    PLANT_KINDS,
    GroundTruth,
    Plant,
    PlantedDefect,
    SimulationConfig,
    parse_plant,
    simulate_into,
)
from pipeline_doctor.store import Store
from tests.simulate import metrics as m
from tests.simulate.orgs import Org, build_org

EXPLICIT = (
    Plant("no_next_step", "R005"),
    parse_plant("stage_leak:R004@Proposal"),
    parse_plant("zombie_deals:12"),
    parse_plant("poor_fit_segment:region=Europe"),
    parse_plant("cold_sourcing"),
)


@pytest.fixture(scope="module")
def explicit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    config = SimulationConfig(deals=1500, seed=9, plants=EXPLICIT, check_references=False)
    org = build_org(tmp_path_factory, "explicit", config)
    yield org
    org.con.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no_next_step", Plant("no_next_step")),
        ("  no_next_step  ", Plant("no_next_step")),
        ("no_next_step:", Plant("no_next_step")),
        ("no_next_step:R003", Plant("no_next_step", "R003")),
        ("poor_fit_segment:industry=Retail", Plant("poor_fit_segment", "industry=Retail")),
        ("zombie_deals:40", Plant("zombie_deals", "40")),
        ("stage_leak:R005@Proposal", Plant("stage_leak", "R005@Proposal")),
        ("stage_leak", Plant("stage_leak")),
    ],
)
def test_valid_forms(text: str, expected: Plant) -> None:
    assert parse_plant(text) == expected


def test_every_kind_parses_without_target() -> None:
    for kind in PLANT_KINDS:
        assert parse_plant(kind) == Plant(kind)


def test_unknown_kind_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="Unknown broken link 'no_such_link'") as err:
        parse_plant("no_such_link:R001")
    for kind in PLANT_KINDS:
        assert kind in str(err.value)
    with pytest.raises(ValueError, match="choose one of"):
        Plant("No_Next_Step")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zombie_deals:many", "takes a number of deals"),
        ("zombie_deals:0", "takes a number of deals"),
        ("radio_silence:-3", "takes a number of deals"),
        ("poor_fit_segment:Retail", "takes a segment COLUMN=VALUE"),
        ("stage_leak:R005", "takes REP@STAGE"),
        ("stage_leak:R005@Closed Won", "takes REP@STAGE"),
        ("stage_leak:@Proposal", "takes REP@STAGE"),
        ("stage_leak:R005@Prospecting", "Qualification, Discovery, Proposal, Negotiation"),
        ("no_next_step:005", "takes a rep id such as R003"),
        ("cold_sourcing:alice", "takes a rep id"),
    ],
)
def test_bad_targets_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_plant(text)


@pytest.mark.parametrize(
    ("plant", "message"),
    [
        (Plant("no_next_step", "R999"), "There is no rep R999; this org has R001 to R012"),
        (Plant("poor_fit_segment", "colour=blue"), "Unknown account attribute 'colour'"),
        (Plant("poor_fit_segment", "id=A0000001"), "Unknown account attribute 'id'"),
        (Plant("poor_fit_segment", "industry=Mining"), "No account has industry=Mining"),
    ],
)
def test_targets_missing_from_the_org_are_refused_before_writing(
    tmp_path: Path, plant: Plant, message: str
) -> None:
    with Store.open(tmp_path / "refused.duckdb") as store:
        with pytest.raises(ValueError, match=message):
            simulate_into(store, SimulationConfig(deals=1500, plants=(plant,)))
        assert sum(store.counts().values()) == 0


def test_more_rep_level_plants_than_reps_is_refused(tmp_path: Path) -> None:
    plants = tuple(Plant("no_next_step") for _ in range(13))  # a 1500-deal org has 12 reps
    with (
        Store.open(tmp_path / "refused.duckdb") as store,
        pytest.raises(ValueError, match="More rep-level plants than reps"),
    ):
        simulate_into(store, SimulationConfig(deals=1500, plants=plants))


def test_explicit_targets_are_honoured(explicit: Org) -> None:
    by_kind = {p.kind: p for p in explicit.truth.plants}
    assert [p.kind for p in explicit.truth.plants] == [p.kind for p in EXPLICIT]
    assert by_kind["no_next_step"].rep_ids == {"R005"}
    assert by_kind["no_next_step"].target == "R005"
    assert by_kind["stage_leak"].rep_ids == {"R004"}
    assert by_kind["stage_leak"].stage == "Proposal"
    assert len(by_kind["zombie_deals"].deal_ids) == 12
    assert by_kind["poor_fit_segment"].segment == {"region": "Europe"}
    (cold,) = by_kind["cold_sourcing"].rep_ids
    assert cold not in {"R004", "R005"}  # the simulator's own choice avoids explicit targets
    assert explicit.truth.reps_with("stage_leak") == {"R004"}
    assert explicit.truth.deals_with("zombie_deals") == by_kind["zombie_deals"].deal_ids
    assert explicit.truth.segments_with("poor_fit_segment") == [{"region": "Europe"}]


def test_explicit_targets_show_in_the_data(explicit: Org) -> None:
    next_step = m.meetings(explicit.con).next_step
    assert next_step["R005"] < 0.3
    assert next_step.drop(index="R005").min() >= 0.6
    lost = m.lost_at_stage(explicit.con)
    assert lost.Proposal["R004"] >= 0.7
    assert lost.drop(index="R004").Proposal.max() < 0.45
    seg = m.segment_stats(explicit.con, "region")
    assert seg.win_rate["Europe"] < 0.5 * seg.drop(index="Europe").win_rate.min()


def test_ground_truth_json_round_trip(explicit: Org) -> None:
    truth = explicit.truth
    text = json.dumps(truth.to_dict(), sort_keys=True)
    back = GroundTruth.from_dict(json.loads(text))
    assert back == truth
    assert json.dumps(back.to_dict(), sort_keys=True) == text
    stage_leak = json.loads(text)["plants"][1]
    assert stage_leak["link"] == PLANT_KINDS["stage_leak"][0]
    assert stage_leak["rep_ids"] == ["R004"]


def test_planted_defect_round_trip_without_optional_stage() -> None:
    defect = PlantedDefect("zombie_deals", "2", deal_ids=frozenset({"D0000002", "D0000001"}))
    data = defect.to_dict()
    assert data["deal_ids"] == ["D0000001", "D0000002"]
    del data["stage"]  # written before stages were recorded
    assert PlantedDefect.from_dict(json.loads(json.dumps(data))) == defect


def test_default_plants_cover_every_kind_once() -> None:
    assert sorted(p.kind for p in DEFAULT_PLANTS) == sorted(PLANT_KINDS)
