"""Charts as Vega-Lite specs, rendered to SVG by vl-convert (offline, no JavaScript needed).

Every chart has a title, labelled axes and units. Specs are plain dicts so they can be tested
and also embedded as JSON; rendering is done once, here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pipeline_doctor.untrusted import xml_safe

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
Spec = dict[str, Any]
PALETTE = {"bar": "#3867d6", "baseline": "#8c8c8c", "bad": "#d63838"}


def bar_chart(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    category: str,
    value: str,
    category_title: str,
    value_title: str,
    value_format: str = ",.0f",
    sort: Sequence[str] | None = None,
    width: int = 520,
) -> Spec:
    """Horizontal bars: one category per row, its value along a labelled axis."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": width,
        "data": {"values": [dict(r) for r in rows]},
        "mark": {"type": "bar", "color": PALETTE["bar"]},
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "title": category_title,
                "sort": list(sort) if sort is not None else "-x",
            },
            "x": {
                "field": value,
                "type": "quantitative",
                "title": value_title,
                "axis": {"format": value_format},
                **({"scale": {"domain": [0, 1]}} if value_format.endswith("%") else {}),
            },
            "tooltip": [
                {"field": category, "type": "nominal"},
                {"field": value, "type": "quantitative", "format": value_format},
            ],
        },
    }


def interval_chart(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    category_title: str,
    value_title: str,
    value_format: str = ".0%",
    baseline: float | None = None,
    baseline_label: str = "baseline",
    width: int = 520,
) -> Spec:
    """Points with interval whiskers per category (rows: label, value, low, high), and an
    optional vertical baseline rule."""
    x: Spec = {"field": "value", "type": "quantitative", "title": value_title}
    x["axis"] = {"format": value_format}
    if value_format.endswith("%"):
        x["scale"] = {"domain": [0, 1]}
    y = {"field": "label", "type": "nominal", "title": category_title, "sort": None}
    layers: list[Spec] = [
        {
            "mark": {"type": "rule", "color": PALETTE["bar"]},
            "encoding": {"y": y, "x": {**x, "field": "low"}, "x2": {"field": "high"}},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 70, "color": PALETTE["bar"]},
            "encoding": {"y": y, "x": x},
        },
    ]
    if baseline is not None:
        layers.append(
            {
                "data": {"values": [{"baseline": baseline, "name": baseline_label}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": PALETTE["baseline"]},
                "encoding": {"x": {"field": "baseline", "type": "quantitative"}},
            }
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": width,
        "data": {"values": [dict(r) for r in rows]},
        "layer": layers,
    }


def grouped_interval_chart(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    category_title: str,
    group_title: str,
    value_title: str,
    value_format: str = ".0%",
    width: int = 520,
) -> Spec:
    """Several measures per category, each a point with interval whiskers, side by side and
    coloured by measure (rows: label, group, value, low, high; order kept)."""
    x: Spec = {"field": "value", "type": "quantitative", "title": value_title}
    x["axis"] = {"format": value_format}
    if value_format.endswith("%"):
        x["scale"] = {"domain": [0, 1]}
    groups = list(dict.fromkeys(str(r["group"]) for r in rows))
    y = {"field": "label", "type": "nominal", "title": category_title, "sort": None}
    offset = {"field": "group", "type": "nominal", "sort": groups}
    color = {"field": "group", "type": "nominal", "title": group_title, "sort": groups}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": width,
        "height": {"step": 9, "for": "offset"},
        "data": {"values": [dict(r) for r in rows]},
        "encoding": {"y": y, "yOffset": offset, "color": color},
        "layer": [
            {
                "mark": {"type": "rule"},
                "encoding": {"x": {**x, "field": "low"}, "x2": {"field": "high"}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": x,
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": category_title},
                        {"field": "group", "type": "nominal", "title": group_title},
                        {"field": "value", "type": "quantitative", "format": value_format},
                        {"field": "low", "type": "quantitative", "format": value_format},
                        {"field": "high", "type": "quantitative", "format": value_format},
                    ],
                },
            },
        ],
    }


def trend_chart(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    period_title: str,
    value_title: str,
    value_format: str = ".0%",
    width: int = 520,
) -> Spec:
    """A value per period joined by a line, with interval whiskers (rows: period, value, low,
    high; oldest first)."""
    periods = [str(r["period"]) for r in rows]
    x = {
        "field": "period",
        "type": "ordinal",
        "title": period_title,
        "sort": periods,
        "axis": {"labelAngle": 0},
    }
    y: Spec = {"field": "value", "type": "quantitative", "title": value_title}
    y["axis"] = {"format": value_format}
    y["scale"] = {"zero": True}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "width": width,
        "data": {"values": [dict(r) for r in rows]},
        "encoding": {"x": x},
        "layer": [
            {
                "mark": {"type": "rule", "color": PALETTE["bar"]},
                "encoding": {"y": {**y, "field": "low"}, "y2": {"field": "high"}},
            },
            {"mark": {"type": "line", "color": PALETTE["bar"]}, "encoding": {"y": y}},
            {
                "mark": {"type": "point", "filled": True, "size": 60, "color": PALETTE["bar"]},
                "encoding": {
                    "y": y,
                    "tooltip": [
                        {"field": "period", "type": "ordinal", "title": period_title},
                        {"field": "value", "type": "quantitative", "format": value_format},
                        {"field": "low", "type": "quantitative", "format": value_format},
                        {"field": "high", "type": "quantitative", "format": value_format},
                    ],
                },
            },
        ],
    }


def to_svg(spec: Spec) -> str:
    """Render a Vega-Lite spec to a standalone SVG string (no network, no JavaScript)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(xml_safe(spec))  # CRM text: only what XML allows
    return svg
