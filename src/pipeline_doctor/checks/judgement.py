"""The two halves of the check contract and what flows between them.

`measure(ctx)` returns Ibis tables (a `Measurement`) without running a query; the runner runs
them and hands the small results (`Measured`) to `judge(measured, basis)`, which is pure: it
sees only those rows, its own parameters and the run's `Basis` (small facts computed once),
and returns a `Judgement`: findings, what was judged healthy and against what, what had too
little data, what could not be judged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pipeline_doctor.checks.findings import Impact, Severity, Status
from pipeline_doctor.facts.scope import DataScope

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Measurement:
    """Named Ibis tables to run, and plain notes fixed while building them (which parts of
    the check the store's data allows, thresholds read from the profile)."""

    tables: dict[str, Any]
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Measured:
    """The executed measurement: rows per table name, and the notes."""

    rows: dict[str, Rows]
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def main(self) -> Rows:
        return self.rows["main"]

    def __getitem__(self, name: str) -> Rows:
        return self.rows[name]


@dataclass
class Judgement:
    """What a judge concluded. Status: findings if any; else healthy if something was judged;
    else too little data if something fell short of its minimum; else skipped."""

    findings: list[Any] = field(default_factory=list)
    judged: list[str] = field(default_factory=list)
    too_little: list[str] = field(default_factory=list)
    not_judged: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def keep_strongest(self, findings: list[Any], most: int, setting: str) -> None:
        """Keep the first `most` of `findings` (strongest first) and say how many more were
        found, and the setting (`check.key`) that lists them all, as the user types it:
        nothing is dropped unsaid."""
        self.findings = findings[:most]
        more = len(findings) - len(self.findings)
        if more > 0:
            self.left_out.append(
                f"{more} more, weaker than these, not listed; to list them all, run with "
                f"--set {setting}={len(findings)}"
            )

    def healthy(self, statement: str) -> None:
        """Record a judged part: the measured value and the threshold it was judged against."""
        self.judged.append(statement)

    def little(self, statement: str) -> None:
        """Record a part below its minimum: how much there is and how much is needed."""
        self.too_little.append(statement)

    def cannot(self, statement: str) -> None:
        """Record a part the data does not allow (absent fields), in the user's words."""
        self.not_judged.append(statement)

    @property
    def status(self) -> Status:
        if self.findings:
            return "findings"
        if self.judged:
            return "healthy"
        if self.too_little:
            return "too_little_data"
        return "skipped"


@dataclass(frozen=True)
class Basis:
    """Small facts about the subject every judge may use, computed once per run."""

    scope: DataScope
    as_of: dt.datetime
    rep_names: dict[str, str]
    deals: int
    won: int
    lost: int
    open_deals: int
    open_amount: float
    won_amount: float
    money_known: bool
    """Whether deals carry amounts (at least half of the open deals, or of the won deals when
    nothing is open): money at stake is stated only then."""
    currency: str | None
    """The deals' one currency, "mixed" when several, None when unknown."""
    estimated_open: int = 0
    """Open deals whose amount the import estimated (a product's list price)."""

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def win_rate(self) -> float | None:
        return self.won / self.closed if self.closed else None

    @property
    def avg_won_amount(self) -> float:
        return self.won_amount / self.won if self.won else 0.0

    def rep_name(self, rep: str) -> str:
        return self.rep_names.get(rep, rep)

    @property
    def whose(self) -> str:
        """The subject as a possessive: "the team's", or the scope rep's "Dana Ruiz's"."""
        return f"{self.rep_name(self.scope.rep)}'s" if self.scope.rep else "the team's"

    @property
    def money_note(self) -> str | None:
        """Why no money is stated, or how it was estimated: said once in the diagnosis."""
        if self.money_known and self.estimated_open:
            return (
                f"Money at stake is estimated: {self.estimated_open:,} of the "
                f"{self.open_deals:,} open deals had no amount and are valued at their "
                "product's list price"
            )
        if self.money_known:
            return None
        if self.won_amount:
            return "Money at stake is unknown: your open deals carry no amounts"
        return "Money at stake is unknown: your deals carry no amounts"

    def impact(self, wins: float, money: float | None, how: str) -> Impact:
        """An impact whose money is dropped (None) when the deals carry no amounts."""
        wins = max(0.0, float(wins))
        if not self.money_known or money is None:
            why = "your open deals carry no amounts" if self.won_amount else "no amounts"
            return Impact(wins=wins, money=None, how=f"{how} (money unknown: {why})")
        return Impact(wins=wins, money=max(0.0, float(money)), how=how)

    def severity(self, impact: Impact) -> Severity:
        """High at 5% of the pipeline's scale or more, medium at 1%, else low."""
        if impact.money is not None:
            share = impact.money / max(self.open_amount, self.won_amount, 1.0)
        else:
            expected_open = self.open_deals * (self.win_rate or 0.0)
            share = impact.wins / max(expected_open, float(self.won), 1.0)
        return "high" if share >= 0.05 else "medium" if share >= 0.01 else "low"
