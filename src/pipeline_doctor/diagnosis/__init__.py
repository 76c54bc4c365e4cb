"""The diagnosis: run the checks, rank findings by what they put at stake, find each rep's weakest
link and the upstream findings that explain it."""

from pipeline_doctor.diagnosis.result import (
    DIAGNOSIS_SCHEMA_VERSION,
    CheckSummary,
    Diagnosis,
    NotChecked,
    RankedFinding,
    RepDiagnosis,
    TeamDiagnosis,
    WeakestLink,
    diagnosis_json_schema,
)
from pipeline_doctor.diagnosis.run import run_diagnosis

__all__ = [
    "DIAGNOSIS_SCHEMA_VERSION",
    "CheckSummary",
    "Diagnosis",
    "NotChecked",
    "RankedFinding",
    "RepDiagnosis",
    "TeamDiagnosis",
    "WeakestLink",
    "diagnosis_json_schema",
    "run_diagnosis",
]
