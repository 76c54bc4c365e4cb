"""The shipped Hubspot mapping (mapping.toml next to this file)."""

from __future__ import annotations

from pipeline_doctor.importers.core.folder import shipped_mapping
from pipeline_doctor.importers.core.mapping import Mapping


def hubspot_mapping() -> Mapping:
    return shipped_mapping(__package__ or "pipeline_doctor.importers.hubspot")
