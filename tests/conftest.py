"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline_doctor.store import Store

settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
"""No per-example deadline: speed is measured by benchmarks, never asserted in a test (a shared,
loaded machine made property tests fail on time alone)."""

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """Where the real data sets live: $PIPELINE_DOCTOR_DATA or ../shared/data."""
    configured = os.environ.get("PIPELINE_DOCTOR_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def require_shared_data(folder: str) -> Path:
    """The real data folder, or a skip (a failure when PIPELINE_DOCTOR_REQUIRE_DATA=1)."""
    path = shared_data_dir() / folder
    if path.is_dir():
        return path
    reason = f"real data {path} is absent (set PIPELINE_DOCTOR_DATA to the shared data folder)"
    if os.environ.get("PIPELINE_DOCTOR_REQUIRE_DATA") == "1":
        pytest.fail(reason + "; PIPELINE_DOCTOR_REQUIRE_DATA=1 makes this a failure")
    pytest.skip(reason)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty store in a temporary DuckDB file."""
    with Store.open(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt during the test, as in a command run from a terminal;
    the handler is put back after the test."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def press_ctrl_c(*_args: object) -> None:
    """Send this process SIGINT, as Ctrl-C does (usable in place of any function)."""
    os.kill(os.getpid(), signal.SIGINT)
