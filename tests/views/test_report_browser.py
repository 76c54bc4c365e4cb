"""The report opened in headless Chromium: no console errors, no network, everything shown."""

from __future__ import annotations

import os
from html.parser import HTMLParser
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
    from pipeline_doctor.casework.story import qualify_out_emails
    from pipeline_doctor.coaching import team_coaching
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
    from pipeline_doctor.store import Store
    from pipeline_doctor.store.overview import overview

    with Store.open(tmp_path / "org.duckdb") as store:
        simulate_into(store, SimulationConfig(deals=2500, seed=11, plants=DEFAULT_PLANTS))
        diagnosis = run_diagnosis(store)
        emails = qualify_out_emails(store, diagnosis)
        coaching = team_coaching(diagnosis)
        html = render_report(overview(store), diagnosis, emails=emails, coaching=coaching)
    assert diagnosis.findings, "the planted org must produce findings"
    assert emails, "the planted zombies and stalled deals are on the qualify-out list"
    ids, links = _anchors(html)
    assert links, "the deal tables link to the emails"
    assert links <= ids, f"links to nothing: {sorted(links - ids)[:5]}"
    listed = {d.id for f in diagnosis.findings if f.deal_list == "qualify_out" for d in f.deals}
    assert {e.deal for e in emails} == listed
    assert {f"deal-{i}" for i in range(1, len(emails) + 1)} <= links
    # a coaching plan for every rep with a finding whose check declares a skill, linked
    assert coaching, "the planted reps have findings"
    assert {f"rep-{i}" for i in range(1, len(coaching) + 1)} <= links
    assert all(c.plan.items for c in coaching)
    page = tmp_path / "report.html"
    page.write_text(html)
    seen = open_in_chromium(page)
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.requests_outside == []
    assert diagnosis.headline in seen.text
    expected = {f"finding-{i}" for i in range(1, len(diagnosis.findings) + 1)}
    assert set(seen.visible_finding_ids) == expected
    assert seen.text.count("Subject: Should I close this out?") == len(emails)
    for c in coaching:
        assert c.plan.items[0].skill.name in seen.text


def _anchors(html: str) -> tuple[set[str], set[str]]:
    """Every element id in the page, and every in-page link target (href="#...")."""

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: set[str] = set()
            self.links: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name == "id" and value:
                    self.ids.add(value)
                if name == "href" and value and value.startswith("#"):
                    self.links.add(value[1:])

    parser = Collect()
    parser.feed(html)
    return parser.ids, parser.links
