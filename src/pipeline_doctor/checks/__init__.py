"""The catalogue of broken-link checks: each measures (Ibis) and judges (findings)."""

from pipeline_doctor.checks.base import AREAS, Check, run_check
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import CheckResult, Evidence, Finding, Metric, Money, Scope
from pipeline_doctor.checks.registry import BUILTIN_CHECKS, build_registry

__all__ = [
    "AREAS",
    "BUILTIN_CHECKS",
    "Check",
    "CheckContext",
    "CheckResult",
    "Evidence",
    "Finding",
    "Metric",
    "Money",
    "Scope",
    "build_registry",
    "run_check",
]
