"""run_diagnosis on a small hand-built org: ranking, per-rep links, filters, JSON schema."""

from __future__ import annotations

import json

import pytest

import pipeline_doctor.diagnosis as diagnosis
from pipeline_doctor.diagnosis import DIAGNOSIS_SCHEMA_VERSION, Diagnosis, run_diagnosis
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.store import Store
from tests.checks.smallorg import SLOPPY_REP


def test_public_api() -> None:
    assert set(diagnosis.__all__) == {
        "DIAGNOSIS_SCHEMA_VERSION",
        "CheckSummary",
        "Diagnosis",
        "RepDiagnosis",
        "RootCause",
        "TeamDiagnosis",
        "WeakestLink",
        "diagnosis_json_schema",
        "run_diagnosis",
    }


def test_diagnosis_ranks_by_money_and_round_trips(small_store: Store) -> None:
    calls: list[tuple[int, int]] = []
    dx = run_diagnosis(small_store, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 13)
    assert calls[-1] == (13, 13)
    assert dx.schema_version == DIAGNOSIS_SCHEMA_VERSION
    assert dx.causes
    money = [c.money for c in dx.causes]
    assert money == sorted(money, reverse=True)
    assert [c.rank for c in dx.causes] == list(range(1, len(dx.causes) + 1))
    assert dx.headline == dx.causes[0].summary
    assert all(c.scope.kind != "deal" for c in dx.causes)
    ids = {f.id for f in dx.findings}
    assert {c.finding for c in dx.causes} <= ids
    for r in dx.reps:
        assert set(r.explained_by) | set(r.other_findings) <= ids
    assert Diagnosis.model_validate_json(dx.to_json()) == dx
    assert {c.status for c in dx.checks} <= {"ok", "findings"}
    assert dx.team.deals == sum(r.deals for r in dx.reps) == 400


def test_the_sloppy_rep_is_named_with_their_findings(small_store: Store) -> None:
    dx = run_diagnosis(small_store, rep=SLOPPY_REP)
    assert [r.rep for r in dx.reps] == [SLOPPY_REP]
    rep = dx.reps[0]
    mine = set(rep.explained_by) | set(rep.other_findings)
    assert f"missing_next_step:rep:{SLOPPY_REP}" in mine
    assert f"qualification_gaps:rep:{SLOPPY_REP}" in mine
    for f in dx.findings:
        if f.scope.kind == "rep":
            assert f.scope.key == SLOPPY_REP
        if f.scope.kind == "deal":
            assert f.scope.attributes["rep"] == SLOPPY_REP


def test_rep_by_name_team_and_since_filters(small_store: Store) -> None:
    by_name = run_diagnosis(small_store, rep="rep 6", checks=["lost_reason_hygiene"])
    assert by_name.filters["rep"] == SLOPPY_REP
    east = run_diagnosis(small_store, team="East", checks=["zombie_deals"])
    assert {r.team for r in east.reps} == {"East"}
    recent = run_diagnosis(small_store, since="2025-06-01", checks=["zombie_deals"])
    assert recent.team.deals < 400
    with pytest.raises(PipelineDoctorError, match="no rep called"):
        run_diagnosis(small_store, rep="Nobody")
    with pytest.raises(PipelineDoctorError, match="no team called"):
        run_diagnosis(small_store, team="Nowhere")
    with pytest.raises(PipelineDoctorError, match="not a date"):
        run_diagnosis(small_store, since="last year")


def test_empty_store_says_so(store: Store) -> None:
    dx = run_diagnosis(store)
    assert dx.headline == "There are no deals to diagnose yet."
    assert {c.status for c in dx.checks} == {"skipped"}
    assert not dx.causes


def test_json_schema_is_documented() -> None:
    schema = diagnosis.diagnosis_json_schema()
    assert schema["properties"]["schema_version"]["default"] == DIAGNOSIS_SCHEMA_VERSION
    json.dumps(schema)
