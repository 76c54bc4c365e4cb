"""How every view writes shares and amounts, so the terminal and the report agree."""

from __future__ import annotations


def pct(value: float | None) -> str:
    """A share as a whole percentage; a dash when there is nothing to divide."""
    return "—" if value is None else f"{value:.0%}"


def money(value: float) -> str:
    """An amount with thousands separators and no decimals."""
    return f"{value:,.0f}"
