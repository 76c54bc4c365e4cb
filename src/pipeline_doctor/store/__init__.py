"""Opening the store: canonical tables behind an Ibis backend (DuckDB file by default), and
building its next version aside so that an interrupted command leaves it as it was."""

from pipeline_doctor.store.store import DEFAULT_DB, Store
from pipeline_doctor.store.swap import new_version

__all__ = ["DEFAULT_DB", "Store", "new_version"]
