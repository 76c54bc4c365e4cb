"""Score findings against a simulator's ground truth: for each planted kind, the check that
declares it answers it (`Check.answers`), what it reported, and recall/precision (used by tests
and benchmarks/bench_planted)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.findings import Finding
from pipeline_doctor.checks.registry import BUILTIN_CHECKS, uncapped

KeyKind = Literal["deal", "segment", "rep_stage", "rep"]


def plant_checks(checks: Iterable[type[Check]] = BUILTIN_CHECKS) -> dict[str, str]:
    """Planted kind -> the id of the check that answers it, read from the checks' declarations."""
    return {kind: cls.id for cls in checks for kind in cls.answers}


PLANT_CHECKS: dict[str, str] = plant_checks()
"""Planted kind -> the check that must find it."""

UNCAPPED: dict[str, dict[str, Any]] = uncapped()
"""Overrides that list every flagged deal, for scoring."""


@dataclass(frozen=True)
class Score:
    kind: str
    check: str
    truth: int
    reported: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.reported if self.reported else 1.0


def key_kind(plants: Iterable[Any]) -> KeyKind:
    """What a kind's truth is keyed by: deals, a segment, a rep at a stage, or a rep."""
    for p in plants:
        if p.deal_ids:
            return "deal"
        if p.segment is not None:
            return "segment"
        if getattr(p, "stage", None):
            return "rep_stage"
    return "rep"


def reported_keys(check: str, findings: Iterable[Finding], kind: KeyKind) -> set[str]:
    """What `check` reported, as keys comparable with the truth: deal ids, col=value segments
    a link finding calls poor, rep@stage, or rep ids."""
    keys: set[str] = set()
    for f in findings:
        if f.check != check or f.kind != "link":
            continue
        if kind == "deal":
            keys |= {d.id for d in f.deals}
        elif kind == "segment" and f.scope.kind == "segment":
            keys.add(str(f.scope.key).removeprefix("accounts."))
        elif kind == "rep_stage" and f.scope.kind == "rep":
            keys.add(f"{f.scope.key}@{f.scope.attributes.get('stage', '')}")
        elif kind == "rep" and f.scope.kind == "rep":
            keys.add(str(f.scope.key))
    return keys


def planted_keys(kind: str, plants: Iterable[Any]) -> set[str]:
    """The ground truth of one kind as comparable keys."""
    keys: set[str] = set()
    for p in plants:
        if p.kind != kind:
            continue
        if p.deal_ids:
            keys |= set(p.deal_ids)
        elif p.segment is not None:
            keys |= {f"{col}={value}" for col, value in p.segment.items()}
        elif getattr(p, "stage", None):
            keys |= {f"{r}@{p.stage}" for r in p.rep_ids}
        else:
            keys |= set(p.rep_ids)
    return keys


def score(
    kind: str, findings: list[Finding], plants: Iterable[Any], key: KeyKind | None = None
) -> Score:
    """Recall and precision of the kind's check; `key` says how the kind is keyed when there
    is no truth to tell (a healthy org)."""
    plants = [p for p in plants if p.kind == kind]
    truth = planted_keys(kind, plants)
    reported = reported_keys(PLANT_CHECKS[kind], findings, key or key_kind(plants))
    return Score(kind, PLANT_CHECKS[kind], len(truth), len(reported), len(truth & reported))


TARGET_KEYS: dict[str, KeyKind] = {
    "deals": "deal",
    "segment": "segment",
    "rep_stage": "rep_stage",
    "rep": "rep",
}
"""The simulator's target kinds (simulate.PLANT_KINDS) -> how their truth is keyed."""
