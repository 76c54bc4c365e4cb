"""The small hand-built org, built once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline_doctor.store import Store
from tests.checks.smallorg import build_small_org


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("small") / "small.duckdb"
    with Store.open(path) as store:
        build_small_org(store)
    return path


@pytest.fixture
def small_store(small_db: Path) -> Iterator[Store]:
    with Store.open(small_db) as store:
        yield store
