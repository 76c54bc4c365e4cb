"""Which process areas (DESIGN section 2) lie upstream of a leak at each stage."""

from __future__ import annotations

STAGE_AREAS: dict[str, tuple[int, ...]] = {
    "prospecting": (1, 2, 11),
    "qualification": (1, 2, 3, 11),
    "discovery": (2, 3, 4, 5, 6, 11),
    "proposal": (3, 5, 6, 7, 9, 11),
    "negotiation": (6, 7, 8, 9, 10, 11),
}


def upstream_areas(stage: str, position: float) -> tuple[int, ...]:
    """Areas that explain a leak at `stage`; `position` (0..1 through the open stages) is the
    fallback for pipelines with other stage names."""
    known = STAGE_AREAS.get(stage.strip().lower())
    if known:
        return known
    if position < 0.34:
        return (1, 2, 3, 11)
    if position < 0.67:
        return (3, 4, 5, 6, 7, 11)
    return (6, 7, 8, 9, 10, 11)
