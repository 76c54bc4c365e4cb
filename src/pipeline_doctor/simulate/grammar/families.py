"""The building block of the phrase grammar: a family of templates for one role, in one part.

A *role* is a place in a text (an email's call to action, an open budget question); a *family*
is one way of phrasing it. Every role that carries phrasing has families in two disjoint parts:
`tuning` (what the text analysers and their tests may be tuned on) and `held_out` (never seen
while tuning; the planted benchmarks and the planted tests of the text checks run on it).
`shared` roles hold facts rather than phrasing (process names, amounts, tools) and serve both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Part = Literal["tuning", "held_out", "shared"]
Wording = Literal["all", "tuning", "held_out"]
WORDINGS: tuple[Wording, ...] = ("all", "tuning", "held_out")


@dataclass(frozen=True)
class Family:
    """Templates phrasing `role` one way. A `{slot}` names another role or a data slot."""

    role: str
    name: str
    part: Part
    templates: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.part}:{self.role}/{self.name}"


def tuning(role: str, name: str, *templates: str) -> Family:
    return Family(role, name, "tuning", templates)


def held_out(role: str, name: str, *templates: str) -> Family:
    return Family(role, name, "held_out", templates)


def shared(role: str, *templates: str) -> Family:
    return Family(role, "shared", "shared", templates)


def in_wording(family: Family, wording: Wording) -> bool:
    """Whether text written with `wording` may use `family`."""
    return family.part == "shared" or wording == "all" or family.part == wording
