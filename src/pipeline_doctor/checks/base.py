"""The check contract: a declared id, area, required tables and parameters; `measure` builds an
Ibis table (portable to DuckDB, Postgres, Spark) and `judge` turns its small result into
findings. `run_check` adds the shared behaviour: skip with a reason, timing, error capture."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import (
    CheckResult,
    Evidence,
    Finding,
    Metric,
    Money,
    Scope,
    Severity,
)

__all__ = [
    "AREAS",
    "Check",
    "CheckContext",
    "CheckResult",
    "Evidence",
    "Finding",
    "Metric",
    "Money",
    "Scope",
    "run_check",
]

AREAS: dict[int, str] = {
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

_TABLE_HINTS: dict[str, str] = {
    "deals": "import your opportunities to diagnose anything",
    "activities": "import calls, emails and meetings to check follow-up and activity",
    "stage_changes": "import the opportunity stage history to check stage timing",
    "field_changes": "import the opportunity field history to see close-date pushes",
    "accounts": "import accounts to compare segments",
    "contacts": "import contacts to see who is involved in deals",
    "leads": "import leads to see where pipeline comes from",
    "stages": "import the pipeline's stages",
    "reps": "import users (reps) to compare reps",
}


class Check(BaseModel):
    """Base of every check. Subclasses set the class variables and may add parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    id: ClassVar[str]
    area: ClassVar[int]
    title: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    action: ClassVar[str]

    min_samples: int = 20
    """Fewest records (deals, meetings, ...) behind a rate before it is judged."""

    def measure(self, ctx: CheckContext) -> Any:
        """An Ibis table of the aggregated measurement."""
        raise NotImplementedError

    def judge(self, measured: Any, ctx: CheckContext) -> list[Finding]:
        """Turn the measurement into findings (thresholds, baselines, intervals)."""
        raise NotImplementedError

    def skip_reason(self, ctx: CheckContext) -> str | None:
        """Why this check cannot run on this store, or None."""
        for name in self.requires:
            if ctx.count(name) == 0:
                hint = _TABLE_HINTS.get(name, f"import {name}")
                return f"{name} not imported: {hint}"
        return None

    def finding(
        self,
        ctx: CheckContext,
        *,
        title: str,
        summary: str,
        metric: Metric,
        scope: Scope,
        evidence: Evidence,
        money: Money,
        action: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this check; severity from money at stake unless given."""
        return Finding(
            check=self.id,
            area=self.area,
            severity=severity or ctx.severity(money.amount),
            title=title,
            summary=summary,
            metric=metric,
            scope=scope,
            evidence=evidence,
            money=money,
            action=action or self.action,
        )


def run_check(check: Check, ctx: CheckContext, *, capture_errors: bool = True) -> CheckResult:
    """Run one check: skipped when its tables are empty, otherwise measure then judge."""
    started = time.perf_counter()
    base = CheckResult(check=check.id, area=check.area, title=check.title, status="ok")
    reason = check.skip_reason(ctx)
    if reason is not None:
        return base.model_copy(update={"status": "skipped", "reason": reason})
    try:
        findings = check.judge(check.measure(ctx), ctx)
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
    findings = sorted(findings, key=lambda f: (-f.money.amount, f.id))
    return base.model_copy(
        update={
            "status": "findings" if findings else "ok",
            "findings": findings,
            "seconds": time.perf_counter() - started,
        }
    )
