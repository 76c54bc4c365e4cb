"""One conformance test over the whole registry (scikit-learn's check_estimator idea): every
check declares itself, skips with the absent data named, measures without running a query,
judges purely, never says "healthy" without saying what it judged, and round-trips JSON."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks import (
    AREAS,
    BUILTIN_CHECKS,
    Check,
    CheckContext,
    CheckResult,
    Finding,
    build_registry,
    run_check,
)
from pipeline_doctor.checks.base import execute
from pipeline_doctor.checks.registry import NOT_CHECKED_YET
from pipeline_doctor.diagnosis.docs import render_checks_markdown
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.simulate import PLANT_KINDS
from pipeline_doctor.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_ids_are_unique_and_every_planted_kind_is_answered_or_not_checked_yet() -> None:
    ids = [c.id for c in BUILTIN_CHECKS]
    assert len(ids) == len(set(ids))
    answered = [kind for c in BUILTIN_CHECKS for kind in c.answers]
    assert len(answered) == len(set(answered)), "two checks answer the same planted kind"
    assert set(answered) <= set(PLANT_KINDS)
    for kind, (area, _, _) in PLANT_KINDS.items():
        if kind not in answered:
            assert area in NOT_CHECKED_YET, f"{kind} is neither checked nor listed as not yet"


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_check_declares_itself(cls: type[Check]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.id)
    assert cls.__doc__
    assert len(cls.__doc__.strip()) > 40
    assert cls.area in AREAS
    assert cls.title
    assert cls.action
    assert "deals" in cls.requires
    for name, field in cls.model_fields.items():
        assert field.description, f"{cls.id}.{name} has no docstring"
    assert f"### `{cls.id}`" in render_checks_markdown()


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_empty_store_gives_skipped_with_the_data_named(cls: type[Check], store: Store) -> None:
    with CheckContext(store) as ctx:
        result = run_check(cls(), ctx, capture_errors=False)
    assert result.status == "skipped"
    assert result.reason == "Your data has no deals (opportunities)."
    assert not result.findings


@contextlib.contextmanager
def no_queries(store: Store) -> Iterator[list[str]]:
    """Every way the backend runs SQL raises inside the block."""
    calls: list[str] = []
    backend: Any = store.backend
    saved = {}

    def refuse(name: str) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"a query ran during measure ({name})")

        return run

    for name in ("execute", "to_pyarrow", "to_pyarrow_batches", "raw_sql", "_to_duckdb_relation"):
        if hasattr(backend, name):
            saved[name] = getattr(backend, name)
            setattr(backend, name, refuse(name))
    try:
        yield calls
    finally:
        for name, fn in saved.items():
            setattr(backend, name, fn)


TEXT_NEEDS = ("activities.agenda", "activities.body", "transcript_segments")
"""What the small org lacks and the talk org (tests/conversations/talkorg.py) has."""


@pytest.fixture
def org_for(small_org: tuple[Store, dict[str, Any]], talk_org: tuple[Store, dict[str, Any]]) -> Any:
    """The hand-built org a check can run on: the talk org for checks of what reps write and
    say, the small org for the others."""

    def pick(cls: type[Check]) -> Store:
        return talk_org[0] if set(cls.requires) & set(TEXT_NEEDS) else small_org[0]

    return pick


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_measure_runs_no_query_and_judge_is_pure(cls: type[Check], org_for: Any) -> None:
    store = org_for(cls)
    check = cls()
    with CheckContext(store, checks=build_registry()) as ctx:
        assert check.skip_reason(ctx) is None, check.skip_reason(ctx)
        ctx.prepare()
        basis = ctx.basis()
        with no_queries(store) as calls:
            measurement = check.measure(ctx)
        assert calls == []
        measured = execute(measurement)
        with no_queries(store) as calls:
            first = check.judge(measured, basis)
            second = check.judge(measured, basis)
        assert calls == []
    assert first == second


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_runs_deterministically_round_trips_and_says_what_it_judged(
    cls: type[Check], org_for: Any
) -> None:
    store = org_for(cls)
    with CheckContext(store) as ctx:
        first = run_check(cls(), ctx, capture_errors=False)
    with CheckContext(store) as ctx:
        second = run_check(cls(), ctx, capture_errors=False)
    assert first.status in ("findings", "healthy", "too_little_data"), first.reason
    assert first.model_dump(exclude={"seconds"}) == second.model_dump(exclude={"seconds"})
    assert CheckResult.model_validate_json(first.model_dump_json()) == first
    if first.status == "healthy":
        assert first.judged
        assert all(text.strip() for text in first.judged)
    if first.status == "too_little_data":
        assert first.reason
        assert "needed" in first.reason
    for f in first.findings:
        assert Finding.model_validate_json(f.model_dump_json()) == f
        assert f.check == cls.id
        assert f.area == cls.area
        assert f.evidence.affected >= 0
        assert len(f.evidence.sample) <= 10
        assert f.impact.wins >= 0
        assert f.impact.money is None or f.impact.money >= 0
        assert f.impact.how
        assert f.summary.endswith(".")
        assert (f.deal_list is not None) == bool(f.deals)
        if f.deals:
            assert cls.deal_list == f.deal_list
    assert len({f.id for f in first.findings}) == len(first.findings)


def test_a_check_missing_only_an_optional_table_is_skipped_by_name(store: Store) -> None:
    import pyarrow as pa

    from tests.checks.smallorg import T0

    store.write("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann", "role": "rep"}]))
    deal = {
        "id": "D1",
        "rep": "R1",
        "source": "referral",
        "created_at": T0,
        "outcome": "open",
        "pipeline": "default",
        "stage": "Prospecting",
    }
    store.write("deals", pa.Table.from_pylist([deal]))
    registry = build_registry()
    with CheckContext(store, checks=registry) as ctx:
        result = run_check(registry["missing_next_step"], ctx)
        zombies = run_check(registry["zombie_deals"], ctx)
        lost = run_check(registry["lost_reason_hygiene"], ctx)
    assert result.status == "skipped"
    assert result.reason == "Your data has no calls, emails or meetings."
    assert lost.status == "skipped"
    assert lost.reason == "Your export has no lost reason or lost-reason text field."
    assert zombies.status == "too_little_data"
    assert zombies.reason == "0 won deals with a known cycle; 20 needed"


def test_parameters_are_overridable_and_validated() -> None:
    registry = build_registry({"stalled_deals": {"factor": 3}})
    assert registry["stalled_deals"].model_dump()["factor"] == 3.0
    with pytest.raises(PipelineDoctorError, match="Bad setting for check stalled_deals"):
        build_registry({"stalled_deals": {"factor": "lots"}})
    with pytest.raises(PipelineDoctorError, match="no check called"):
        build_registry({"nope": {}})
    with pytest.raises(PipelineDoctorError, match="Bad setting"):
        build_registry({"stalled_deals": {"no_such_parameter": 1}})
    assert list(build_registry(only=["icp_fit"])) == ["icp_fit"]


def test_registry_is_built_per_run() -> None:
    assert build_registry() is not build_registry()
    assert build_registry()["icp_fit"] == build_registry()["icp_fit"]


def test_a_dependent_check_uses_the_runs_configured_instance(
    small_org: tuple[Store, dict[str, Any]],
) -> None:
    """stalled_deals leaves zombies out by the run's zombie_deals settings, not the defaults."""
    from pipeline_doctor.checks.zombies import ZombieDeals

    store, _ = small_org
    registry = build_registry({"zombie_deals": {"min_age_days": 1.0, "min_signs": 0}})
    with CheckContext(store, checks=registry) as ctx:
        used = ctx.check(ZombieDeals)
    assert used is registry["zombie_deals"]
    assert used.min_signs == 0
    with CheckContext(store) as ctx:
        assert ctx.check(ZombieDeals) == ZombieDeals()


def test_checks_doc_matches_the_registry() -> None:
    assert DOC.read_text() == render_checks_markdown(), (
        "regenerate it: python -m pipeline_doctor.diagnosis.docs > docs/checks.md"
    )
