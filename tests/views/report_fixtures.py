"""A small report input built by hand, with hostile CRM text in it."""

from __future__ import annotations

from pipeline_doctor.checks.findings import Evidence, Finding, Metric, Money, Scope
from pipeline_doctor.diagnosis import (
    CheckSummary,
    Diagnosis,
    RepDiagnosis,
    TeamDiagnosis,
    WeakestLink,
)
from pipeline_doctor.store.overview import Overview, PipelineSlice

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def make_finding(check: str, scope: Scope, money: float, summary: str = "") -> Finding:
    return Finding(
        check=check,
        area=6,
        severity="high",
        title=f"Title of {check}",
        summary=summary or f"Summary of {check}.",
        metric=Metric(
            name="Meetings with a next step",
            value=0.2,
            baseline=0.8,
            low=0.1,
            high=0.3,
            baseline_label="team",
        ),
        scope=scope,
        evidence=Evidence(affected=40, population=50, sample=["D0000001", "D0000002"]),
        money=Money(amount=money, how="open amount times the win-rate gap"),
        action="Agree and schedule the next step before every meeting ends.",
    )


def make_input() -> tuple[Overview, Diagnosis]:
    overview = Overview(
        url="test.duckdb",
        schema_version=2,
        rows={"deals": 100, "activities": 900},
        won=30,
        lost=50,
        open_deals=20,
        by_source=[
            PipelineSlice("referral", 5, 5000.0, 20, 5),
            PipelineSlice("outbound_cold", 15, 20000.0, 10, 45),
        ],
        by_stage=[
            PipelineSlice("Discovery", 12, 9000.0, 0, 0),
            PipelineSlice("Proposal", 8, 16000.0, 0, 0),
        ],
        first_activity="2025-01-01",
        last_activity="2025-12-31",
    )
    findings = [
        make_finding(
            "missing_next_step",
            Scope(kind="rep", key="R003", label="Rep " + HOSTILE),
            50_000.0,
            summary="Notes say " + HOSTILE,
        ),
        make_finding(
            "zombie_deals", Scope(kind="deal", key="D0000007", label="D0000007 Acme"), 12_000.0
        ),
        make_finding("one_sided_correspondence", Scope(kind="deal", key="D0000009"), 8_000.0),
        make_finding("source_mix", Scope(kind="team"), 70_000.0),
    ]
    checks = [
        CheckSummary(
            check="missing_next_step",
            area=6,
            title="Next steps",
            status="findings",
            reason=None,
            findings=1,
            seconds=0.1,
        ),
        CheckSummary(
            check="late_stage_support",
            area=9,
            title="Support",
            status="skipped",
            reason="contacts not imported: import contacts",
            findings=0,
            seconds=0.0,
        ),
    ]
    team = TeamDiagnosis(
        deals=100,
        won=30,
        lost=50,
        open=20,
        open_amount=25000.0,
        win_rate=0.375,
        weakest_link=None,
        explained_by=[],
    )
    rep = RepDiagnosis(
        rep="R003",
        name="Ann " + HOSTILE,
        team="East",
        deals=40,
        won=5,
        lost=20,
        open=15,
        open_amount=9000.0,
        win_rate=0.2,
        weakest_link=WeakestLink(
            stage="Discovery", rate=0.3, baseline=0.6, shrunk=0.35, reached=30, clear=True
        ),
        explained_by=[findings[0].id],
        other_findings=[],
        deals_flagged=1,
        money=50_000.0,
    )
    diagnosis = Diagnosis(
        as_of="2025-12-31",
        store="test.duckdb",
        filters={},
        headline="Most pipeline is cold outbound, winning 18% against 80% for referrals.",
        answer=["Ann's meetings rarely end with a next step."],
        causes=[],
        team=team,
        reps=[rep],
        findings=findings,
        checks=checks,
    )
    return overview, diagnosis
