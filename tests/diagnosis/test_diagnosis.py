"""run_diagnosis on a small hand-built org: ranking, per-rep links, filters, JSON schema, and
the figures it reports against pandas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from rich.console import Console

import pipeline_doctor.diagnosis as diagnosis
from pipeline_doctor.checks import BUILTIN_CHECKS
from pipeline_doctor.checks.registry import NOT_CHECKED_YET
from pipeline_doctor.diagnosis import DIAGNOSIS_SCHEMA_VERSION, Diagnosis, run_diagnosis
from pipeline_doctor.diagnosis.rank import impact_text, impact_value
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.store import Store
from pipeline_doctor.store.overview import overview
from pipeline_doctor.views.diagnosis_text import render_diagnosis
from pipeline_doctor.views.report_html import render_report
from tests.checks.smallorg import SLOPPY_REP, build_small_org


def _deals(store: Store) -> pd.DataFrame:
    deals: pd.DataFrame = store.table("deals").to_pyarrow().to_pandas()
    return deals


def _win_rate(deals: pd.DataFrame) -> float:
    closed = deals[deals["outcome"] != "open"]
    return float((closed["outcome"] == "won").mean())


def test_public_api() -> None:
    assert set(diagnosis.__all__) == {
        "DIAGNOSIS_SCHEMA_VERSION",
        "CheckSummary",
        "Diagnosis",
        "NotChecked",
        "RankedFinding",
        "RepDiagnosis",
        "TeamDiagnosis",
        "WeakestLink",
        "diagnosis_json_schema",
        "run_diagnosis",
    }


def test_diagnosis_ranks_links_then_drivers_by_money_and_round_trips(small_store: Store) -> None:
    calls: list[tuple[int, int, str]] = []
    dx = run_diagnosis(small_store, progress=lambda *call: calls.append(call), dated=True)
    # the bar moves from the start: reading, preparing, each check by name, figures over time,
    # then each check with a datable finding twice (the two halves), then done
    assert calls[0] == (0, len(BUILTIN_CHECKS) + 3, "Reading your data")
    assert calls[1][2] == "Preparing the deal facts"
    assert [c[2] for c in calls[2 : 2 + len(BUILTIN_CHECKS)]] == [
        f"Checking: {cls().title}" for cls in BUILTIN_CHECKS
    ]
    total = calls[-1][1]
    assert calls[-1] == (total, total, "Done")
    assert [c[0] for c in calls] == list(range(total + 1))
    assert dx.schema_version == DIAGNOSIS_SCHEMA_VERSION == 3
    assert dx.ranked_by == "money"  # the small org's deals carry amounts
    assert dx.causes
    assert [c.rank for c in dx.causes] == list(range(1, len(dx.causes) + 1))
    # the findings in the causes' order, one cause per finding
    assert [c.finding for c in dx.causes] == [f.id for f in dx.findings]
    kinds = [c.kind for c in dx.causes]
    assert kinds == sorted(kinds, key=lambda k: k != "link"), "broken links come first"
    assert {"link", "driver"} <= set(kinds)
    for kind in ("link", "driver"):
        money = [impact_value(c.impact, "money") for c in dx.causes if c.kind == kind]
        assert money == sorted(money, reverse=True), kind
    first = dx.causes[0]
    assert first.title[1:] in dx.headline  # what holds the team back most, by name
    assert dx.answer[0].endswith(
        f"{first.summary} At stake: {impact_text(first.impact, dx.currency)}."
    )
    assert all(c.scope.kind in ("team", "rep", "segment") for c in dx.causes)
    for c in dx.causes:
        finding = dx.finding(c.finding)
        assert (c.check, c.kind, c.title, c.impact) == (
            finding.check, finding.kind, finding.title, finding.impact,
        )  # fmt: skip
        assert c.deals == len(finding.deals)
    ids = {f.id for f in dx.findings}
    for r in dx.reps:
        assert set(r.explained_by) | set(r.other_findings) <= ids
    assert set(dx.team.explained_by) <= ids
    assert Diagnosis.model_validate_json(dx.to_json()) == dx
    # every check judged the small org, and says what it judged; it holds no email bodies,
    # agendas or transcripts, so the checks of what reps write and say are skipped, naming them
    assert [c.check for c in dx.checks] == [c.id for c in BUILTIN_CHECKS]
    skipped = {c.check: c.reason for c in dx.checks if c.status == "skipped"}
    assert sorted(skipped) == ["discovery_depth", "follow_up_quality", "meeting_preparation"]
    assert {c.status for c in dx.checks if c.check not in skipped} <= {"healthy", "findings"}
    for c in dx.checks:
        assert c.findings == len([f for f in dx.findings if f.check == c.check])
        if c.status == "healthy":
            assert c.judged
    assert [n.area for n in dx.not_checked] == list(NOT_CHECKED_YET)


def test_team_and_rep_figures_match_pandas(small_store: Store) -> None:
    deals = _deals(small_store)
    dx = run_diagnosis(small_store, checks=["lost_reason_hygiene"])
    is_open = deals["outcome"] == "open"
    assert dx.team.label == "the team"
    assert (dx.team.deals, dx.team.won, dx.team.lost, dx.team.open) == (
        len(deals), (deals["outcome"] == "won").sum(), (deals["outcome"] == "lost").sum(),
        is_open.sum(),
    )  # fmt: skip
    assert dx.team.open_amount == pytest.approx(deals.loc[is_open, "amount"].sum())
    assert dx.team.win_rate == pytest.approx(_win_rate(deals))
    assert dx.team.rest_win_rate is None
    assert dx.team.deals == sum(r.deals for r in dx.reps) == 400
    names = {r["id"]: r["name"] for r in small_store.table("reps").to_pyarrow().to_pylist()}
    for r in dx.reps:
        mine = deals[deals["rep"] == r.rep]
        assert r.name == names[r.rep]
        assert (r.deals, r.won, r.lost, r.open) == (
            len(mine), (mine["outcome"] == "won").sum(), (mine["outcome"] == "lost").sum(),
            (mine["outcome"] == "open").sum(),
        )  # fmt: skip
        assert r.open_amount == pytest.approx(mine.loc[mine["outcome"] == "open", "amount"].sum())
        assert r.win_rate == pytest.approx(_win_rate(mine))
    assert (
        f"The team wins {round(100 * _win_rate(deals))}% of closed deals "
        f"({dx.team.won:,} of {dx.team.won + dx.team.lost:,})." in dx.headline
    )


def test_the_sloppy_rep_is_named_with_their_findings(small_store: Store) -> None:
    dx = run_diagnosis(small_store, rep=SLOPPY_REP)
    assert [r.rep for r in dx.reps] == [SLOPPY_REP]
    rep = dx.reps[0]
    mine = set(rep.explained_by) | set(rep.other_findings)
    assert f"missing_next_step:rep:{SLOPPY_REP}" in mine
    assert f"qualification_gaps:rep:{SLOPPY_REP}" in mine
    lists = [f for f in dx.findings if f.deals]
    assert lists, "the rep has open deals on the deal lists"
    for f in dx.findings:
        if f.scope.kind == "rep":
            assert f.scope.key == SLOPPY_REP
        assert all(d.rep == SLOPPY_REP for d in f.deals)
    # the rep's figures, against the rest of the team's win rate
    deals = _deals(small_store)
    own = deals[deals["rep"] == SLOPPY_REP]
    assert dx.team.label == "Rep 6"
    assert dx.team.deals == len(own)
    assert dx.team.win_rate == pytest.approx(_win_rate(own))
    assert dx.team.rest_win_rate == pytest.approx(_win_rate(deals[deals["rep"] != SLOPPY_REP]))
    assert dx.headline.startswith("Rep 6 wins ")
    # the rep's own habits lead, ahead of the lists of the rep's deals
    links = [c for c in dx.causes if c.kind == "link"]
    habits = [c for c in links if c.scope.kind == "rep" and not c.deals]
    assert links[: len(habits)] == habits


def _deal_ids(dx: Diagnosis, check: str) -> set[str]:
    return {d.id for f in dx.findings if f.check == check for d in f.deals}


def test_rep_by_name_team_and_since_filters(small_store: Store) -> None:
    deals = _deals(small_store)
    by_name = run_diagnosis(small_store, rep="rep 6", checks=["lost_reason_hygiene"])
    assert by_name.filters["rep"] == SLOPPY_REP
    east = run_diagnosis(small_store, team="East", checks=["past_due_deals"])
    assert east.filters == {"team": "East"}
    assert {r.team for r in east.reps} == {"East"}
    east_reps = {r["id"] for r in small_store.table("reps").to_pyarrow().to_pylist()
                 if r["team"] == "East"}  # fmt: skip
    assert east.team.deals == deals["rep"].isin(east_reps).sum()
    assert east.team.label == "team East"
    listed = _deal_ids(east, "past_due_deals")
    assert listed
    assert set(deals.loc[deals["id"].isin(listed), "rep"]) <= east_reps
    recent = run_diagnosis(small_store, since="2025-06-01", checks=["past_due_deals"])
    assert recent.filters == {"since": "2025-06-01"}
    assert recent.team.deals == (deals["created_at"] >= "2025-06-01").sum()
    assert recent.team.deals < 400
    with pytest.raises(PipelineDoctorError, match="no rep called"):
        run_diagnosis(small_store, rep="Nobody")
    with pytest.raises(PipelineDoctorError, match="no team called"):
        run_diagnosis(small_store, team="Nowhere")
    with pytest.raises(PipelineDoctorError, match="not a date"):
        run_diagnosis(small_store, since="last year")


def test_no_sentence_of_the_answer_starts_in_lower_case(small_store: Store) -> None:
    for scope in ({}, {"team": "East"}, {"rep": SLOPPY_REP}):
        dx: Any = run_diagnosis(small_store, checks=["lost_reason_hygiene"], **scope)
        for line in [dx.headline, *dx.answer]:
            assert not line[:1].islower(), (scope, line)


def test_overrides_reach_the_checks(small_store: Store) -> None:
    strict = run_diagnosis(small_store, checks=["past_due_deals"])
    assert _deal_ids(strict, "past_due_deals")
    loose = run_diagnosis(
        small_store, checks=["past_due_deals"], overrides={"past_due_deals": {"max_share": 0.99}}
    )
    assert not loose.findings
    (summary,) = loose.checks
    assert summary.status == "healthy"
    assert summary.judged[0].endswith("ceiling 99%")
    assert loose.headline.endswith(". No broken link stands out in what could be judged.")


def test_empty_store_says_so(store: Store) -> None:
    dx = run_diagnosis(store)
    assert dx.headline == "There are no deals to diagnose yet."
    assert {c.status for c in dx.checks} == {"skipped"}
    assert all(c.reason for c in dx.checks)
    assert not dx.causes
    assert not dx.findings


def test_json_schema_is_documented() -> None:
    schema = diagnosis.diagnosis_json_schema()
    assert schema["properties"]["schema_version"]["default"] == DIAGNOSIS_SCHEMA_VERSION
    assert set(schema["properties"]["ranked_by"]["enum"]) == {"money", "wins"}
    for name in ("causes", "team", "reps", "findings", "checks", "not_checked"):
        assert name in schema["properties"]
    json.dumps(schema)


def test_without_amounts_findings_are_ranked_by_expected_wins(tmp_path: Path) -> None:
    with Store.open(tmp_path / "unpriced.duckdb") as store:
        build_small_org(store, amounts=False)
        dx = run_diagnosis(store)
        html = render_report(overview(store), dx)
    assert dx.ranked_by == "wins"
    assert dx.causes
    assert all(c.impact.money is None for c in dx.causes)
    assert all("money unknown" in c.impact.how for c in dx.causes)
    for kind in ("link", "driver"):
        wins = [c.impact.wins for c in dx.causes if c.kind == kind]
        assert wins == sorted(wins, reverse=True), kind
    assert dx.team.open_amount is None
    assert all(r.open_amount is None for r in dx.reps)
    assert not [f for f in dx.findings if f.scope.key and "deals.amount" in f.scope.key]
    console = Console(record=True, width=200)
    render_diagnosis(dx, console)
    text = console.export_text()
    assert "Findings, by expected wins at stake" in text
    assert "(money unknown)" in text
    assert "the expected wins at stake (your deals carry no amounts)" in html
