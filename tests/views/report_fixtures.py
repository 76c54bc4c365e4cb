"""A small report input built by hand, with hostile CRM text in it."""

from __future__ import annotations

from typing import Any

from pipeline_doctor.checks.findings import DealRef, Evidence, Finding, Impact, Metric, Scope
from pipeline_doctor.diagnosis import (
    CheckSummary,
    Diagnosis,
    NotChecked,
    RepDiagnosis,
    TeamDiagnosis,
    WeakestLink,
)
from pipeline_doctor.diagnosis.rank import rank_findings
from pipeline_doctor.store.overview import Overview, PipelineSlice

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def make_finding(
    check: str,
    scope: Scope,
    money: float,
    summary: str = "",
    *,
    kind: Any = "link",
    area: int = 6,
    record_kind: Any = "deal",
    deals: list[DealRef] | None = None,
    deal_list: Any = None,
) -> Finding:
    return Finding(
        check=check,
        area=area,
        kind=kind,
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
        evidence=Evidence(
            affected=40, population=50, record_kind=record_kind, sample=["D0000001", "D0000002"]
        ),
        impact=Impact(wins=money / 12_500, money=money, how="open amount times the win-rate gap"),
        action="Agree and schedule the next step before every meeting ends.",
        deals=deals or [],
        deal_list=deal_list,
    )


ZOMBIES = [
    DealRef(
        id="D0000007",
        name="Acme expansion",
        account="Acme " + HOSTILE,
        rep="R003",
        rep_name="Ann",
        amount=12_000.0,
        stage="Proposal",
        age_days=410.0,
        last_touch="2025-03-02",
        note="open 410 days; close date pushed 4 times",
    ),
    DealRef(id="D0000008", name="Globex pilot", rep="R003", note="open 300 days"),
]
SILENT = [DealRef(id="D0000009", name="Initech renewal", note="0 answers to 14 calls and emails")]


def make_findings() -> list[Finding]:
    """Four broken links (two of them deal lists) and one won-against-lost difference, which
    puts the most at stake but ranks after the links."""
    return [
        make_finding(
            "missing_next_step",
            Scope(kind="rep", key="R003", label="Rep " + HOSTILE),
            50_000.0,
            summary="Notes say " + HOSTILE,
            record_kind="activity",
        ),
        make_finding(
            "zombie_deals",
            Scope(kind="team"),
            12_000.0,
            area=8,
            deals=ZOMBIES,
            deal_list="qualify_out",
        ),
        make_finding(
            "one_sided_correspondence",
            Scope(kind="team"),
            8_000.0,
            area=7,
            deals=SILENT,
            deal_list="review",
        ),
        make_finding("source_mix", Scope(kind="team"), 70_000.0, area=1),
        make_finding(
            "win_drivers",
            Scope(
                kind="segment",
                key="accounts.industry=Retail",
                label="Deals with accounts of industry Retail",
                attributes={"direction": "worse"},
            ),
            90_000.0,
            kind="driver",
            area=0,
        ),
    ]


def make_input(findings: list[Finding] | None = None) -> tuple[Overview, Diagnosis]:
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
    ordered, causes = rank_findings(make_findings() if findings is None else findings, "money")
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
            check="zombie_deals",
            area=8,
            title="Zombie deals to qualify out",
            status="findings" if any(f.check == "zombie_deals" for f in ordered) else "healthy",
            reason=None,
            judged=["no open deal is older than 144 days with signs of being dead"],
            findings=sum(f.check == "zombie_deals" for f in ordered),
            deal_list="qualify_out",
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
        label="the team",
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
        explained_by=[f.id for f in ordered if f.check == "missing_next_step"],
        other_findings=[],
    )
    diagnosis = Diagnosis(
        as_of="2025-12-31",
        store="test.duckdb",
        filters={},
        currency=None,
        ranked_by="money",
        headline="Most pipeline is cold outbound, winning 18% against 80% for referrals.",
        answer=["Ann's meetings rarely end with a next step."],
        causes=causes,
        team=team,
        reps=[rep],
        findings=ordered,
        checks=checks,
        not_checked=[NotChecked(area=4, area_name="Preparation", text="Not checked yet.")],
    )
    return overview, diagnosis
