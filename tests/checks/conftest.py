"""A small hand-built org, built once per module and opened read-only by the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.store import Store
from tests.checks.smallorg import build_small_org
from tests.checks.talkorg import build_talk_org


@pytest.fixture(scope="module")
def small_org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Any]]]:
    path: Path = tmp_path_factory.mktemp("small") / "small.duckdb"
    with Store.open(path) as store:
        rows = build_small_org(store)
        yield store, rows


@pytest.fixture(scope="module")
def talk_org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Any]]]:
    """The hand-built org whose reps write emails, hold meetings and record calls, analysed."""
    from pipeline_doctor.conversations import refresh_analyses

    path: Path = tmp_path_factory.mktemp("talk") / "talk.duckdb"
    with Store.open(path) as store:
        rows = build_talk_org(store)
        refresh_analyses(store)
        yield store, rows
