"""What every judgement carries: the sentences that drove it, quoted as written.

A manager reads a `Moment` ("feature talk: platform, dashboards") or a `Question` and can check
the judgement against the words, without trusting a score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Question:
    """A question someone asked on a call."""

    segment: int
    """Index of the segment in the input."""
    text: str
    """The question sentence as written."""
    kind: Literal["open", "closed"]
    asked_by: str
    """The role of the speaker: "rep", "buyer" or "other"."""


@dataclass(frozen=True)
class Moment:
    """A quoted sentence and why it counts (evidence a manager reads)."""

    segment: int | None
    """Segment index for calls, None for emails."""
    text: str
    why: str
    """E.g. "closed question", "feature talk: platform", "monologue of 212 s"."""
