"""The diagnosis result: one object every view renders (terminal, JSON, HTML report).

Its JSON form is versioned: `DIAGNOSIS_SCHEMA_VERSION` changes whenever a field is removed or
changes meaning; `diagnosis_json_schema()` documents it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline_doctor.checks.findings import Finding, Scope, Severity, Status

DIAGNOSIS_SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RootCause(_Model):
    """A broken link for the team, a rep or a segment, ranked by money at stake."""

    rank: int
    finding: str = Field(description="id of the finding behind it")
    check: str
    area: int
    area_name: str
    severity: Severity
    title: str
    summary: str
    scope: Scope
    money: float
    deals_flagged: int = Field(0, description="deal-level findings of the same check")


class WeakestLink(_Model):
    """The stage where conversion falls furthest below the comparison (shrunk)."""

    stage: str
    rate: float
    baseline: float
    shrunk: float
    reached: int
    clear: bool = Field(description="whether the shortfall is beyond noise and minimum gap")


class RepDiagnosis(_Model):
    """One rep: results, weakest link, and the findings that explain it."""

    rep: str
    name: str
    team: str | None
    deals: int
    won: int
    lost: int
    open: int
    open_amount: float
    win_rate: float | None
    weakest_link: WeakestLink | None
    explained_by: list[str] = Field(description="ids of upstream findings explaining the link")
    other_findings: list[str]
    deals_flagged: int
    money: float


class TeamDiagnosis(_Model):
    deals: int
    won: int
    lost: int
    open: int
    open_amount: float
    win_rate: float | None
    weakest_link: WeakestLink | None
    explained_by: list[str]


class CheckSummary(_Model):
    check: str
    area: int
    title: str
    status: Status
    reason: str | None
    findings: int
    seconds: float


class Diagnosis(_Model):
    """Why the team isn't closing: headline, ranked root causes, per-rep and team links."""

    schema_version: int = DIAGNOSIS_SCHEMA_VERSION
    as_of: str
    store: str
    filters: dict[str, str]
    headline: str
    answer: list[str]
    causes: list[RootCause]
    team: TeamDiagnosis
    reps: list[RepDiagnosis]
    findings: list[Finding]
    checks: list[CheckSummary]

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise KeyError(finding_id)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


def diagnosis_json_schema() -> dict[str, Any]:
    """The JSON Schema of the diagnosis output (documented in docs/checks.md)."""
    return Diagnosis.model_json_schema()
