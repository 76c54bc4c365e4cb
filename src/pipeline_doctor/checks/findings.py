"""What a check reports: findings with metric, scope, evidence, money at stake and an action.

Pydantic models, so a finding round-trips through JSON unchanged (the diagnosis JSON schema
is built from them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["high", "medium", "low"]
ScopeKind = Literal["team", "rep", "deal", "segment"]
Status = Literal["findings", "ok", "skipped", "error"]
ID_ATTRIBUTES = ("stage", "signal")
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
    """Whom the finding is about: the team, one rep, one deal or one segment (`key` names it)."""

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


class Money(_Model):
    """Money at stake (in the store's main currency) and how it was estimated."""

    amount: float
    how: str


Cell = str | int | float | None
"""One value of a breakdown row (a label, a count, a rate, an amount, or unknown)."""


class Column(_Model):
    """One column of a breakdown: its key in the rows, a heading and a unit. A rate may name the
    columns holding its 95% interval (`low`, `high`)."""

    name: str
    label: str
    unit: Literal["text", "rate", "days", "count", "ratio", "amount"] = "count"
    low: str | None = None
    high: str | None = None


class Breakdown(_Model):
    """A small table behind a finding (a funnel per lead source, a share per quarter, the best
    referrers): what the report shows as a table, and as a chart where it knows `name`. A few
    dozen rows at most, never a whole table of records."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Cell]] = Field(default_factory=list)


class Finding(_Model):
    """One broken link found in the data."""

    check: str
    area: int
    severity: Severity
    title: str
    summary: str
    metric: Metric
    scope: Scope
    evidence: Evidence
    money: Money
    action: str
    breakdowns: list[Breakdown] = Field(
        default_factory=list,
        description="small tables behind the finding, e.g. conversion per lead source "
        "(optional: absent in older diagnoses)",
    )

    @property
    def id(self) -> str:
        key = self.scope.key or "team"
        extra = "".join(
            f"/{self.scope.attributes[a]}" for a in ID_ATTRIBUTES if a in self.scope.attributes
        )
        return f"{self.check}:{self.scope.kind}:{key}{extra}"


class CheckResult(_Model):
    """What running one check produced: findings, nothing ("ok"), a skip reason, or an error."""

    check: str
    area: int
    title: str
    status: Status
    reason: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    seconds: float = 0.0
