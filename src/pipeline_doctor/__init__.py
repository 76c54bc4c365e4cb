"""Pipeline Doctor: finds why a sales team can't close by tracing the symptom back through the
sales process in its CRM data."""

from pipeline_doctor.errors import PipelineDoctorError, SchemaViolation, StoreError

__version__ = "0.1.0"
__all__ = ["PipelineDoctorError", "SchemaViolation", "StoreError", "__version__"]
