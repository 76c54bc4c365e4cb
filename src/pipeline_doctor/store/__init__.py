"""Opening the store: canonical tables behind an Ibis backend (DuckDB file by default)."""

from pipeline_doctor.store.store import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "Store"]
