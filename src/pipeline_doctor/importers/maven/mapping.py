"""The shipped Maven mapping (mapping.toml next to this file)."""

from __future__ import annotations

from importlib import resources

from pipeline_doctor.importers.core.mapping import Mapping, mapping_from_dict


def maven_mapping() -> Mapping:
    import tomllib

    text = resources.files(__package__).joinpath("mapping.toml").read_text(encoding="utf-8")
    return mapping_from_dict(tomllib.loads(text))
