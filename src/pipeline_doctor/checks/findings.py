"""What a check reports: findings with metric, scope, evidence, impact and an action, and the
check's own result (a status that never says "healthy" of data it could not judge).

Pydantic models, so a finding round-trips through JSON unchanged (the diagnosis JSON schema
is built from them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["high", "medium", "low"]
ScopeKind = Literal["team", "rep", "segment"]
FindingKind = Literal["link", "driver"]
Status = Literal["findings", "healthy", "too_little_data", "skipped", "error"]
DealList = Literal["qualify_out", "review"]
ID_ATTRIBUTES = ("attribute", "value", "stage", "signal")
"""Scope attributes that distinguish two findings of one check about the same key."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Metric(_Model):
    """The measured figure next to its baseline, with a 95% interval where it is a rate."""

    name: str
    value: float
    baseline: float | None = None
    low: float | None = None
    high: float | None = None
    unit: Literal["rate", "days", "count", "ratio", "amount"] = "rate"
    baseline_label: str = ""


class Scope(_Model):
    """Whom the finding is about: the team, one rep or one segment (`key` names it)."""

    kind: ScopeKind
    key: str | None = None
    label: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)


class Evidence(_Model):
    """How many records are affected out of how many, and a small sample of their ids."""

    affected: int
    population: int
    record_kind: Literal["deal", "rep", "lead", "activity", "account", "segment"] = "deal"
    sample: list[str] = Field(default_factory=list)


class Impact(_Model):
    """What the finding puts at stake: expected wins, and money where deals carry amounts.

    `wins` is always known (affected deals × the win-rate gap); `money` is None when the
    deals in scope have no amounts, so no finding ever claims "0 at stake" for lack of them."""

    wins: float = Field(ge=0)
    money: float | None = Field(default=None, ge=0)
    how: str


class DealRef(_Model):
    """One deal inside a deal-list finding (zombies, stalled, past due, one-sided): enough to
    recognise it without opening the CRM."""

    id: str
    name: str | None = None
    account: str | None = None
    rep: str | None = None
    rep_name: str | None = None
    amount: float | None = None
    stage: str | None = None
    age_days: float | None = None
    last_touch: str | None = None
    note: str = Field("", description="why this deal is on the list, in a sentence")


class Quote(_Model):
    """A moment quoted from a rep's email or call, and why it counts: the evidence a manager
    reads before talking to the rep."""

    activity: str
    deal: str | None = None
    date: str | None = Field(None, description="the day of the email or call, YYYY-MM-DD")
    text: str
    why: str


Cell = str | int | float | None
"""One value of a breakdown row (a label, a count, a rate, an amount, or unknown)."""


class Column(_Model):
    """One column of a breakdown: its key in the rows, a heading and a unit. A rate may name the
    columns holding its 95% interval (`low`, `high`)."""

    name: str
    label: str
    unit: Literal["text", "rate", "points", "days", "count", "ratio", "amount"] = "count"
    low: str | None = None
    high: str | None = None


class Breakdown(_Model):
    """A small table behind a finding (a funnel per lead source, win rate per value of an
    attribute, the best referrers): what the report shows as a table, and as a chart where it
    knows `name`. A few dozen rows at most, never a whole table of records."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]] = Field(default_factory=list)


class Finding(_Model):
    """One broken link (`kind` "link") or one difference between won and lost deals (`kind`
    "driver") found in the data."""

    check: str
    area: int
    kind: FindingKind = "link"
    severity: Severity
    title: str
    summary: str
    metric: Metric
    scope: Scope
    evidence: Evidence
    impact: Impact
    action: str
    breakdowns: list[Breakdown] = Field(
        default_factory=list,
        description="small tables behind the finding, e.g. conversion per lead source",
    )
    deals: list[DealRef] = Field(
        default_factory=list, description="the deals a deal-list finding names, worst first"
    )
    quotes: list[Quote] = Field(
        default_factory=list,
        description="moments quoted from the emails and calls behind the finding",
    )
    deal_list: DealList | None = Field(
        None, description="qualify_out: deals to qualify in or out; review: deals to look at"
    )

    @property
    def id(self) -> str:
        key = self.scope.key or "team"
        extra = "".join(
            f"/{self.scope.attributes[a]}" for a in ID_ATTRIBUTES if a in self.scope.attributes
        )
        return f"{self.check}:{self.scope.kind}:{key}{extra}"


class CheckResult(_Model):
    """What running one check produced, with one of five statuses:

    - findings: something is wrong (or, for drivers, clearly different);
    - healthy: judged, and `judged` says what was measured against which threshold;
    - too_little_data: `reason` says how much there is and how much is needed;
    - skipped: `reason` names the absent data in the user's words;
    - error: the check failed (`reason`), which is a bug to report.
    `not_judged` lists the parts a partial judgement could not cover; `left_out` says how many
    findings beyond the check's limit were found and not listed."""

    check: str
    area: int
    title: str
    status: Status
    reason: str | None = None
    judged: list[str] = Field(default_factory=list)
    not_judged: list[str] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    deal_list: DealList | None = Field(None, description="the deal list the check fills, if any")
    seconds: float = 0.0
