"""Charts as Vega-Lite specs, rendered to SVG by vl-convert (offline, no JavaScript needed).

Every chart is drawn at the report's column width with text a manager reads without zooming
(12 px and up), a title, axes labelled with their units (amounts with their currency), the count
behind every rate written beside it and the 95% interval drawn where the data has one. Specs are
plain dicts, so they can be tested and embedded as JSON; rendering is done once, here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from pipeline_doctor.model.labels import SOURCE_LABELS
from pipeline_doctor.untrusted import xml_safe
from pipeline_doctor.wording import MIXED

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
Spec = dict[str, Any]
Row = Mapping[str, Any]

WIDTH = 940
"""Rendered width in px. The report's column is 984 px wide (1040 less 28 px padding each
side), a finding's card 946 px inside its border and padding: at 940 px no chart is scaled
down, so its 12 px text stays 12 px."""
TEXT_SIZE = 12
CONFIG: Spec = {
    "axis": {
        "labelFontSize": TEXT_SIZE,
        "titleFontSize": 13,
        "labelLimit": 300,
        "titlePadding": 10,
        "labelColor": "#1d2433",
        "titleColor": "#1d2433",
    },
    "title": {
        "fontSize": 15,
        "anchor": "start",
        "color": "#1d2433",
        "subtitleFontSize": TEXT_SIZE,
        "subtitleColor": "#5b6474",
        "offset": 12,
    },
    "legend": {"labelFontSize": TEXT_SIZE, "titleFontSize": TEXT_SIZE, "orient": "top"},
    "text": {"fontSize": TEXT_SIZE, "color": "#1d2433"},
    "view": {"stroke": None},
}
"""Shared by every chart: nothing smaller than 12 px."""
PALETTE = {
    "bar": "#3867d6",
    "muted": "#a9b8d9",
    "baseline": "#9aa0a6",
    "interval": "#1d2433",
    "line": "#8c96a8",
}
GROUP_COLORS = ["#3867d6", "#e17055", "#00a388", "#8e44ad"]
ROLES = {"value": PALETTE["bar"], "baseline": PALETTE["baseline"], "other": PALETTE["muted"]}
"""Bar colours by row role: the figure the chart is about, what it is judged against, the rest."""
INTERVAL_NOTE = "Black lines show 95% intervals."
COMPLETE, SO_FAR = "whole period", "period not over yet"
"""A period's status (its colour in the legend)."""
ROOM = 0.72
"""Share of a value axis the longest bar (or interval) may take: the rest holds its text."""
FORMATS = {"rate": ".0%", "days": ",.0f", "count": ",.0f", "ratio": ".2~r", "amount": "~s"}


def plain(label: str) -> str:
    """A category label in a manager's words: a lead source's vocabulary value by its name
    ("outbound_cold" -> "Cold outbound"); any other label (stages, CRM values) as it is."""
    return SOURCE_LABELS.get(label, label)


def amount_title(name: str, currency: str | None) -> str:
    """An axis title for amounts: "Open pipeline (USD)", "(mixed currencies)" when the deals
    carry several, "(amount)" when the currency is unknown."""
    unit = "mixed currencies" if currency == MIXED else currency or "amount"
    return f"{name} ({unit})"


def chart(title: str, rows: Sequence[Row], *, subtitle: str | None = None, **body: Any) -> Spec:
    """The parts every chart shares: title (wrapped), width, readable text, the data. CRM text
    is made XML-safe here and again in `to_svg`, so a spec is safe wherever it is embedded."""
    heading: Spec = {"text": _wrap(title)}
    if subtitle:
        heading["subtitle"] = subtitle
    spec: Spec = xml_safe(
        {
            "$schema": VEGA_LITE_SCHEMA,
            "title": heading,
            "width": WIDTH,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "config": CONFIG,
            "data": {"values": [dict(r) for r in rows]},
            **body,
        }
    )
    return spec


def _wrap(title: str, width: int = 95) -> str | list[str]:
    lines = textwrap.wrap(title, width) or [title]
    return lines[0] if len(lines) == 1 else lines


def value_scale(unit: str, title: str, top: float, *, whole: bool = True) -> Spec:
    """A quantitative encoding (its field set by the caller) from 0, with room beyond the
    longest bar or interval for the text beside it. With `whole`, a rate axis runs to 100%
    (its ticks stop there), so the bars of different charts compare at a glance."""
    axis: Spec = {"format": FORMATS.get(unit, ",.0f"), "tickCount": 6}
    if unit == "amount":
        axis["labelExpr"] = "datum.value == 0 ? '0' : datum.label"  # not "0M"
    end = top or 1.0
    if unit == "rate" and whole and top <= 1.0:
        end = 1.0
        axis["values"] = [i / 10 for i in range(0, 11, 2)]
    return {
        "type": "quantitative",
        "title": title,
        "scale": {"domain": [0, end / ROOM], "nice": False},
        "axis": axis,
    }


def _top(rows: Sequence[Row]) -> float:
    return max(max(r["value"] or 0, r.get("high") or 0) for r in rows)


