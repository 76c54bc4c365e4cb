"""The catalogue of checks: each measures (Ibis) and judges (findings, or what it judged)."""

from pipeline_doctor.checks.base import AREAS, Check, run_check
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import (
    CheckResult,
    DealRef,
    Evidence,
    Finding,
    Impact,
    Metric,
    Quote,
    Scope,
)
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.registry import BUILTIN_CHECKS, build_registry

__all__ = [
    "AREAS",
    "BUILTIN_CHECKS",
    "Basis",
    "Check",
    "CheckContext",
    "CheckResult",
    "DealRef",
    "Evidence",
    "Finding",
    "Impact",
    "Judgement",
    "Measured",
    "Measurement",
    "Metric",
    "Quote",
    "Scope",
    "build_registry",
    "run_check",
]
