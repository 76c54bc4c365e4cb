"""Fixtures for importer tests: the real data folders (skipped when absent, a failure when
PIPELINE_DOCTOR_REQUIRE_DATA=1) and a helper to write small input files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.importers.core import direct
from tests.conftest import require_shared_data


def real_data(folder: str) -> Path:
    """A folder of ../shared/data (or $PIPELINE_DOCTOR_DATA), or skip/fail with the reason."""
    return require_shared_data(folder)


@pytest.fixture
def maven_dir() -> Path:
    return real_data("maven-crm")


@pytest.fixture
def salesforce_dir() -> Path:
    return real_data("salesforce-de-sample-export")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` exactly (no newline translation) in `encoding`."""
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def fast_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the fast path loads (appended as they load)."""
    loaded: list[str] = []
    load = direct.load

    def spy(file: direct.DirectFile, *args: Any, **kwargs: Any) -> direct.DirectLoad | None:
        result = load(file, *args, **kwargs)
        if result is not None:
            loaded.append(file.name)
        return result

    monkeypatch.setattr(direct, "load", spy)
    return loaded
