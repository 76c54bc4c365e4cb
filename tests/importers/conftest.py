"""Fixtures for importer tests: the real data folders (skipped when absent, a failure when
PIPELINE_DOCTOR_REQUIRE_DATA=1) and a helper to write small input files."""

from __future__ import annotations

from pathlib import Path

import pytest

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