def bar_chart(
    title: str,
    rows: Sequence[Row],
    *,
    value_title: str,
    unit: str,
    category_title: str | None = None,
    subtitle: str | None = None,
    groups: Sequence[str] = (),
    group_title: str | None = None,
) -> Spec:
    """Horizontal bars, categories in the rows' order, each with its text beside it. Rows:
    label, value, text, low/high for a 95% interval, and either role (value, baseline or other:
    its colour) or, with `groups`, group: several measures per category side by side,
    coloured by measure with a legend."""
    data = [{**r, "end": max(r["value"], r.get("high") or r["value"])} for r in rows]
    x = value_scale(unit, value_title, _top(rows))
    y = {"field": "label", "type": "nominal", "title": category_title, "sort": None}
    encoding: Spec = {"y": y}
    if groups:
        encoding["yOffset"] = {"field": "group", "type": "nominal", "sort": list(groups)}
        color: Spec = {
            "field": "group",
            "type": "nominal",
            "title": group_title,
            "sort": list(groups),
            "scale": {"domain": list(groups), "range": GROUP_COLORS[: len(groups)]},
        }
    else:
        color = {
            "field": "role",
            "type": "nominal",
            "scale": {"domain": list(ROLES), "range": list(ROLES.values())},
            "legend": None,
        }
    return chart(
        title,
        data,
        subtitle=subtitle,
        height={"step": 22, "for": "offset"} if groups else {"step": 30},
        encoding=encoding,
        layer=[
            {"mark": {"type": "bar"}, "encoding": {"x": {**x, "field": "value"}, "color": color}},
            *_whiskers(rows, x, "x"),
            {
                "mark": {"type": "text", "align": "left", "dx": 6},
                "encoding": {"x": {**x, "field": "end"}, "text": {"field": "text"}},
            },
        ],
    )


def _whiskers(rows: Sequence[Row], scale: Spec, channel: str) -> list[Spec]:
    """A 95% interval as a line from low to high, for the rows that have one."""
    if not any(r.get("low") is not None and r.get("high") is not None for r in rows):
        return []
    return [
        {
            "mark": {"type": "rule", "color": PALETTE["interval"], "strokeWidth": 2},
            "encoding": {channel: {**scale, "field": "low"}, f"{channel}2": {"field": "high"}},
        }
    ]


def period_axis(periods: Sequence[str], title: str) -> Spec:
    """Periods left to right, oldest first; a partial period's "(so far)" on a line of its own."""
    longest = max(len(p.split(" (")[0]) for p in periods)
    crowded = longest * 7.5 > (WIDTH - 80) / len(periods) - 10
    return {
        "field": "period",
        "type": "ordinal",
        "title": title,
        "sort": list(periods),
        "scale": {"domain": list(periods)},
        "axis": {
            "labelAngle": -40 if crowded else 0,
            "labelExpr": "indexof(datum.label, ' (') > 0 ? [slice(datum.label, 0, "
            "indexof(datum.label, ' (')), slice(datum.label, indexof(datum.label, ' (') + 1)]"
            " : datum.label",
        },
    }


def _status(rows: Sequence[Row]) -> Spec:
    partial = any(r["status"] == SO_FAR for r in rows)
    return {
        "field": "status",
        "type": "nominal",
        "title": None,
        "scale": {"domain": [COMPLETE, SO_FAR], "range": [PALETTE["bar"], PALETTE["muted"]]},
        "legend": {} if partial else None,
    }


def period_rate_chart(
    title: str,
    rows: Sequence[Row],
    *,
    period_title: str,
    value_title: str,
    subtitle: str | None = None,
) -> Spec:
    """A rate per period as a point with its 95% interval, joined by a line, oldest first; the
    text above each point (rows' `lines`: the rate and its count) says how many it is of.
    Rows: period, value (None: no point, only its text), low, high, lines, status."""
    line_height = TEXT_SIZE + 3
    lines = max(len(r["lines"]) for r in rows)
    data = [{**r, "label_y": _top([r]) if r["value"] is not None else 0} for r in rows]
    x = period_axis([r["period"] for r in rows], period_title)
    y = value_scale("rate", value_title, _top(rows), whole=False)
    has_value = {"filter": "isValid(datum.value)"}
    whiskers = _whiskers([r for r in rows if r["value"] is not None], y, "y")
    return chart(
        title,
        data,
        subtitle=subtitle,
        height=300,
        encoding={"x": x},
        layer=[
            {
                "transform": [has_value],
                "mark": {"type": "line", "color": PALETTE["line"], "strokeWidth": 1.5},
                "encoding": {"y": {**y, "field": "value"}},
            },
            *({"transform": [has_value], **layer} for layer in whiskers),
            {
                "transform": [has_value],
                "mark": {"type": "point", "filled": True, "size": 110, "opacity": 1},
                "encoding": {"y": {**y, "field": "value"}, "color": _status(rows)},
            },
            {
                "mark": {
                    "type": "text",
                    "baseline": "bottom",
                    "dy": -6 - line_height * (lines - 1),
                    "lineHeight": line_height,
                },
                "encoding": {"y": {**y, "field": "label_y"}, "text": {"field": "lines"}},
            },
        ],
    )


def period_bar_chart(
    title: str,
    rows: Sequence[Row],
    *,
    period_title: str,
    value_title: str,
    unit: str,
    subtitle: str | None = None,
) -> Spec:
    """A value per period as a bar, oldest first, with its text above (rows' `text`); a
    partial period's bar lighter. Rows: period, value (None: no bar), text, status."""
    x = period_axis([r["period"] for r in rows], period_title)
    y = value_scale(unit, value_title, _top(rows))
    data = [{**r, "label_y": r["value"] or 0} for r in rows]
    return chart(
        title,
        data,
        subtitle=subtitle,
        height=300,
        encoding={"x": x},
        layer=[
            {
                "transform": [{"filter": "isValid(datum.value)"}],
                "mark": {"type": "bar", "width": {"band": 0.6}},
                "encoding": {"y": {**y, "field": "value"}, "color": _status(rows)},
            },
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -5},
                "encoding": {"y": {**y, "field": "label_y"}, "text": {"field": "text"}},
            },
        ],
    )


def to_svg(spec: Spec) -> str:
    """Render a Vega-Lite spec to a standalone SVG string (no network, no JavaScript)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(xml_safe(spec))  # CRM text: only what XML allows
    return svg
