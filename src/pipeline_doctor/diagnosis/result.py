"""The diagnosis result: one object every view renders (terminal, JSON, HTML report).

Its JSON form is versioned: `DIAGNOSIS_SCHEMA_VERSION` changes whenever a field is removed or
changes meaning; `diagnosis_json_schema()` documents it. Version 2: findings carry `kind`,
`impact` (expected wins, and money only where deals carry amounts) and their deal lists; checks
carry one of five statuses with what was judged; the scope narrows every figure. Version 3 adds
the headline figures, the trend per period and each finding's direction over time; `answer`
no longer repeats the headline."""

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

DIAGNOSIS_SCHEMA_VERSION = 3


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


FigureUnit = Literal["rate", "money", "count", "days"]


class Change(_Model):
    """A figure against the previous period: its value then, and whether the difference is
    beyond noise (rates: the 95% interval of the difference excludes zero)."""

    period: str = Field(description='the period the figure describes, e.g. "2026 Q2"')
    previous_period: str
    previous: float
    difference: float
    low: float | None = Field(default=None, description="95% interval of the difference (rates)")
    high: float | None = None
    clear: bool = Field(description="whether the change is beyond noise")


class HeadlineFigure(_Model):
    """One number of the headline strip, taken from the data (never from industry lore)."""

    name: str = Field(description="stable key: win_rate, open_pipeline, at_risk, ...")
    label: str
    unit: FigureUnit
    value: float | None = Field(description="None when the data cannot give it (see note)")
    detail: str = Field(
        default="", description='what it counts, e.g. "1,373 of 4,465 closed deals"'
    )
    change: Change | None = None
    note: str | None = Field(default=None, description="why there is no value or no change")


class Period(_Model):
    """One month or quarter: deals created (and their amount) and deals closed in it."""

    label: str
    start: str = Field(description="first day, ISO date")
    end: str = Field(description="the day after the last, ISO date")
    partial: bool = Field(description="the period runs past the data's last day")
    created: int
    created_amount: float | None
    won: int
    lost: int
    win_rate: float | None
    low: float | None
    high: float | None


class Trend(_Model):
    """Win rate and pipeline created per period, and what changed beyond noise in words."""

    grain: Literal["month", "quarter"]
    periods: list[Period] = Field(default_factory=list)
    statements: list[str] = Field(
        default_factory=list, description="period-over-period changes beyond noise, in words"
    )
    note: str | None = Field(
        default=None, description="why there is no trend (no dates, too short)"
    )


Direction = Literal["new", "growing", "shrinking", "steady", "undated"]


class FindingTrend(_Model):
    """Whether a finding is new, growing or shrinking: its gap measured on deals created in
    the earlier and the later half of the data."""

    finding: str
    direction: Direction
    text: str = Field(description="the direction in a sentence, with the two gaps")
    split: str | None = Field(default=None, description="the ISO date dividing earlier from later")
    earlier: float | None = Field(default=None, description="the gap (value - baseline) before")
    later: float | None = Field(default=None, description="the gap since")


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
    headline: str = Field(description="the answer in a sentence or two")
    answer: list[str] = Field(description="the top causes, a sentence each with its proof")
    notes: list[str] = Field(
        default_factory=list,
        description="where lost deals stop, how money was valued, what the checks did",
    )
    causes: list[RankedFinding]
    team: TeamDiagnosis
    reps: list[RepDiagnosis]
    findings: list[Finding]
    checks: list[CheckSummary]
    not_checked: list[NotChecked] = Field(default_factory=list)
    figures: list[HeadlineFigure] = Field(default_factory=list)
    trend: Trend | None = None
    finding_trends: list[FindingTrend] = Field(default_factory=list)

    def finding_trend(self, finding_id: str) -> FindingTrend | None:
        for t in self.finding_trends:
            if t.finding == finding_id:
                return t
        return None

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise KeyError(finding_id)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def _repr_html_(self) -> str:
        """The report's HTML, so a notebook shows a diagnosis as the report (each finding's
        direction over time when run with `run_diagnosis(store, dated=True)`) (Jupyter's display
        protocol must live on the object: the one place the result reaches into a view, lazily,
        so importing the diagnosis never loads the views)."""
        import html

        from pipeline_doctor.views.report_html import render_report

        # in a frame of its own, so the report's styles never restyle the notebook
        page = html.escape(render_report(None, self), quote=True)
        return f'<iframe srcdoc="{page}" style="width:100%;height:900px;border:0"></iframe>'


def diagnosis_json_schema() -> dict[str, Any]:
    """The JSON Schema of the diagnosis output (documented in docs/checks.md)."""
    return Diagnosis.model_json_schema()
