"""`pipeline-doctor deal ID` on a simulated org: the timeline shows what the store holds (each
figure recomputed here with SQL on the store file), a planted zombie shows the pushes and the
unanswered touches that made it one, a lost deal's retrospective sets its causes beside the
recorded reason, and the JSON is the same story."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline_doctor.casework import build_deal_story, story_of
from pipeline_doctor.casework.lookup import resolve_deal
from pipeline_doctor.casework.root_causes import HABIT_NOTE, explain, fit_cause_model
from pipeline_doctor.casework.traits import TRAITS
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.cli.app import app
from pipeline_doctor.diagnosis import Diagnosis
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.facts.activity import TOUCH_KINDS, UNANSWERED
from pipeline_doctor.simulate import GroundTruth
from pipeline_doctor.store import Store

Org = tuple[Path, GroundTruth]


def _sql(path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query, list(params)).fetchall()


def _listed(diagnosis: Diagnosis, check: str) -> list[str]:
    return [r.id for f in diagnosis.findings if f.check == check for r in f.deals]


def _story(org: Org, diagnosis: Diagnosis, deal: str) -> Any:
    with Store.open(org[0], create=False) as store:
        return build_deal_story(store, deal, diagnosis=diagnosis)


def test_a_planted_zombie_shows_its_pushes_and_unanswered_touches(
    org: Org, diagnosis: Diagnosis
) -> None:
    planted = org[1].deals_with("zombie_deals")
    listed = [d for d in _listed(diagnosis, "zombie_deals") if d in planted]
    assert listed, "the zombie check lists planted zombies"
    for deal in listed[:3]:
        story = _story(org, diagnosis, deal)
        pushes = _sql(
            org[0],
            "select count(*) from field_changes where deal = ? and field = 'expected_close' "
            "and new_value > old_value",
            deal,
        )[0][0]
        unanswered = _sql(
            org[0],
            f"select count(*) from activities where deal = ? and direction = 'outbound' and "
            f"kind in {TOUCH_KINDS} and outcome in {UNANSWERED}",
            deal,
        )[0][0]
        activities = _sql(org[0], "select count(*) from activities where deal = ?", deal)[0][0]
        assert pushes > 0
        assert unanswered > 0
        shown = [e for e in story.timeline if e.kind == "close_date" and "pushed" in e.text]
        assert len(shown) == pushes
        assert sum(e.unanswered for e in story.timeline) == unanswered
        assert sum(e.activity is not None for e in story.timeline) == activities
        assert [e.at for e in story.timeline] == sorted(e.at for e in story.timeline)
        assert story.on_qualify_out_list
        assert any(f.check == "zombie_deals" and f.deal_list for f in story.findings)
        assert story.qualify_out is not None


def test_the_comparison_with_won_deals_is_recomputed_from_the_store(
    org: Org, diagnosis: Diagnosis
) -> None:
    deal = _listed(diagnosis, "zombie_deals")[0]
    story = _story(org, diagnosis, deal)
    assert story.comparison is not None
    figures = {f.name: f for f in story.comparison.figures}
    touches = _sql(
        org[0],
        f"select count(*) from activities where deal = ? and kind in {TOUCH_KINDS}",
        deal,
    )[0][0]
    assert figures["n_touches"].value == touches
    contacts = _sql(org[0], "select count(distinct contact) from activities where deal = ?", deal)[
        0
    ][0]
    assert figures["n_contacts"].value == contacts
    # the peers: won deals of the same source within half and twice the amount
    source, amount = _sql(org[0], "select source, amount from deals where id = ?", deal)[0]
    median_age = _sql(
        org[0],
        "select median(epoch(closed_at) - epoch(created_at)) / 86400, count(*) from deals "
        "where outcome = 'won' and source = ? and amount between ? and ?",
        source,
        amount / 2,
        amount * 2,
    )[0]
    if median_age[1] >= 10:
        assert story.comparison.peers == median_age[1]
        assert figures["age_days"].peer_median == pytest.approx(median_age[0], abs=1e-3)


def test_a_lost_deals_causes_sit_beside_the_recorded_reason(org: Org, diagnosis: Diagnosis) -> None:
    lost = [
        r[0]
        for r in _sql(org[0], "select id from deals where outcome = 'lost' order by id limit 15")
    ]
    with Store.open(org[0], create=False) as store, CheckContext(store) as ctx:
        ctx.prepare()
        model = fit_cause_model(ctx)
        stories = [story_of(ctx, d, diagnosis, model) for d in lost[:15]]
    reviews = [s.loss for s in stories if s.loss is not None]
    assert len(reviews) == len(stories)
    agreements = {r.agreement for r in reviews}
    assert "disagrees" in agreements
    assert "agrees" in agreements
    for s in stories:
        loss = s.loss
        assert loss is not None
        assert loss.recorded_category == s.deal.lost_reason_category
        weights = [c.weight for c in loss.causes]
        assert weights == sorted(weights, reverse=True)
        if loss.agreement == "disagrees":
            assert "may be how the buyer said no" in loss.verdict
            assert str(loss.recorded_category).replace("_", " ") in loss.verdict
        if loss.causes:
            assert loss.causes[0].label.lower() in loss.verdict


def test_a_cause_weighed_on_the_reps_habit_says_so(org: Org) -> None:
    """A habit cause (discovery, next steps, ...) whose weight comes mostly from the rep's
    average over their deals, not this deal's own figures, says it is a pattern to coach."""
    with Store.open(org[0], create=False) as store, CheckContext(store) as ctx:
        ctx.prepare()
        model = fit_cause_model(ctx)
        assert not isinstance(model, str)
        lost = model.frame.index[model.frame["outcome"] == "lost"]
        causes = [c for d in lost for c in explain(model, str(d))]
    habits = {t.key for t in TRAITS if t.habit}
    noted = [c for c in causes if HABIT_NOTE in c.evidence]
    assert noted, "a planted rep's habit costs deals that show no sign of it themselves"
    assert {c.cause for c in noted} <= habits
    assert len(noted) < len(causes)


def test_deal_through_the_cli_in_text_and_json(org: Org, diagnosis: Diagnosis) -> None:
    deal = _listed(diagnosis, "zombie_deals")[0]
    runner = CliRunner()
    text = runner.invoke(app, ["deal", deal, "--db", str(org[0])], env={"COLUMNS": "100"})
    assert text.exit_code == 0, text.output
    assert "On the qualify-out list" in text.output
    assert "Close date pushed" in text.output
    assert "(no answer)" in text.output or "(voicemail left)" in text.output
    raw = runner.invoke(app, ["deal", deal, "--db", str(org[0]), "--format", "json"])
    assert raw.exit_code == 0, raw.output
    data = json.loads(raw.output)
    assert data["deal"]["id"] == deal
    assert data["schema_version"] == 1
    assert data["on_qualify_out_list"] is True


def test_a_deal_is_found_by_its_name_whatever_the_case(org: Org) -> None:
    deal, name = _sql(org[0], "select id, name from deals order by id limit 1")[0]
    with Store.open(org[0], create=False) as store:
        assert resolve_deal(store.table("deals"), name.upper()) == deal
        assert resolve_deal(store.table("deals"), deal) == deal
        with pytest.raises(PipelineDoctorError, match="Did you mean"):
            resolve_deal(store.table("deals"), name[:-1])


def test_an_unknown_deal_is_a_clear_error(org: Org) -> None:
    result = CliRunner().invoke(app, ["deal", "no such deal", "--db", str(org[0])])
    assert result.exit_code != 0
    assert "There is no deal called 'no such deal'" in str(result.exception)
