"""The diagnosis result: one object every view renders (terminal, JSON, HTML report).

Its JSON form is versioned: `DIAGNOSIS_SCHEMA_VERSION` changes whenever a field is removed or
changes meaning; `diagnosis_json_schema()` documents it. Version 2: findings carry `kind`,
`impact` (expected wins, and money only where deals carry amounts) and their deal lists; checks
carry one of five statuses with what was judged; the scope narrows every figure."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline_doctor.checks.findings import (
    CheckResult,
    DealList,
    Finding,
    FindingKind,
    Impact,
    Scope,
    Severity,
    Status,
)

DIAGNOSIS_SCHEMA_VERSION = 2


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RankedFinding(_Model):
    """A finding in the diagnosis's order: by money at stake where deals carry amounts, else by
    expected wins. Ranks run 1, 2, 3 … over every finding."""

    rank: int
    finding: str = Field(description="id of the finding")
    check: str
    kind: FindingKind
    area: int
    area_name: str
    severity: Severity
    title: str
    summary: str
    scope: Scope
    impact: Impact
    deals: int = Field(0, description="deals the finding lists (deal-list findings)")


class WeakestLink(_Model):
    """The stage where conversion falls furthest below the comparison (shrunk)."""

    stage: str
    rate: float
    baseline: float
    shrunk: float
    reached: int
    clear: bool = Field(description="whether the shortfall is beyond noise and minimum gap")
    lost_share: float | None = Field(
        default=None, description="the team's: the share of lost deals that stopped here"
    )


class RepDiagnosis(_Model):
    """One rep: results, weakest link, and the findings that explain it."""

    rep: str
    name: str
    team: str | None
    deals: int
    won: int
    lost: int
    open: int
    open_amount: float | None
    win_rate: float | None
    weakest_link: WeakestLink | None
    explained_by: list[str] = Field(description="ids of upstream findings explaining the link")
    other_findings: list[str]


class TeamDiagnosis(_Model):
    """The subject's totals: the team's, or the scope rep's (then `rest_win_rate` is the rest
    of the team's)."""

    label: str
    deals: int
    won: int
    lost: int
    open: int
    open_amount: float | None
    win_rate: float | None
    rest_win_rate: float | None = None
    weakest_link: WeakestLink | None
    explained_by: list[str]


class CheckSummary(_Model):
    check: str
    area: int
    title: str
    status: Status
    reason: str | None
    judged: list[str] = Field(default_factory=list)
    not_judged: list[str] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list)
    findings: int
    deal_list: DealList | None = None
    seconds: float

    @classmethod
    def of(cls, result: CheckResult) -> CheckSummary:
        """A check's result without its findings (they are ranked in `Diagnosis.findings`)."""
        data = result.model_dump(exclude={"findings", "seconds"})
        return cls(**data, findings=len(result.findings), seconds=round(result.seconds, 3))


class NotChecked(_Model):
    """A link of the sales process no check covers yet."""

    area: int
    area_name: str
    text: str


class Diagnosis(_Model):
    """Why the team isn't closing: headline, ranked findings, per-rep and team links, and what
    each check judged, could not judge, or skipped."""

    schema_version: int = DIAGNOSIS_SCHEMA_VERSION
    as_of: str
    store: str
    filters: dict[str, str]
    currency: str | None
    ranked_by: Literal["money", "wins"] = Field(
        description="money at stake where deals carry amounts, else expected wins"
    )
    headline: str
    answer: list[str]
    causes: list[RankedFinding]
    team: TeamDiagnosis
    reps: list[RepDiagnosis]
    findings: list[Finding]
    checks: list[CheckSummary]
    not_checked: list[NotChecked] = Field(default_factory=list)

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
