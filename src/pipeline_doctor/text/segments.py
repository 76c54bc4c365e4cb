"""A call transcript as a sequence of `Segment`s: who spoke, when, and what they said.

Callers may pass plain 4-tuples `(speaker_role, start_s, end_s, text)` (rows of the canonical
`transcript_segments` table, a pandas itertuples, a parsed WebVTT file); `as_segments` turns them
into `Segment`s once, so the analysers read one shape.

Roles are "rep", "buyer" or "other". Common synonyms are mapped ("seller", "agent", "host" are
the rep; "prospect", "customer", "client", "contact" are the buyer); anything else is "other",
so an unknown label never passes for the rep. A time that is missing, NaN or infinite becomes
None (unknown), so a pandas row with NaN times reads the same as one with None.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

ROLES = ("rep", "buyer", "other")

_ROLE_SYNONYMS = {
    "rep": "rep",
    "seller": "rep",
    "sales": "rep",
    "salesperson": "rep",
    "agent": "rep",
    "host": "rep",
    "ae": "rep",
    "sdr": "rep",
    "buyer": "buyer",
    "prospect": "buyer",
    "customer": "buyer",
    "client": "buyer",
    "contact": "buyer",
    "lead": "buyer",
}


class Segment(NamedTuple):
    """One stretch of speech by one speaker."""

    speaker_role: str
    """"rep" | "buyer" | "other"."""
    start_s: float | None
    """Seconds from the start of the call; None when unknown."""
    end_s: float | None
    text: str


def normalise_role(role: object) -> str:
    """The canonical role for a speaker label: "rep", "buyer" or "other"."""
    if not isinstance(role, str):
        return "other"
    return _ROLE_SYNONYMS.get(role.strip().lower(), "other")


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


def as_segment(item: Segment | tuple[object, ...]) -> Segment:
    """One `Segment` from a `Segment` or a 4-tuple; a tuple of another length is an error."""
    if type(item) is Segment and _is_canonical(item):
        return item  # what the store's rows become: nothing to normalise
    if len(item) != 4:
        msg = f"a segment is (speaker_role, start_s, end_s, text); got {len(item)} values"
        raise ValueError(msg)
    role, start, end, text = item
    return Segment(
        normalise_role(role),
        _seconds(start),
        _seconds(end),
        _text(text),
    )


def _is_canonical(segment: Segment) -> bool:
    """Whether `as_segment` would return an equal `Segment`: a known role, finite float times
    or None, and a string."""
    start, end = segment.start_s, segment.end_s
    return (
        segment.speaker_role in ROLES
        and (start is None or (type(start) is float and math.isfinite(start)))
        and (end is None or (type(end) is float and math.isfinite(end)))
        and type(segment.text) is str
    )


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return str(value)


def as_segments(items: Iterable[Segment | tuple[object, ...]]) -> tuple[Segment, ...]:
    """Every item as a `Segment`, in input order (indices in the analysis refer to it)."""
    return tuple(as_segment(item) for item in items)
