"""The canonical sales data model (one definition, versioned) and its validation."""

from pipeline_doctor.model.schema import SCHEMA_VERSION, TABLES, Column, Table, table

__all__ = ["SCHEMA_VERSION", "TABLES", "Column", "Table", "table"]
