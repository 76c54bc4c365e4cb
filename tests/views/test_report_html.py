"""The HTML report is self-contained, escapes CRM text and shows every finding."""

from __future__ import annotations

import re

from pipeline_doctor.views.report_html import render_report
from tests.views.report_fixtures import HOSTILE, make_input


def test_report_is_self_contained_and_escapes_crm_text() -> None:
    html = render_report(*make_input())
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    # nothing is fetched: no external scripts, stylesheets, images or fonts
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html


def test_report_shows_headline_every_finding_and_the_qualify_out_list() -> None:
    overview, diagnosis = make_input()
    html = render_report(overview, diagnosis)
    assert diagnosis.headline in html
    ranked = sorted(diagnosis.findings, key=lambda f: -f.money.amount)
    for i, finding in enumerate(ranked, start=1):
        assert f'id="finding-{i}" data-check="{finding.check}"' in html
    cards = sum(f.scope.kind != "deal" for f in diagnosis.findings)
    assert html.count("<svg") == 2 + cards  # source, stage, one per team/rep/segment finding
    qualify = html[html.index('id="qualify-out"') :]
    assert "D0000007 Acme" in qualify
    assert "D0000009" not in qualify  # one-sided deals are listed under their own check
    assert "contacts not imported" in html
    assert "50,000 at stake" in html
    assert "Discovery: 30% vs 60%" in html
    cards_in_money_order = [f.check for f in ranked if f.scope.kind != "deal"]
    positions = [html.index(f'data-check="{check}"') for check in cards_in_money_order]
    assert cards_in_money_order == ["source_mix", "missing_next_step"]
    assert positions == sorted(positions)
