"""`diagnose --rep R`: every figure is the rep's (against pandas on the store's own tables),
the rest of the team is the comparison, and the rep's planted problem comes first with money
at stake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.simulate import Plant, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

PLANTED = {"no_next_step": "R004", "single_threaded": "R007", "lost_reason_blank": "R010"}


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, pd.DataFrame]]:
    path: Path = tmp_path_factory.mktemp("repview") / "org.duckdb"
    plants = tuple(Plant(kind, rep) for kind, rep in PLANTED.items())
    with Store.open(path) as store:
        simulate_into(store, SimulationConfig(deals=3000, seed=5, plants=plants))
        deals = store.table("deals").to_pyarrow().to_pandas()
        yield store, deals


@pytest.fixture(scope="module")
def views(org: tuple[Store, pd.DataFrame]) -> dict[str, Diagnosis]:
    store, _ = org
    return {rep: run_diagnosis(store, rep=rep) for rep in PLANTED.values()}


@pytest.mark.parametrize("rep", PLANTED.values())
def test_every_figure_is_the_reps(
    rep: str, org: tuple[Store, pd.DataFrame], views: dict[str, Diagnosis]
) -> None:
    _, deals = org
    dx = views[rep]
    mine, rest = deals[deals["rep"] == rep], deals[deals["rep"] != rep]

    def rate(d: pd.DataFrame) -> float:
        closed = d[d["outcome"] != "open"]
        return float((closed["outcome"] == "won").mean())

    assert dx.filters == {"rep": rep}
    assert dx.team.deals == len(mine)
    assert dx.team.won == int((mine["outcome"] == "won").sum())
    assert dx.team.lost == int((mine["outcome"] == "lost").sum())
    assert dx.team.open == int((mine["outcome"] == "open").sum())
    assert dx.team.win_rate == pytest.approx(rate(mine))
    assert dx.team.rest_win_rate == pytest.approx(rate(rest))
    open_amount = float(mine.loc[mine["outcome"] == "open", "amount"].sum())
    assert dx.team.open_amount == pytest.approx(open_amount)
    assert [r.rep for r in dx.reps] == [rep]
    assert dx.headline
    assert dx.headline.startswith(f"{dx.team.label} wins {dx.team.win_rate:.0%}")
    for f in dx.findings:
        assert f.scope.kind != "rep" or f.scope.key == rep, f.id
        assert all(d.rep == rep for d in f.deals), f.id
        if f.kind == "driver":  # differences are counted on the rep's own closed deals
            closed = len(mine[mine["outcome"] != "open"])
            assert f.evidence.population <= closed, f.id


@pytest.mark.parametrize(("kind", "rep"), PLANTED.items())
def test_the_reps_planted_problem_comes_first_with_money_at_stake(
    kind: str, rep: str, views: dict[str, Diagnosis]
) -> None:
    from pipeline_doctor.checks.evaluate import PLANT_CHECKS

    dx = views[rep]
    first = dx.causes[0]
    assert first.check == PLANT_CHECKS[kind], [c.finding for c in dx.causes[:3]]
    assert first.scope.key == rep
    assert first.impact.money is not None
    assert first.impact.money > 0
    assert first.title in dx.headline


def test_a_rep_view_differs_from_the_team_view(
    org: tuple[Store, pd.DataFrame], views: dict[str, Diagnosis]
) -> None:
    store, deals = org
    team = run_diagnosis(store)
    rep = PLANTED["no_next_step"]
    assert team.team.deals == len(deals) != views[rep].team.deals
    mine = {c.finding for c in views[rep].causes if c.scope.kind == "rep"}
    theirs = {c.finding for c in team.causes if c.scope.kind == "rep" and c.scope.key == rep}
    assert mine == theirs  # the same rep findings, judged against the same rest of the team
