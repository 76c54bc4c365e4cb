"""The headline figures in words, for every view: the value by its kind, what it counts, and
its change against the previous period — stated only when it is beyond noise."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_doctor.diagnosis.result import Change, HeadlineFigure
from pipeline_doctor.wording import days, figure, money, points


@dataclass(frozen=True)
class ShownFigure:
    label: str
    value: str
    detail: str
    change: str
    """ "" when there is no change to state."""
    direction: str
    """up, down or "" (for styling)."""


def change_text(fig: HeadlineFigure, currency: str | None) -> str:
    """ "down 9 points from 48% in 2026 Q1"; "no clear change from 2026 Q1" when within noise;
    "" when the dates allow no comparison."""
    c = fig.change
    if c is None:
        return ""
    if not c.clear:
        return f"no clear change from {c.previous_period}"
    word = "up" if c.difference > 0 else "down"
    return f"{word} {_amount(fig, c, currency)} from {compact(c.previous, fig.unit, currency)} " + (
        f"at {c.previous_period}" if c.period == "now" else f"in {c.previous_period}"
    )


def _amount(fig: HeadlineFigure, c: Change, currency: str | None) -> str:
    if fig.unit == "rate":
        return points(abs(c.difference), signed=False)
    if fig.unit == "days":
        return days(abs(c.difference))
    if fig.unit == "money":
        return compact(abs(c.difference), "money", currency)
    return f"{abs(c.difference):,.0f}"


def compact(value: float, unit: str, currency: str | None) -> str:
    """A headline number: money in thousands or millions ("18.8M USD"), the rest by kind."""
    if unit != "money" or abs(value) < 10_000:
        return figure(value, unit, currency)
    scaled = f"{value / 1e6:,.1f}M" if abs(value) >= 1e6 else f"{value / 1e3:,.0f}K"
    return money(0, currency).replace("0", scaled, 1)


def shown(figures: list[HeadlineFigure], currency: str | None) -> list[ShownFigure]:
    out = []
    for f in figures:
        c = f.change
        direction = "" if c is None or not c.clear else "up" if c.difference > 0 else "down"
        out.append(
            ShownFigure(
                label=f.label,
                value=compact(f.value, f.unit, currency) if f.value is not None else "unknown",
                detail=f.detail if f.value is not None else (f.note or ""),
                change=change_text(f, currency),
                direction=direction,
            )
        )
    return out
