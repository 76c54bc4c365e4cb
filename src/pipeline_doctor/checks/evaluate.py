"""Score findings against a simulator's ground truth: for each planted kind, which check must
find it, what it reported, and recall/precision (used by tests and benchmarks/bench_planted)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline_doctor.checks.findings import Finding

PLANT_CHECKS: dict[str, str] = {
    "cold_sourcing": "source_mix",
    "no_referral_asks": "referral_program",
    "poor_fit_segment": "icp_fit",
    "unqualified_deals": "qualification_gaps",
    "no_next_step": "missing_next_step",
    "radio_silence": "one_sided_correspondence",
    "zombie_deals": "zombie_deals",
    "stalled_deals": "stalled_deals",
    "single_threaded": "late_stage_support",
    "lost_reason_blank": "lost_reason_hygiene",
    "activity_without_pipeline": "activity_without_pipeline",
    "stage_leak": "rep_funnel_leak",
}
"""Planted kind -> the check that must find it."""

DEAL_KINDS = ("radio_silence", "zombie_deals", "stalled_deals")
UNCAPPED: dict[str, dict[str, Any]] = {
    PLANT_CHECKS[k]: {"max_deals": 1_000_000} for k in DEAL_KINDS
}
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


def reported_keys(kind: str, findings: Iterable[Finding]) -> set[str]:
    """What the kind's check reported as comparable keys: rep id, deal id, col=value or
    rep@stage."""
    check = PLANT_CHECKS[kind]
    keys: set[str] = set()
    for f in findings:
        if f.check != check:
            continue
        if (kind in DEAL_KINDS and f.scope.kind == "deal") or (
            kind == "poor_fit_segment" and f.scope.kind == "segment"
        ):
            keys.add(str(f.scope.key))
        elif kind == "stage_leak" and f.scope.kind == "rep":
            keys.add(f"{f.scope.key}@{f.scope.attributes.get('stage', '')}")
        elif kind not in (*DEAL_KINDS, "poor_fit_segment", "stage_leak") and f.scope.kind == "rep":
            keys.add(str(f.scope.key))
    return keys


def planted_keys(kind: str, plants: Iterable[Any]) -> set[str]:
    """The ground truth of one kind as comparable keys."""
    keys: set[str] = set()
    for p in plants:
        if p.kind != kind:
            continue
        if kind in DEAL_KINDS:
            keys |= set(p.deal_ids)
        elif kind == "poor_fit_segment":
            if p.segment:
                keys |= {f"{col}={value}" for col, value in p.segment.items()}
            else:
                keys.add(str(p.target))
        elif kind == "stage_leak":
            rep, _, stage = str(p.target).partition("@")
            stage = getattr(p, "stage", None) or stage
            reps = set(p.rep_ids) or {rep}
            keys |= {f"{r}@{stage}" for r in reps}
        else:
            keys |= set(p.rep_ids)
    return keys


def score(kind: str, findings: list[Finding], plants: Iterable[Any]) -> Score:
    truth = planted_keys(kind, plants)
    reported = reported_keys(kind, findings)
    return Score(kind, PLANT_CHECKS[kind], len(truth), len(reported), len(truth & reported))
