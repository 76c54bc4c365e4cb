"""How numbers and counts are written in every sentence the product produces (checks,
diagnosis, views), so the terminal, the report and the JSON summaries agree."""

from __future__ import annotations


def pct(value: float | None) -> str:
    """A share as a whole percentage; a dash when there is nothing to divide."""
    return "—" if value is None else f"{100 * value:.0f}%"


def points(value: float, *, signed: bool = True) -> str:
    """A difference of two shares in percentage points: "+12 points", "-8 points", "+1 point"."""
    shown = f"{100 * value:+.0f}" if signed else f"{100 * abs(value):.0f}"
    return f"{shown} {'point' if shown.lstrip('+-') == '1' else 'points'}"


def points_range(low: float, high: float) -> str:
    """An interval of differences in percentage points, the unit said once: "-28 to -23
    points", "-3 to +1 points"."""
    return f"{100 * low:+.0f} to {100 * high:+.0f} points"


MIXED = "mixed"
"""The currency of a set of deals that carry more than one (`Basis.currency`)."""


def money(value: float, currency: str | None = None) -> str:
    """An amount with thousands separators and no decimals, with its currency when known
    ("1,250,000 USD"), "(mixed currencies)" when the deals carry several."""
    text = f"{value:,.0f}"
    if currency == MIXED:
        return f"{text} (mixed currencies)"
    if currency:
        return f"{text} {currency}"
    return text


def ratio(value: float) -> str:
    """A multiple: "2.5×"; small ones keep two significant digits ("0.062×", never "0.0×")."""
    if value == 0:
        return "0×"
    if abs(value) < 1:
        return f"{value:.2g}×"
    return f"{value:,.1f}×"


def days(value: float) -> str:
    """A duration in whole days: "1 day", "43 days"."""
    return plural(round(value), "day")


def figure(value: float | None, unit: str, currency: str | None = None) -> str:
    """A number by its kind: rate (%), ratio (×), days, money (amount) or a count; a dash
    when unknown."""
    if value is None:
        return "—"
    if unit == "rate":
        return pct(value)
    if unit == "ratio":
        return ratio(value)
    if unit == "days":
        return days(value)
    if unit in ("money", "amount"):
        return money(value, currency)
    return f"{value:,.0f}"


def plural(n: float, noun: str, many: str | None = None) -> str:
    """ "1 deal", "3 deals", "1,204 activities" (`many` for irregular plurals); the noun agrees
    with the number as written (1.2 deals read "1 deal")."""
    shown = f"{n:,.0f}"
    word = noun if shown in ("1", "-1") else nouns(noun, many)
    return f"{shown} {word}"


def nouns(noun: str, many: str | None = None) -> str:
    """The plural of `noun` ("activity" -> "activities"), or `many` when irregular."""
    return many or _plural(noun)


def count_of(k: float, n: float, noun: str) -> str:
    """ "12 of 36 closed deals"."""
    return f"{k:,.0f} of {plural(n, noun)}"


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def agree(n: float, one: str, many: str) -> str:
    """The verb form that agrees with a count as written: agree(1, "has", "have") -> "has"."""
    return one if f"{n:,.0f}" in ("1", "-1") else many
