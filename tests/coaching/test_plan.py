"""The coaching plan from findings (pure, no store): skills ranked by their first finding in the
diagnosis's order, findings of one skill together, moments from quotes, then deal lists, then
the records; and the fair verdicts: a plan whenever there is a finding, "too little data" with
how much there is and how much is needed, "no skill gap" naming the checks that judged."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline_doctor.checks.findings import DealRef, Evidence, Finding, Impact, Metric, Quote, Scope
from pipeline_doctor.checks.skills import DISCOVERY, NEXT_STEP, PIPELINE_HYGIENE
from pipeline_doctor.coaching import Moment, Skill
from pipeline_doctor.coaching.plan import MIN_CLOSED_DEALS, build_plan, review_findings
from pipeline_doctor.coaching.result import ReviewFinding
from pipeline_doctor.diagnosis.result import CheckSummary

SKILLS = {s.key: s for s in (DISCOVERY, NEXT_STEP, PIPELINE_HYGIENE)}


def finding(check: str, key: str = "R001", **kw: Any) -> Finding:
    base: dict[str, Any] = {
        "check": check,
        "area": 6,
        "severity": "high",
        "title": f"{check} title",
        "summary": f"{check}: 80% against 20%.",
        "metric": Metric(name="share", value=0.8, baseline=0.2),
        "scope": Scope(kind="rep", key=key, label="Ann Lee"),
        "evidence": Evidence(affected=8, population=10),
        "impact": Impact(wins=2.0, money=1000.0, how="x"),
        "action": "Do it.",
    }
    return Finding(**{**base, **kw})


def summary(check: str, status: Any, reason: str | None = None, **kw: Any) -> CheckSummary:
    return CheckSummary(check=check, area=5, title=f"{check} title", status=status,
                        reason=reason, findings=0, seconds=0.0, **kw)  # fmt: skip


def quote(activity: str, text: str) -> Quote:
    return Quote(activity=activity, deal="D1", date="2026-01-02", text=text, why="few questions")


def no_records(skill: Skill, most: int) -> list[Moment]:
    return []


def plan_of(found: list[ReviewFinding], checks: list[CheckSummary], closed: int = 50, **kw: Any):  # type: ignore[no-untyped-def]
    return build_plan(found, checks, name="Ann Lee", closed=closed, currency="USD", skills=SKILLS,
                      moments_for=kw.pop("moments_for", no_records), **kw)  # fmt: skip


def test_skills_follow_the_first_finding_of_each_and_group_their_findings() -> None:
    found = [
        ReviewFinding(rank=1, skill=NEXT_STEP.key, finding=finding("missing_next_step")),
        ReviewFinding(rank=2, skill=DISCOVERY.key, finding=finding("discovery_depth")),
        ReviewFinding(rank=3, skill=None, finding=finding("rep_funnel_leak")),
        ReviewFinding(rank=4, skill=NEXT_STEP.key, finding=finding("other_next_step")),
    ]
    plan = plan_of(found, [summary("zombie_deals", "healthy", judged=["none"])])
    assert plan.status == "skill_gaps"
    assert [i.skill.key for i in plan.items] == [NEXT_STEP.key, DISCOVERY.key]
    assert [i.rank for i in plan.items] == [1, 2]
    assert plan.items[0].findings == [found[0].finding.id, found[3].finding.id]
    assert plan.without_skill == [found[2].finding.id]
    assert "80% against 20%" in plan.items[0].evidence[0]
    assert "1,000 USD" in plan.items[0].evidence[0]  # what it puts at stake
    assert plan.text.startswith("2 skills to develop; first: Next-step discipline")
    assert [n.check for n in plan.judged_by] == ["zombie_deals"]


def test_moments_quotes_first_one_per_call_then_deals_then_records() -> None:
    calls = finding(
        "discovery_depth",
        quotes=[quote("A1", "one"), quote("A1", "two"), quote("A2", "three")],
    )
    deals = finding(
        "zombie_deals",
        deals=[DealRef(id="D9", name="Big deal", rep="R001", amount=5000.0, note="pushed 4 times")],
        deal_list="qualify_out",
    )
    asked: list[tuple[str, int]] = []

    def records(skill: Skill, most: int) -> list[Moment]:
        asked.append((skill.key, most))
        return [Moment(kind="record", text=f"r{i}", why="w") for i in range(most)]

    found = [
        ReviewFinding(rank=1, skill=DISCOVERY.key, finding=calls),
        ReviewFinding(rank=2, skill=PIPELINE_HYGIENE.key, finding=deals),
    ]
    plan = plan_of(found, [], moments_for=records)
    first, second = plan.items
    assert [m.text for m in first.moments] == ["one", "three", "two"]
    assert {m.kind for m in first.moments} == {"quote"}
    assert second.moments[0].kind == "deal"
    assert "Big deal" in second.moments[0].text
    assert "5,000 USD" in second.moments[0].text
    assert second.moments[0].why == "pushed 4 times"
    assert [m.kind for m in second.moments[1:]] == ["record", "record"]
    assert asked == [(PIPELINE_HYGIENE.key, 2)]  # records only to make up the three


def test_too_little_data_says_how_much_there_is_and_how_much_is_needed() -> None:
    checks = [summary("missing_next_step", "healthy", judged=["compared 12 reps"])]
    plan = plan_of([], checks, closed=3)
    assert plan.status == "too_little_data"
    assert plan.items == []
    assert "3 closed deals" in plan.text
    assert f"{MIN_CLOSED_DEALS} are needed" in plan.text
    assert "not a verdict" in plan.text
    assert MIN_CLOSED_DEALS == 20


def test_no_check_that_judged_is_too_little_data_too() -> None:
    checks = [
        summary("missing_next_step", "too_little_data", "5 held meetings; 20 needed"),
        summary("discovery_depth", "skipped", "Your export has no call transcripts."),
    ]
    plan = plan_of([], checks, closed=40)
    assert plan.status == "too_little_data"
    # 40 closed deals are not "too little data": the checks lacked records or fields
    assert plan.text.startswith("No verdict on Ann Lee: 40 closed deals, but no check could")
    assert [n.text for n in plan.not_judged] == [
        "5 held meetings; 20 needed",
        "Your export has no call transcripts.",
    ]


def test_no_skill_gap_names_what_judged_and_what_could_not() -> None:
    checks = [
        summary(
            "missing_next_step",
            "healthy",
            judged=["12% of 80 meetings; ceiling 40%"],
            not_judged=["something"],
        ),
        summary("discovery_depth", "skipped", "Your export has no call transcripts."),
        summary("zombie_deals", "error", "ValueError: boom"),
    ]
    plan = plan_of([], checks, closed=40)
    assert plan.status == "no_skill_gap"
    assert plan.text.startswith(
        "No skill gap found in what could be judged: 1 check judged Ann Lee on 40 closed deals"
    )
    assert "2 could not judge" in plan.text
    assert "part of the sales process only" in plan.text
    only_judged = plan_of([], checks[:1], closed=40)
    assert only_judged.text.startswith("No skill gap found: 1 check judged Ann Lee")
    (judged,) = plan.judged_by
    assert judged.text == "12% of 80 meetings; ceiling 40%; not judged: something"
    assert [n.status for n in plan.not_judged] == ["skipped", "error"]


def test_a_largest_finding_without_a_skill_is_named_beside_the_plan() -> None:
    leak = ReviewFinding(rank=1, skill=None, finding=finding("rep_funnel_leak"))
    habit = ReviewFinding(rank=2, skill=NEXT_STEP.key, finding=finding("missing_next_step"))
    plan = plan_of([leak, habit], [], closed=40)
    assert plan.items[0].skill == NEXT_STEP
    assert 'largest finding, "rep_funnel_leak title", says where deals are lost' in plan.text
    assert "largest finding" not in plan_of([habit, leak], [], closed=40).text


def test_a_finding_makes_a_plan_even_with_few_closed_deals() -> None:
    found = [ReviewFinding(rank=1, skill=NEXT_STEP.key, finding=finding("missing_next_step"))]
    plan = plan_of(found, [], closed=5)
    assert plan.status == "skill_gaps"
    assert "5 closed deals" in plan.text


def test_review_findings_keep_the_rep_and_their_deals_in_order() -> None:
    from pipeline_doctor.diagnosis import Diagnosis, TeamDiagnosis

    mine = finding("missing_next_step")
    other = finding("missing_next_step", key="R002")
    listed = finding(
        "zombie_deals",
        scope=Scope(kind="team", label="the team"),
        deals=[DealRef(id="D1", rep="R002"), DealRef(id="D2", rep="R001")],
        deal_list="qualify_out",
    )
    driver = finding("win_drivers", kind="driver", scope=Scope(kind="rep", key="R001"))
    team = TeamDiagnosis(label="t", deals=1, won=0, lost=0, open=1, open_amount=None,
                         win_rate=None, weakest_link=None, explained_by=[])  # fmt: skip
    dx = Diagnosis(
        as_of="2026-01-01", store="s", filters={}, currency="USD", ranked_by="money",
        headline="h", answer=[], causes=[], team=team, reps=[],
        findings=[listed, other, driver, mine], checks=[],
    )  # fmt: skip
    skill_of = {"missing_next_step": NEXT_STEP, "zombie_deals": PIPELINE_HYGIENE,
                "win_drivers": None}  # fmt: skip
    found = review_findings(dx, "R001", skill_of)
    # as a rep's own diagnosis orders them: links first, the rep's habits before the lists
    assert [(r.rank, r.finding.check, r.skill) for r in found] == [
        (1, "missing_next_step", NEXT_STEP.key),
        (2, "zombie_deals", PIPELINE_HYGIENE.key),
        (3, "win_drivers", None),
    ]
    narrowed = found[1].finding
    assert [d.id for d in narrowed.deals] == ["D2"]  # only the rep's deals
    assert narrowed.summary.startswith("1 of the 2 deals listed (the worst of 8) is ")
    per_deal = listed.impact.wins / listed.evidence.affected
    assert narrowed.impact.wins == pytest.approx(per_deal)
