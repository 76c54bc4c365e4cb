"""The HTML report is self-contained, escapes CRM text and shows every finding in rank order,
deal lists inside their finding's card and the qualify-out list."""

from __future__ import annotations

import re

from pipeline_doctor.views.report_html import render_report
from tests.views.report_fixtures import HOSTILE, make_findings, make_input


def _card(html: str, check: str) -> str:
    (card,) = re.findall(rf'<article class="finding"[^>]*data-check="{check}">.*?</article>', html,
                         re.S)  # fmt: skip
    return str(card)


def _section(html: str, section: str) -> str:
    start = html.index(f'<section id="{section}">')
    return html[start : html.index("</section>", start)]


def test_report_is_self_contained_and_escapes_crm_text() -> None:
    html = render_report(*make_input())
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    # nothing is fetched: no external scripts, stylesheets, images or fonts
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html


def test_report_shows_headline_and_every_finding_as_a_card_in_rank_order() -> None:
    overview, diagnosis = make_input()
    html = render_report(overview, diagnosis)
    assert diagnosis.headline in html
    # links by money at stake, then the won-against-lost difference, though it is worth more
    assert [c.check for c in diagnosis.causes] == [
        "source_mix", "missing_next_step", "zombie_deals", "one_sided_correspondence",
        "win_drivers",
    ]  # fmt: skip
    for c in diagnosis.causes:
        assert f'id="finding-{c.rank}" data-check="{c.check}"' in html
        assert f"<h3>{c.rank}. {c.title}</h3>" in html
    positions = [html.index(f'data-check="{c.check}"') for c in diagnosis.causes]
    assert positions == sorted(positions)
    assert html.count('<article class="finding"') == len(diagnosis.findings)
    assert html.count("<svg") == 2 + len(diagnosis.findings)  # source, stage, one per card
    assert "broken link" in _card(html, "source_mix")
    assert "won against lost" in _card(html, "win_drivers")
    assert "At stake: 50,000 (about 4.0 wins)" in _card(html, "missing_next_step")
    assert "Discovery: 30% move on, against 60%" in _section(html, "reps")
    assert "contacts not imported" in html
    assert "Preparation" in _section(html, "checks")


def test_evidence_counts_name_their_records_in_the_plural() -> None:
    html = render_report(*make_input())
    assert "Evidence: 40 of 50 deals." in _card(html, "source_mix")
    assert "Evidence: 40 of 50 activities." in _card(html, "missing_next_step")


def test_one_finding_is_called_one_finding() -> None:
    html = render_report(*make_input(make_findings()[:1]))
    assert "<h2>1 finding, ranked by" in html


def test_deal_lists_sit_in_their_cards_and_qualify_out_deals_are_listed_together() -> None:
    html = render_report(*make_input())
    zombies = _card(html, "zombie_deals")
    assert zombies.count("<tr><td>") == 2
    assert "Acme expansion" in zombies
    assert "Acme &lt;script&gt;" in zombies
    assert "open 410 days; close date pushed 4 times" in zombies
    assert "12,000" in zombies
    assert "2025-03-02" in zombies
    silent = _card(html, "one_sided_correspondence")
    assert "Initech renewal" in silent
    assert "D0000009" in silent
    qualify = _section(html, "qualify-out")
    assert "Acme expansion" in qualify
    assert "D0000008" in qualify
    assert "D0000009" not in qualify  # one-sided deals are for review, not qualifying out


def test_without_deals_to_qualify_out_the_section_says_what_was_judged() -> None:
    findings = [f for f in make_findings() if f.deal_list != "qualify_out"]
    html = render_report(*make_input(findings))
    qualify = _section(html, "qualify-out")
    assert "<table" not in qualify
    assert (
        "Zombie deals to qualify out: no open deal is older than 144 days with signs of being dead."
        in qualify
    )


def test_a_long_deal_list_shows_its_worst_ten_and_folds_the_rest() -> None:
    findings = make_findings()
    zombie = next(f for f in findings if f.check == "zombie_deals")
    many = [zombie.deals[0].model_copy(update={"id": f"D{i:07d}", "name": f"Deal {i}"})
            for i in range(25)]  # fmt: skip
    findings = [f.model_copy(update={"deals": many}) if f is zombie else f for f in findings]
    card = _card(render_report(*make_input(findings)), "zombie_deals")
    shown, _, folded = card.partition("<details")
    assert shown.count("<tr><td>") == 10
    assert ">Deal 9 <" in shown
    assert ">Deal 10 <" not in shown
    assert "15 more deals</summary>" in folded
    assert folded.count("<tr><td>") == 15


def test_quoted_moments_sit_in_their_card_escaped_with_why_and_where() -> None:
    from pipeline_doctor.checks.findings import Quote

    findings = make_findings()
    quote = Quote(
        activity="X0001", deal="D0000001", date="2026-03-02", text="Our " + HOSTILE,
        why="about us: our",
    )  # fmt: skip
    findings[0] = findings[0].model_copy(update={"quotes": [quote]})
    html = render_report(*make_input(findings))
    card = _card(html, findings[0].check)
    (block,) = re.findall(r'<blockquote data-activity="X0001">.*?</blockquote>', card, re.S)
    assert "“Our &lt;script&gt;" in block
    assert "about us: our, 2026-03-02, deal D0000001" in " ".join(block.split())
    assert HOSTILE not in html
    assert html.count("<blockquote") == 1
