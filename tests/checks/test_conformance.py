"""One conformance test over the whole registry (scikit-learn's check_estimator idea)."""

from __future__ import annotations

import re
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
from pipeline_doctor.checks.docs import render_checks_markdown
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
CATALOGUE = {
    "source_mix",
    "referral_program",
    "icp_fit",
    "qualification_gaps",
    "missing_next_step",
    "one_sided_correspondence",
    "zombie_deals",
    "stalled_deals",
    "activity_without_pipeline",
    "late_stage_support",
    "lost_reason_hygiene",
    "lost_deal_patterns",
    "rep_funnel_leak",
}


def test_the_catalogue_is_complete_and_ids_are_unique() -> None:
    ids = [c.id for c in BUILTIN_CHECKS]
    assert len(ids) == len(set(ids))
    assert set(ids) == CATALOGUE


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
    assert f"## `{cls.id}`" in render_checks_markdown()


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_empty_store_gives_skipped_with_a_reason(cls: type[Check], store: Store) -> None:
    with CheckContext(store) as ctx:
        result = run_check(cls(), ctx, capture_errors=False)
    assert result.status == "skipped"
    assert result.reason
    assert "not imported" in result.reason
    assert not result.findings


@pytest.mark.parametrize("cls", BUILTIN_CHECKS, ids=lambda c: c.id)
def test_runs_deterministically_and_round_trips(
    cls: type[Check], small_org: tuple[Store, dict[str, Any]]
) -> None:
    store, _ = small_org
    with CheckContext(store) as ctx:
        first = run_check(cls(), ctx, capture_errors=False)
    with CheckContext(store) as ctx:
        second = run_check(cls(), ctx, capture_errors=False)
    assert first.status in ("ok", "findings")
    assert first.model_dump(exclude={"seconds"}) == second.model_dump(exclude={"seconds"})
    assert CheckResult.model_validate_json(first.model_dump_json()) == first
    for f in first.findings:
        assert Finding.model_validate_json(f.model_dump_json()) == f
        assert f.check == cls.id
        assert f.area == cls.area
        assert f.evidence.affected >= 0
        assert len(f.evidence.sample) <= 10
        assert f.money.amount >= 0
        assert f.money.how
        assert f.summary.endswith(".")
    assert len({f.id for f in first.findings}) == len(first.findings)


def test_a_check_missing_only_an_optional_history_table_is_skipped_by_name(store: Store) -> None:
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
        "budget": "known",
        "authority": "known",
        "need": "known",
        "timing": "known",
    }
    store.write("deals", pa.Table.from_pylist([deal]))
    registry = build_registry()
    with CheckContext(store) as ctx:
        result = run_check(registry["missing_next_step"], ctx)
        zombies = run_check(registry["zombie_deals"], ctx)
    assert result.status == "skipped"
    assert result.reason == (
        "activities not imported: import calls, emails and meetings to check follow-up and activity"
    )
    assert zombies.status == "ok"


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


def test_checks_doc_matches_the_registry() -> None:
    assert DOC.read_text() == render_checks_markdown(), (
        "run `python -m pipeline_doctor.checks.docs > docs/checks.md` to regenerate docs/checks.md"
    )
