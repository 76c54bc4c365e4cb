"""Charts people can read: every chart the report can draw is rendered and its SVG measured.
Text is 11 px or more, the chart fills the report's column, it has a title, amounts name their
currency, rates say how many they are of, source values are in a manager's words, and no chart
is drawn with fewer than two bars or points."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.checks.findings import Breakdown, Column, Finding, Scope
from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.diagnosis.result import Period, Trend
from pipeline_doctor.model.labels import SOURCE_LABELS
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store
from pipeline_doctor.store.overview import Overview, PipelineSlice, overview
from pipeline_doctor.views.charts import Spec, to_svg
from pipeline_doctor.views.finding_charts import (
    BREAKDOWN_CHARTS,
    breakdown_charts,
    finding_charts,
    metric_chart,
    open_pipeline_by_stage_chart,
    win_rate_by_source_chart,
)
from pipeline_doctor.views.trend_charts import (
    pipeline_created_chart,
    trend_charts,
    win_rate_trend_chart,
)
from tests.views.report_fixtures import HOSTILE, make_finding, make_input

SMALLEST_TEXT = 11.0
COLUMN = (900, 984)
"""The report's content column is 984 px wide: a chart narrower than 900 px wastes it, a wider
one is scaled down (and its text with it)."""
SVG = "{http://www.w3.org/2000/svg}"


def _period(label: str, won: int, lost: int, *, partial: bool = False) -> Period:
    closed = won + lost
    rate = won / closed if closed else None
    return Period(
        label=label,
        start="2026-01-01",
        end="2026-04-01",
        partial=partial,
        created=won + lost + 7,
        created_amount=(won + lost + 7) * 1_000.0,
        won=won,
        lost=lost,
        win_rate=rate,
        low=None if rate is None else max(0.0, rate - 0.1),
        high=None if rate is None else min(1.0, rate + 0.1),
    )


TREND = Trend(
    grain="quarter",
    periods=[
        _period("2025 Q4", 30, 50),
        _period("2026 Q1", 0, 0),  # nothing closed: no point
        _period("2026 Q2", 45, 40),
        _period("2026 Q3 (so far)", 5, 9, partial=True),
    ],
)
SHARE = Breakdown(
    name="referral_share_by_quarter",
    title="Referral share of new deals by quarter",
    columns=[
        Column(name="quarter", label="Quarter", unit="text"),
        Column(name="deals", label="New deals"),
        Column(name="share", label="Referral share", unit="rate", low="share_low",
               high="share_high"),
    ],
    rows=[
        {"quarter": "2025 Q1", "deals": 120, "share": 0.18, "share_low": 0.12, "share_high": 0.26},
        {"quarter": "2025 Q2", "deals": 140, "share": 0.09, "share_low": 0.05, "share_high": 0.15},
        {"quarter": "2025 Q3", "deals": 90, "share": 0.07, "share_low": 0.03, "share_high": 0.14},
    ],
)  # fmt: skip


def _with(finding: Finding, **metric: Any) -> Finding:
    return finding.model_copy(update={"metric": finding.metric.model_copy(update=metric)})


def hand_made_findings() -> list[Finding]:
    """Metrics in each unit, a breakdown the small org may not produce, hostile CRM text."""
    base = make_finding("missing_next_step", Scope(kind="rep", key="R1", label="Ann"), 10_000.0)
    return [
        _with(base, name="open amount per deal", unit="amount", value=12_000.0, baseline=30_000.0,
              low=None, high=None),
        _with(base, name="days in stage", unit="days", value=80.0, baseline=30.0, low=60.0,
              high=95.0),
        base.model_copy(update={"breakdowns": [SHARE], "scope": Scope(kind="rep", key="R2",
                                                                       label="Bo " + HOSTILE)}),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Overview, Diagnosis]]:
    path: Path = tmp_path_factory.mktemp("charts") / "org.duckdb"
    with Store.open(path) as store:
        simulate_into(store, SimulationConfig(deals=800, seed=3, plants=DEFAULT_PLANTS))
        yield overview(store), run_diagnosis(store)


def every_chart(org: tuple[Overview, Diagnosis]) -> list[tuple[str, Spec]]:
    """Every chart the report can draw for the org, and for the hand-made findings and trend."""
    view, dx = org
    charts: list[tuple[str, Spec | None]] = [
        ("win rate by source", win_rate_by_source_chart(view)),
        ("open pipeline by stage", open_pipeline_by_stage_chart(view, dx.currency)),
    ]
    for f in [*dx.findings, *hand_made_findings()]:
        charts += [(f"{f.id} metric", metric_chart(f, dx.currency))]
        drawable = [b for b in f.breakdowns if b.name in BREAKDOWN_CHARTS]
        drawn = [(b.name, BREAKDOWN_CHARTS[b.name](b, f, dx.currency)) for b in drawable]
        assert [s for _, s in drawn if s] == breakdown_charts(f, dx.currency)
        charts += drawn
    for trend in (dx.trend, TREND):
        charts += [("trend", s) for s in trend_charts(trend, dx.currency)]
    return [(name, spec) for name, spec in charts if spec is not None]


@pytest.fixture(scope="module")
def rendered(org: tuple[Overview, Diagnosis]) -> list[tuple[str, Spec, ET.Element]]:
    return [(name, spec, ET.fromstring(to_svg(spec))) for name, spec in every_chart(org)]


def font_sizes(svg: ET.Element) -> list[tuple[str, float | None]]:
    """Every text of an SVG with the font size it is drawn at (its own or inherited, from a
    font-size attribute or a style)."""
    found: list[tuple[str, float | None]] = []

    def walk(element: ET.Element, size: float | None) -> None:
        own = element.get("font-size")
        styled = re.search(r"font-size:\s*([\d.]+)px", element.get("style", ""))
        if own:
            size = float(own.removesuffix("px"))
        if styled:
            size = float(styled.group(1))
        if element.tag == f"{SVG}text":
            found.append(("".join(element.itertext()), size))
        for child in element:
            walk(child, size)

    walk(svg, None)
    return found


def marks(svg: ET.Element, kind: str) -> list[ET.Element]:
    """The drawn items of every `kind` mark (rect, symbol, rule) of the data, not of axes or
    legends."""
    wanted = {f"mark-{kind}", "role-mark"}
    groups = [g for g in svg.iter(f"{SVG}g") if wanted <= set(g.get("class", "").split())]
    return [item for g in groups for item in g]


def texts(svg: ET.Element) -> str:
    return " | ".join(text for text, _ in font_sizes(svg))


def test_every_kind_of_chart_is_drawn(org: tuple[Overview, Diagnosis]) -> None:
    _, dx = org
    drawn = [name for name, _ in every_chart(org)]
    kinds = {"win rate by source", "open pipeline by stage", "trend", *BREAKDOWN_CHARTS}
    assert kinds <= set(drawn)  # each breakdown's chart drawn at least once
    assert drawn.count("trend") == 4  # win rate and pipeline created, of both trends
    metrics = [n for n in drawn if n.endswith(" metric")]
    with_baseline = [f for f in [*dx.findings, *hand_made_findings()] if f.metric.baseline]
    assert len(metrics) == len(with_baseline) >= 10


def test_every_text_is_readable_and_the_chart_fills_the_column(
    rendered: list[tuple[str, Spec, ET.Element]],
) -> None:
    for name, _, svg in rendered:
        sizes = font_sizes(svg)
        assert len(sizes) >= 5, name  # title, axis titles, labels, figures
        small = [(text, size) for text, size in sizes if size is None or size < SMALLEST_TEXT]
        assert small == [], name
        assert COLUMN[0] <= float(svg.get("width", 0)) <= COLUMN[1], name


def test_every_chart_has_a_title_and_labelled_axes(
    rendered: list[tuple[str, Spec, ET.Element]],
) -> None:
    for name, spec, svg in rendered:
        title = spec["title"]["text"]
        first_line = title if isinstance(title, str) else title[0]
        assert first_line.strip(), name
        shown = texts(svg)
        assert first_line.split("<")[0][:30] in shown, name
        axis_titles = [
            svg_group.get("aria-label", "")
            for svg_group in svg.iter(f"{SVG}g")
            if "axis titled" in svg_group.get("aria-label", "")
        ]
        assert len(axis_titles) >= 1, name
        # the value axis names its unit
        assert any(re.search(r"\((%|USD|days|×|count|amount|mixed currencies)", t)
                   for t in axis_titles), (name, axis_titles)  # fmt: skip


def _drawn_values(spec: Spec) -> list[Any]:
    return [r["value"] for r in spec["data"]["values"] if r.get("value") is not None]


def test_no_chart_has_fewer_than_two_bars_or_points(
    rendered: list[tuple[str, Spec, ET.Element]],
) -> None:
    for name, spec, svg in rendered:
        assert len(_drawn_values(spec)) >= 2, name
        assert len(marks(svg, "rect") + marks(svg, "symbol")) >= 2, name


def test_one_point_gives_no_chart() -> None:
    overview, dx = make_input()
    finding = dx.findings[0]
    assert metric_chart(_with(finding, baseline=None)) is None
    one_row = SHARE.model_copy(update={"rows": SHARE.rows[:1]})
    assert breakdown_charts(finding.model_copy(update={"breakdowns": [one_row]})) == []
    assert finding_charts(_with(finding, baseline=None)) == []
    short = TREND.model_copy(update={"periods": TREND.periods[:1]})
    assert win_rate_trend_chart(short) is None
    assert pipeline_created_chart(short, "USD") is None
    # two periods, but only one with closed deals: one point is no chart
    assert win_rate_trend_chart(TREND.model_copy(update={"periods": TREND.periods[:2]})) is None
    assert trend_charts(None) == []
    lonely = Overview(
        url="x", schema_version=2, rows={}, won=1, lost=1, open_deals=1,
        by_source=[PipelineSlice("referral", 1, 10.0, 1, 1)],
        by_stage=[PipelineSlice("Proposal", 1, 10.0, 0, 0), PipelineSlice("Won", 0, 0.0, 1, 0)],
    )  # fmt: skip
    assert win_rate_by_source_chart(lonely) is None
    assert open_pipeline_by_stage_chart(lonely) is None
    assert win_rate_by_source_chart(overview) is not None


@pytest.mark.parametrize(
    ("currency", "unit"),
    [("EUR", "(EUR)"), ("mixed", "(mixed currencies)"), (None, "(amount)")],
)
def test_money_axes_name_the_currency(currency: str | None, unit: str) -> None:
    overview, _ = make_input()
    amount_metric = hand_made_findings()[0]
    specs = [
        open_pipeline_by_stage_chart(overview, currency),
        pipeline_created_chart(TREND, currency),
        metric_chart(amount_metric, currency),
    ]
    for spec in specs:
        assert spec is not None
        svg = ET.fromstring(to_svg(spec))
        titles = [g.get("aria-label", "") for g in svg.iter(f"{SVG}g")]
        value_axis = [t for t in titles if "axis titled" in t and "linear scale" in t]
        assert len(value_axis) == 1
        assert unit in value_axis[0]
        if currency == "EUR":  # the figures beside the bars too
            assert re.search(r"\d EUR\b", texts(svg))


def test_no_amounts_counts_deals() -> None:
    trend = TREND.model_copy(
        update={"periods": [p.model_copy(update={"created_amount": None}) for p in TREND.periods]}
    )
    spec = pipeline_created_chart(trend, "USD")
    assert spec is not None
    assert _drawn_values(spec) == [p.created for p in trend.periods]
    shown = texts(ET.fromstring(to_svg(spec)))
    assert "New deals (count)" in shown
    assert "USD" not in shown


def test_rates_say_how_many_they_are_of(org: tuple[Overview, Diagnosis]) -> None:
    view, dx = org
    drivers = [f for f in dx.findings if f.kind == "driver"]
    assert drivers
    for f in drivers:  # the segment's closed deals against the rest of them
        spec = metric_chart(f, dx.currency)
        assert spec is not None
        value, baseline = (r["text"] for r in spec["data"]["values"])
        rest = f.evidence.population - f.evidence.affected
        assert value == f"{round(100 * f.metric.value)}% of {f.evidence.affected:,} closed deals"
        assert baseline.endswith(f"% of {rest:,} closed deals")
    spec = win_rate_by_source_chart(view)
    assert spec is not None
    shown = texts(ET.fromstring(to_svg(spec)))
    for s in view.by_source:
        if s.won + s.lost:
            rate = round(100 * s.won / (s.won + s.lost))
            assert f"{rate}% of {s.won + s.lost:,} closed deals" in shown
    # each source's 95% Wilson interval is drawn (statsmodels as the independent reference)
    from statsmodels.stats.proportion import proportion_confint

    by_label = {r["label"]: r for r in spec["data"]["values"]}
    for s in view.by_source:
        if s.won + s.lost:
            low, high = proportion_confint(s.won, s.won + s.lost, method="wilson")
            row = by_label[SOURCE_LABELS.get(s.label, s.label)]
            assert row["low"] == pytest.approx(low)
            assert row["high"] == pytest.approx(high)


def test_trend_marks_partial_periods_and_skips_periods_with_nothing_closed() -> None:
    spec = win_rate_trend_chart(TREND)
    assert spec is not None
    svg = ET.fromstring(to_svg(spec))
    drawn = marks(svg, "symbol")
    assert len(drawn) == 3  # 2026 Q1 closed nothing
    colours = {path.get("fill") for path in drawn}
    assert len(colours) == 2  # the partial quarter is lighter
    assert len(marks(svg, "rule")) == 3  # an interval per point
    shown = texts(svg)
    assert "(so far)" in shown
    assert "2026 Q3" in shown
    assert "of 85 deals" in shown  # 45 won + 40 lost
    assert "no deal" in shown


def test_labels_are_in_a_managers_words(rendered: list[tuple[str, Spec, ET.Element]]) -> None:
    for name, _, svg in rendered:
        shown = texts(svg)
        assert not [v for v in SOURCE_LABELS if "_" in v and v in shown], name
        assert not re.findall(r"\b[a-z]+_[a-z_]+\b", shown), name
        assert "None" not in shown
        assert "nan" not in shown.split()


def test_crm_text_reaches_the_svg_as_text() -> None:
    finding = hand_made_findings()[2]
    label = "Bo " + HOSTILE + "\x00\u2028"
    finding = finding.model_copy(
        update={"scope": finding.scope.model_copy(update={"label": label})}
    )
    spec = metric_chart(finding)
    assert spec is not None
    assert "\x00" not in str(spec)
    assert "\u2028" not in str(spec)
    svg = to_svg(spec)
    assert "<script" not in svg
    assert HOSTILE[:20] in texts(ET.fromstring(svg))
