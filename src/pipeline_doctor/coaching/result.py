"""The review result: one object every view renders (terminal, JSON, later the report and the
web dashboard), with every figure already computed and every sentence already written, so a
view never queries.

Its JSON form is versioned: `REVIEW_SCHEMA_VERSION` changes whenever a field is removed or
changes meaning."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline_doctor.checks.findings import Finding, Status
from pipeline_doctor.checks.skills import Skill

REVIEW_SCHEMA_VERSION = 1

PlanStatus = Literal["skill_gaps", "no_skill_gap", "too_little_data"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RateFigure(_Model):
    """`k` of `n` with its 95% Wilson interval (value and bounds None when `n` is 0)."""

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None


class Standing(_Model):
    """The rep's results against the rest of the team (the team's other reps, in scope)."""

    deals: int
    won: int
    lost: int
    open: int
    open_amount: float | None = Field(description="None when the deals carry no amounts")
    win_rate: RateFigure
    rest_win_rate: RateFigure
    difference_low: float | None = Field(
        default=None, description="95% interval (Newcombe) of rep minus rest"
    )
    difference_high: float | None = None
    clear: bool = Field(description="whether the difference is beyond noise")
    text: str = Field(description="the standing in a sentence")


class QuotaPeriod(_Model):
    """One quota period: the quota, and the amount of the rep's deals won in it (closed
    between its first and last day)."""

    period: str
    start: str
    end: str
    quota: float
    won_amount: float | None = Field(description="None when the won deals carry no amounts")
    won_deals: int
    attainment: float | None = Field(description="won amount / quota")
    partial: bool = Field(description="the period runs past the data's last day")


class Quotas(_Model):
    """Results against quota, only where the store holds quotas for the rep."""

    periods: list[QuotaPeriod] = Field(default_factory=list)
    attainment: float | None = Field(
        default=None, description="won amount / quota over the periods that have ended"
    )
    text: str = Field(description="the result in a sentence, or why there is none")


class StageRow(_Model):
    """One open stage: the rep's closed deals that reached it and moved on, against the rest
    of the team's; `shrunk` is the rep's rate pulled toward the rest's (small samples)."""

    stage: str
    reach: float | None = Field(description="share of the rep's closed deals that got here")
    rate: RateFigure = Field(description="of those, the share that moved on")
    shrunk: float
    rest_reach: float | None
    rest_rate: RateFigure
    weakest: bool = Field(description="the diagnosis's weakest link for this rep")


class StageFunnel(_Model):
    """The rep's funnel against the rest of the team's, stage by stage."""

    stages: list[StageRow] = Field(default_factory=list)
    weakest_stage: str | None = None
    clear: bool = Field(default=False, description="whether the weakest link is beyond noise")
    explained_by: list[str] = Field(
        default_factory=list, description="ids of the upstream findings that explain it"
    )
    text: str


class ActivityVolume(_Model):
    """Calls, emails and meetings against the pipeline they build, beside the rest of the
    team (the measure of activity_without_pipeline)."""

    activities: int
    deals: int
    weeks: float | None = Field(description="weeks from the rep's first to last activity")
    per_deal: float | None
    per_week: float | None
    deals_per_1000: float | None
    team_median_activities: float | None
    team_median_per_week: float | None
    rest_per_deal: float | None
    rest_deals_per_1000: float | None
    judged: bool = Field(description="whether the rep logs enough to be judged on it")
    text: str


class ReviewFinding(_Model):
    """A finding about the rep or their deals, in the diagnosis's order; `skill` is the key of
    the skill its check declares (None: a difference or a symptom, no one skill)."""

    rank: int
    skill: str | None
    finding: Finding


class Moment(_Model):
    """A concrete moment to discuss: a quoted sentence, a deal on a list, or a record (a
    meeting, a won or lost deal) behind a finding."""

    kind: Literal["quote", "deal", "record"]
    date: str | None = Field(default=None, description="YYYY-MM-DD")
    activity: str | None = None
    deal: str | None = None
    text: str = Field(description="what to look at: the words, or the deal named")
    why: str = Field(description="why it is worth discussing")


class PlanItem(_Model):
    """A skill to develop, with the findings behind it, the evidence in figures and the moments
    to discuss. Items are ranked by their findings' place in the diagnosis."""

    rank: int
    skill: Skill
    findings: list[str] = Field(description="ids of the findings behind it")
    evidence: list[str] = Field(description="each finding in a sentence with its figures")
    moments: list[Moment] = Field(default_factory=list)


class CheckNote(_Model):
    """What one check said about the rep: judged (healthy), or why it could not."""

    check: str
    title: str
    status: Status
    text: str


class CoachingPlan(_Model):
    """The skills to develop, or why there are none: no skill gap in what could be judged, or
    too little data to judge (how much there is and how much is needed)."""

    status: PlanStatus
    text: str
    items: list[PlanItem] = Field(default_factory=list)
    closed_deals: int
    needed: int = Field(description="closed deals a rep needs before the review judges")
    judged_by: list[CheckNote] = Field(default_factory=list)
    not_judged: list[CheckNote] = Field(default_factory=list)
    without_skill: list[str] = Field(
        default_factory=list,
        description="ids of the rep's findings no skill stands for (a stage leak, a difference)",
    )


class RepCoaching(_Model):
    """One rep's coaching plan as the team's report shows it (`coaching.team`)."""

    rep: str
    name: str
    team: str | None
    plan: CoachingPlan


class Review(_Model):
    """One rep's review with a coaching plan."""

    schema_version: int = REVIEW_SCHEMA_VERSION
    as_of: str
    store: str
    filters: dict[str, str]
    currency: str | None
    ranked_by: Literal["money", "wins"]
    rep: str
    name: str
    team: str | None
    headline: str
    standing: Standing
    quotas: Quotas
    funnel: StageFunnel
    activity: ActivityVolume
    findings: list[ReviewFinding]
    plan: CoachingPlan

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)
