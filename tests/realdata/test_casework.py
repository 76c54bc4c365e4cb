"""`review`, `deal` and `qualify-out` on a real export (Maven CRM: stages and dates, no
activities, no lead source, no lost reasons): the figures recomputed from the CSV with pandas,
and nothing claimed that the export cannot show — no touches in the qualify-out email, no
cause of loss read from data that is absent, no clean bill of health over the checks that
could not judge."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline_doctor.casework import build_deal_story
from pipeline_doctor.casework.story import qualify_out_emails
from pipeline_doctor.coaching import build_review
from tests.realdata.conftest import Diagnosed

ACTIVITY_TRAITS = {
    "single_threaded", "unprepared", "shallow_discovery", "no_next_step", "weak_follow_up",
    "buyer_silent", "unqualified", "cold_source",
}  # fmt: skip
"""Causes that read contacts, activities, BANT fields or lead sources: none is in the export."""


@pytest.fixture(scope="module")
def deals(maven: Diagnosed) -> pd.DataFrame:
    return pd.read_csv(maven[2] / "sales_pipeline.csv")


def test_the_busiest_reps_review_matches_the_csv(maven: Diagnosed, deals: pd.DataFrame) -> None:
    store, _, _ = maven
    agent = str(deals["sales_agent"].value_counts().idxmax())
    stage = deals["deal_stage"]
    mine, rest = deals["sales_agent"] == agent, deals["sales_agent"] != agent
    review = build_review(store, agent.upper())  # a name in any case
    s = review.standing
    assert s.won == ((stage == "Won") & mine).sum()
    assert s.lost == ((stage == "Lost") & mine).sum()
    assert s.open == (stage.isin(["Engaging", "Prospecting"]) & mine).sum()
    rest_won, rest_lost = ((stage == "Won") & rest).sum(), ((stage == "Lost") & rest).sum()
    assert s.rest_win_rate.value == pytest.approx(rest_won / (rest_won + rest_lost))
    assert review.quotas.periods == []
    assert "No quotas" in review.quotas.text
    assert review.activity.activities == 0
    # most checks need activities this export lacks: the plan says so and claims no more
    assert len(review.plan.not_judged) >= 8
    if review.plan.status == "no_skill_gap":
        assert "could not judge" in review.plan.text
        assert "part of the sales process only" in review.headline


def test_a_manager_with_no_deals_gets_too_little_data(maven: Diagnosed) -> None:
    store, _, folder = maven
    managers = set(pd.read_csv(folder / "sales_teams.csv")["manager"])
    review = build_review(store, sorted(managers)[0])
    assert review.standing.deals == 0
    assert review.plan.status == "too_little_data"
    assert review.plan.items == []
    assert "not a verdict" in review.plan.text


def test_qualify_out_emails_claim_no_touch_and_count_days_from_the_csv(
    maven: Diagnosed, deals: pd.DataFrame
) -> None:
    store, dx, _ = maven
    emails = qualify_out_emails(store, dx)
    assert emails, "Maven's open deals long past the won deals' cycle are on the list"
    engaged = pd.to_datetime(deals.set_index("opportunity_id")["engage_date"])
    as_of = pd.Timestamp(dt.datetime.fromisoformat(dx.as_of))
    for e in emails:
        assert e.touches == e.unanswered == e.since_last_answer == 0
        lowered = e.body.lower()
        assert "tried" not in lowered, e.body
        assert "reached out" not in lowered, e.body
        assert "no calls, emails or meetings on record" in e.record
        assert e.days_open == round((as_of - engaged[e.deal]).total_seconds() / 86400)
        assert f"open for {e.days_open} days" in e.body


def test_a_lost_deals_causes_come_only_from_what_the_export_holds(
    maven: Diagnosed, deals: pd.DataFrame
) -> None:
    store, dx, _ = maven
    lost = deals[deals["deal_stage"] == "Lost"].iloc[0]
    story = build_deal_story(store, str(lost["opportunity_id"]), diagnosis=dx)
    assert story.deal.outcome == "lost"
    assert story.deal.closed_at is not None
    assert story.deal.closed_at[:10] == lost["close_date"]
    assert story.loss is not None
    assert story.loss.agreement in ("no reason recorded", "no clear cause")
    assert not {c.cause for c in story.loss.causes} & ACTIVITY_TRAITS
    assert story.loss.not_judged, "the causes the export cannot show are named"
    kinds = {e.kind for e in story.timeline}
    assert kinds <= {"created", "stage", "closed"}, kinds
    assert story.qualify_out is None


def test_the_whole_qualify_out_list_is_drafted_not_the_worst_200(maven: Diagnosed) -> None:
    from pipeline_doctor.checks.registry import uncapped
    from pipeline_doctor.diagnosis import run_diagnosis

    store, dx, _ = maven
    lists = [f for f in dx.findings if f.deal_list == "qualify_out"]
    most = max(f.evidence.affected for f in lists)
    assert most > max(len(f.deals) for f in lists), "Maven's list is longer than the report's"
    emails = qualify_out_emails(store, run_diagnosis(store, overrides=uncapped("qualify_out")))
    assert len({e.deal for e in emails}) == len(emails) >= most


def test_an_export_without_dates_has_no_qualify_out_list_and_says_why(ibm: Diagnosed) -> None:
    """IBM's win/loss file: closed deals only, no created dates. The list is not "empty" (a
    claim nobody could judge), and a lost deal's comparison shows no figure of blanks."""
    from pipeline_doctor.casework.story import empty_list_text

    store, dx, path = ibm
    text = empty_list_text(dx)
    assert text.startswith("No qualify-out list: no check could judge your open deals")
    assert "created date" in text
    lost = pd.read_csv(path)
    lost = lost[lost["Opportunity Result"] == "Loss"]
    story = build_deal_story(store, str(lost.iloc[0]["Opportunity Number"]), diagnosis=dx)
    assert story.comparison is not None
    assert all(f.value is not None or f.peer_median is not None for f in story.comparison.figures)


def test_a_judged_empty_list_names_the_checks_that_judged(maven: Diagnosed) -> None:
    from pipeline_doctor.casework.story import empty_list_text
    from pipeline_doctor.diagnosis import Diagnosis

    _, dx, _ = maven
    healthy = dx.model_copy(
        update={
            "checks": [
                c.model_copy(update={"status": "healthy", "judged": ["no deal found"]})
                if c.deal_list == "qualify_out"
                else c
                for c in dx.checks
            ]
        }
    )
    assert isinstance(healthy, Diagnosis)
    assert empty_list_text(healthy).startswith("No deal is on the qualify-out list (")
    assert "no deal found" in empty_list_text(healthy)
