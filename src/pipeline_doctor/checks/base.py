"""The check contract: a declared id, area, the data it needs and its parameters; `measure`
builds Ibis tables (portable to DuckDB, Postgres, Spark) without running them, `judge` turns
their small result into a `Judgement`. `run_check` adds the shared behaviour: skipped with the
absent data named, the queries run, the scope's rep enforced, timing, error capture."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import (
    Breakdown,
    CheckResult,
    DealList,
    DealRef,
    Evidence,
    Finding,
    FindingKind,
    Impact,
    Metric,
    Scope,
)
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import Skill
from pipeline_doctor.model.labels import absent_phrase

__all__ = ["AREAS", "Check", "CheckContext", "CheckResult", "Need", "run_check"]

AREAS: dict[int, str] = {
    0: "Won against lost",
    1: "Sourcing",
    2: "Ideal customer",
    3: "Qualification",
    4: "Preparation",
    5: "Discovery",
    6: "Next step",
    7: "Follow-up",
    8: "Pipeline hygiene",
    9: "Support",
    10: "Lost-deal learning",
    11: "Performance and skills",
}
"""The links of the sales process (DESIGN section 2); 0 holds what separates won from lost
deals across every attribute, which is no single link."""

Need = str | tuple[str, ...]
"""A table ("activities") or a provided column ("deals.lost_reason_category"); a tuple means
any one of them."""


class Check(BaseModel):
    """Base of every check. Subclasses set the class variables and may add parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    id: ClassVar[str]
    area: ClassVar[int]
    title: ClassVar[str]
    requires: ClassVar[tuple[Need, ...]]
    """What the check cannot run without (absent: skipped, with the data named)."""
    action: ClassVar[str]
    answers: ClassVar[tuple[str, ...]] = ()
    """The simulator's planted kinds (simulate.PLANT_KINDS) this check is meant to find."""
    deal_list: ClassVar[DealList | None] = None
    """Whether the check lists deals, and which list (qualify-out or review) they belong to."""
    covers: ClassVar[tuple[str, ...]] = ()
    """Deal attributes this check compares won against lost on, left out of `win_drivers`."""
    symptom: ClassVar[bool] = False
    """Whether the check's findings say where deals are lost rather than why (a rep's stage
    leak): the diagnosis never offers them as what explains a weakest link."""
    skill: ClassVar[Skill | None] = None
    """The skill a rep develops to fix what this check finds about them (`checks.skills`);
    None when its findings call for no one skill (differences between won and lost deals, a
    stage leak whose cause lies upstream). The coaching plan reads it."""

    min_samples: int = 20
    """Fewest records (deals, meetings, ...) behind a rate before it is judged."""

    def measure(self, ctx: CheckContext) -> Measurement | Any:
        """Ibis tables of the aggregated measurement (one table or a `Measurement`); no query
        may run here."""
        raise NotImplementedError

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        """Findings, or what was judged healthy, from the measurement (pure)."""
        raise NotImplementedError

    def skip_reason(self, ctx: CheckContext) -> str | None:
        """Why this check cannot run on this store (the absent data, in plain words), or None."""
        for need in self.requires:
            options = need if isinstance(need, tuple) else (need,)
            if not any(ctx.has(n) for n in options):
                return absent_phrase(*options)
        return None

    def finding(
        self,
        basis: Basis,
        *,
        title: str,
        summary: str,
        metric: Metric,
        scope: Scope,
        evidence: Evidence,
        impact: Impact,
        kind: FindingKind = "link",
        action: str | None = None,
        breakdowns: list[Breakdown] | None = None,
        deals: list[DealRef] | None = None,
    ) -> Finding:
        """A finding of this check; severity from its impact against the pipeline's scale."""
        return Finding(
            check=self.id,
            area=self.area,
            kind=kind,
            severity=basis.severity(impact),
            title=title,
            summary=summary,
            metric=metric,
            scope=scope,
            evidence=evidence,
            impact=impact,
            action=action or self.action,
            breakdowns=[b for b in breakdowns or [] if b.rows],
            deals=deals or [],
            deal_list=self.deal_list if deals else None,
        )


def execute(measurement: Measurement | Any) -> Measured:
    """Run the measurement's tables and return their rows."""
    if not isinstance(measurement, Measurement):
        measurement = Measurement({"main": measurement})
    rows = {name: t.to_pyarrow().to_pylist() for name, t in measurement.tables.items()}
    return Measured(rows, dict(measurement.notes))


def _in_scope(finding: Finding, rep: str | None) -> Finding | None:
    """The finding as the scope's rep sees it: about that rep, or its deals (None if neither)."""
    if rep is None:
        return finding
    if finding.scope.kind == "rep" and finding.scope.key != rep:
        return None
    if finding.deals:
        mine = [d for d in finding.deals if d.rep == rep]
        return finding.model_copy(update={"deals": mine}) if mine else None
    return finding


def run_check(check: Check, ctx: CheckContext, *, capture_errors: bool = True) -> CheckResult:
    """Run one check: skipped when its data is absent, otherwise measure, execute, judge."""
    started = time.perf_counter()
    base = CheckResult(
        check=check.id,
        area=check.area,
        title=check.title,
        status="skipped",
        deal_list=check.deal_list,
    )
    reason = check.skip_reason(ctx)
    if reason is not None:
        return base.model_copy(update={"reason": reason[:1].upper() + reason[1:] + "."})
    try:
        ctx.prepare()
        judgement = check.judge(execute(check.measure(ctx)), ctx.basis())
    except Exception as exc:
        if not capture_errors:
            raise
        return base.model_copy(
            update={
                "status": "error",
                "reason": f"{type(exc).__name__}: {exc}",
                "seconds": time.perf_counter() - started,
            }
        )
    kept = [f for f in (_in_scope(f, ctx.scope.rep) for f in judgement.findings) if f]
    judgement.findings = kept
    status = judgement.status
    reason = None
    if status == "too_little_data":
        reason = "; ".join(judgement.too_little)
    elif status == "skipped":
        reason = "; ".join(judgement.not_judged) or "Nothing in scope to judge."
    not_judged = [*judgement.not_judged, *judgement.too_little] if status in (
        "findings", "healthy") else []  # fmt: skip
    return base.model_copy(
        update={
            "status": status,
            "reason": reason,
            "judged": judgement.judged,
            "not_judged": not_judged,
            "left_out": judgement.left_out,
            "findings": sorted(kept, key=lambda f: (-_rank_value(f.impact), f.id)),
            "seconds": time.perf_counter() - started,
        }
    )


def _rank_value(impact: Impact) -> float:
    return impact.money if impact.money is not None else impact.wins
