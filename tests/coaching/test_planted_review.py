"""The review on simulated orgs: the planted rep's planted weakness is the first item of the
coaching plan, with its evidence and moments taken from that rep's own records; every moment
finder runs on a real store. `benchmarks/bench_review.py` measures the same over 10 seeds and
every rep-level kind (issue 14 asks for at least 9 of 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks import CheckContext, build_registry
from pipeline_doctor.coaching import Review, build_review
from pipeline_doctor.coaching.evaluate import PLANTED_SKILLS, score_review
from pipeline_doctor.coaching.moments import FINDERS
from pipeline_doctor.facts import DataScope
from pipeline_doctor.store import Store
from tests.coaching.orgs import planted_org

DEALS = 1500
CASES = (("weak_discovery", 31), ("no_referral_asks", 32), ("activity_without_pipeline", 33))
"""One org per case: a kind whose moments come from quotes, one whose moments come from the
records (won customers never asked), one judged on activity against pipeline."""


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, seed in CASES:
        path: Path = tmp_path_factory.mktemp(kind) / "org.duckdb"
        config, rep = planted_org(path, kind, seed, DEALS)
        with Store.open(path) as store:
            out[kind] = (build_review(store, rep, as_of=config.as_of), path, config)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "seed"), CASES)
def test_the_planted_weakness_is_the_first_skill(
    kind: str, seed: int, reviews: dict[str, Any]
) -> None:
    review: Review = reviews[kind][0]
    score = score_review(review, kind, seed)
    assert score.hit, score
    first = review.plan.items[0]
    assert first.skill.key == PLANTED_SKILLS[kind]
    ids = {rf.finding.id for rf in review.findings}
    assert first.findings
    assert set(first.findings) <= ids
    assert all(any(c.isdigit() for c in e) and "At stake" in e for e in first.evidence)
    assert 2 <= len(first.moments) <= 3


@pytest.mark.slow
def test_moments_are_the_reps_own(reviews: dict[str, Any]) -> None:
    for kind, _ in CASES:
        review, path, _config = reviews[kind]
        deals = {m.deal for item in review.plan.items for m in item.moments if m.deal}
        activities = {m.activity for item in review.plan.items for m in item.moments if m.activity}
        with Store.open(path) as store:
            d = store.table("deals")
            owners = set(d.filter(d.id.isin(list(deals))).rep.to_pyarrow().to_pylist())
            a = store.table("activities")
            acts = a.filter(a.id.isin(list(activities))).select("id", "deal")
            on = acts.to_pyarrow().to_pylist()
        assert owners <= {review.rep}, kind
        assert len(on) == len(activities), kind
        assert {r["deal"] for r in on} <= deals | {None}, kind


@pytest.mark.slow
def test_findings_are_the_reps_in_the_diagnosis_order(reviews: dict[str, Any]) -> None:
    for kind, _ in CASES:
        review: Review = reviews[kind][0]
        assert [rf.rank for rf in review.findings] == list(range(1, len(review.findings) + 1))
        for rf in review.findings:
            f = rf.finding
            assert (f.scope.kind == "rep" and f.scope.key == review.rep) or f.deals
            assert all(d.rep == review.rep for d in f.deals)
        assert Review.model_validate_json(review.to_json()) == review


@pytest.mark.slow
def test_every_moment_finder_runs_on_a_real_store(reviews: dict[str, Any]) -> None:
    review, path, config = reviews["weak_discovery"]
    with Store.open(path) as store:
        registry = build_registry()
        scope = DataScope(rep=review.rep)
        with CheckContext(store, scope=scope, as_of=config.as_of, checks=registry) as ctx:
            found = {key: finder(ctx, 3) for key, finder in FINDERS.items()}
    assert all(len(moments) <= 3 for moments in found.values())
    # a rep of a simulated org has meetings, calls, emails, wins and losses to show
    empty = [key for key, moments in found.items() if not moments]
    assert empty == []
    deal_moments = [m for moments in found.values() for m in moments if m.deal]
    assert all(m.text and m.why for moments in found.values() for m in moments)
    assert deal_moments


@pytest.mark.slow
def test_the_reports_plan_for_the_planted_rep_agrees_with_the_review(
    reviews: dict[str, Any],
) -> None:
    from pipeline_doctor.coaching import team_coaching
    from pipeline_doctor.diagnosis import run_diagnosis

    review, path, config = reviews["weak_discovery"]
    with Store.open(path) as store:
        dx = run_diagnosis(store, as_of=config.as_of)
        plans = team_coaching(dx)
    by_rep = {c.rep: c for c in plans}
    assert by_rep[review.rep].plan.items[0].skill == review.plan.items[0].skill
    about = {r.rep for r in dx.reps if r.explained_by or r.other_findings}
    listed = {d.rep for f in dx.findings for d in f.deals}
    assert set(by_rep) <= about | listed  # a plan only where the diagnosis found something
    finding_ids = {f.id for f in dx.findings}
    for c in plans:
        assert c.plan.status == "skill_gaps"
        assert all(set(item.findings) <= finding_ids for item in c.plan.items)
