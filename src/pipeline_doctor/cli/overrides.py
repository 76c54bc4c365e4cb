"""Check parameters from the command line: a TOML file (`--config`) and `--set` pairs."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pipeline_doctor.errors import PipelineDoctorError


def parse_overrides(config: Path | None, settings: list[str] | None) -> dict[str, dict[str, Any]]:
    """Check parameters from a TOML file ([check_id] tables, or [checks.check_id]) and from
    `--set check_id.param=value` (value read as JSON when it parses, else as text)."""
    overrides: dict[str, dict[str, Any]] = {}
    if config is not None:
        try:
            data = tomllib.loads(config.read_text())
        except FileNotFoundError:
            raise PipelineDoctorError(f"The config file {config} does not exist.") from None
        except tomllib.TOMLDecodeError as exc:
            raise PipelineDoctorError(
                f"The config file {config} is not valid TOML: {exc}."
            ) from None
        tables = data.get("checks", data)
        for check_id, params in tables.items():
            if not isinstance(params, dict):
                raise PipelineDoctorError(
                    f"In {config}, {check_id} should be a table such as [{check_id}]."
                )
            overrides.setdefault(check_id, {}).update(params)
    for item in settings or []:
        key, sep, raw = item.partition("=")
        check_id, dot, param = key.strip().partition(".")
        if not sep or not dot or not check_id or not param:
            raise PipelineDoctorError(
                f"--set {item!r} is not of the form check_id.parameter=value.",
                "Example: --set stalled_deals.factor=3",
            )
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        overrides.setdefault(check_id, {})[param] = value
    return overrides
