"""The report opened in headless Chromium: no console errors, no network, everything shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline_doctor.views.report_html import render_report
from pipeline_doctor.views.screenshot import CHROMIUM_PATH, open_in_chromium
from tests.views.report_fixtures import HOSTILE, make_input

pytestmark = pytest.mark.browser


def require_chromium() -> None:
    if Path(CHROMIUM_PATH).exists():
        return
    reason = f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI must install it")
    pytest.skip(reason)


def test_report_renders_in_chromium_without_errors(tmp_path: Path) -> None:
    require_chromium()
    overview, diagnosis = make_input()
    page = tmp_path / "report.html"
    page.write_text(render_report(overview, diagnosis))
    seen = open_in_chromium(page, tmp_path / "report.png")
    assert seen.console_errors == []
    assert seen.page_errors == []  # the hostile text did not run
    assert seen.requests_outside == []
    assert diagnosis.headline in seen.text
    expected = {f"finding-{i}" for i in range(1, len(diagnosis.findings) + 1)}
    assert set(seen.visible_finding_ids) == expected
    assert HOSTILE in seen.text  # shown as text, literally
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_report_of_a_simulated_org_shows_headline_and_every_finding(tmp_path: Path) -> None:
    require_chromium()
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
    from pipeline_doctor.store import Store
    from pipeline_doctor.store.overview import overview

    with Store.open(tmp_path / "org.duckdb") as store:
        simulate_into(store, SimulationConfig(deals=2500, seed=11, plants=DEFAULT_PLANTS))
        diagnosis = run_diagnosis(store)
        html = render_report(overview(store), diagnosis)
    assert diagnosis.findings, "the planted org must produce findings"
    page = tmp_path / "report.html"
    page.write_text(html)
    seen = open_in_chromium(page)
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.requests_outside == []
    assert diagnosis.headline in seen.text
    expected = {f"finding-{i}" for i in range(1, len(diagnosis.findings) + 1)}
    assert set(seen.visible_finding_ids) == expected
