"""Breakdowns (small tables behind a finding): they round-trip through JSON, older findings
without them still load, and the report shows each as a table and, where it has one, a chart
with a title and labelled axes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pipeline_doctor.checks.findings import Breakdown, Column, Finding
from pipeline_doctor.diagnosis import diagnosis_json_schema
from pipeline_doctor.views.charts import to_svg
from pipeline_doctor.views.finding_charts import BREAKDOWN_CHARTS, finding_charts
from pipeline_doctor.views.report_html import render_report
from tests.views.report_fixtures import HOSTILE, make_input

FUNNEL = Breakdown(
    name="source_funnel",
    title="Conversion by lead source",
    columns=[
        Column(name="source", label="Lead source", unit="text"),
        Column(name="leads", label="Leads"),
        Column(name="win_rate", label="Deal → won", unit="rate", low="win_rate_low",
               high="win_rate_high"),
        Column(name="lead_to_won", label="Lead → won", unit="rate", low="lead_to_won_low",
               high="lead_to_won_high"),
        Column(name="open_amount", label="Open amount", unit="amount"),
    ],
    rows=[
        {"source": "Referral", "leads": 120, "win_rate": 0.62, "win_rate_low": 0.51,
         "win_rate_high": 0.72, "lead_to_won": 0.4, "lead_to_won_low": 0.31,
         "lead_to_won_high": 0.49, "open_amount": 12500.0},
        {"source": "Cold " + HOSTILE, "leads": None, "win_rate": 0.08, "win_rate_low": 0.05,
         "win_rate_high": 0.12, "lead_to_won": None, "lead_to_won_low": None,
         "lead_to_won_high": None, "open_amount": 90000.0},
    ],
)  # fmt: skip
SHARE = Breakdown(
    name="referral_share_by_quarter",
    title="Referral share of new deals by quarter",
    columns=[
        Column(name="quarter", label="Quarter", unit="text"),
        Column(name="share", label="Referral share", unit="rate", low="share_low",
               high="share_high"),
    ],
    rows=[
        {"quarter": "2025 Q1", "share": 0.18, "share_low": 0.14, "share_high": 0.23},
        {"quarter": "2025 Q2", "share": 0.09, "share_low": 0.06, "share_high": 0.13},
    ],
)  # fmt: skip
REFERRERS = Breakdown(
    name="best_referring_reps",
    title="Reps whose referrals bring the most won deals",
    columns=[Column(name="name", label="Referrer", unit="text"), Column(name="won", label="Won")],
    rows=[{"name": "Ann", "won": 14}],
)


def _with_breakdowns(*breakdowns: Breakdown) -> tuple[Any, Any]:
    overview, diagnosis = make_input()
    findings = [
        f.model_copy(update={"breakdowns": list(breakdowns)}) if f.check == "source_mix" else f
        for f in diagnosis.findings
    ]
    return overview, diagnosis.model_copy(update={"findings": findings})


def _source_mix(diagnosis: Any) -> Finding:
    finding: Finding = next(f for f in diagnosis.findings if f.check == "source_mix")
    return finding


def test_breakdowns_round_trip_and_older_findings_still_load() -> None:
    _, diagnosis = _with_breakdowns(FUNNEL, SHARE)
    finding = _source_mix(diagnosis)
    again = Finding.model_validate_json(finding.model_dump_json())
    assert again == finding
    assert again.breakdowns[0].rows[0]["leads"] == 120
    assert isinstance(again.breakdowns[0].rows[0]["leads"], int)
    older = finding.model_dump(mode="json")
    del older["breakdowns"]
    assert Finding.model_validate(older).breakdowns == []
    schema = diagnosis_json_schema()
    assert "breakdowns" in schema["$defs"]["Finding"]["properties"]
    assert "breakdowns" not in schema["$defs"]["Finding"].get("required", [])


@pytest.mark.parametrize("breakdown", [FUNNEL, SHARE], ids=lambda b: b.name)
def test_each_breakdown_chart_has_a_title_and_labelled_axes(breakdown: Breakdown) -> None:
    _, diagnosis = _with_breakdowns(breakdown, REFERRERS)
    finding = _source_mix(diagnosis)
    specs = finding_charts(finding)
    assert len(specs) == 2  # the metric, then the breakdown; the referrers are a table only
    spec = specs[1]
    assert spec == BREAKDOWN_CHARTS[breakdown.name](breakdown, finding, None)
    assert breakdown.title in spec["title"]["text"]
    encodings = [spec.get("encoding", {})] + [layer["encoding"] for layer in spec["layer"]]
    titles = {
        ch: enc[ch]["title"] for enc in encodings for ch in ("x", "y") if "title" in enc.get(ch, {})
    }
    assert set(titles) == {"x", "y"}
    assert all(titles.values())
    assert "%" in (titles["x"] + titles["y"])  # the unit of the rates
    points = list(spec["data"]["values"])
    rated = [
        r
        for r in breakdown.rows
        for c in breakdown.columns
        if c.unit == "rate" and r[c.name] is not None
    ]
    assert len(points) == len(rated)
    svg = to_svg(spec)
    assert svg.startswith("<svg")
    first_label = str(breakdown.rows[0][breakdown.columns[0].name])
    assert first_label in svg


def test_report_shows_each_breakdown_as_a_table_and_its_chart() -> None:
    overview, diagnosis = _with_breakdowns(FUNNEL, SHARE, REFERRERS)
    html = render_report(overview, diagnosis)
    # source, stage, one per finding's card, and two breakdowns have charts
    assert html.count("<svg") == 2 + len(diagnosis.findings) + 2
    for b in (FUNNEL, SHARE, REFERRERS):
        assert f'data-breakdown="{b.name}"' in html
        assert f"<caption>{b.title}</caption>" in html
    table = html[html.index('data-breakdown="source_funnel"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert cells[:5] == [
        "Referral",
        "120",
        '62% <span class="interval">(51% to 72%)</span>',
        '40% <span class="interval">(31% to 49%)</span>',
        "12,500",
    ]
    assert cells[6] == "—"  # leads unknown
    assert HOSTILE not in html
    assert "Cold &lt;script&gt;" in table
