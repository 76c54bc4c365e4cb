"""Broken links that can be planted in the sample organisation, and the ground truth returned.

A plant changes *behaviour* (a rep stops agreeing next steps, a segment gets chased although it
never buys); outcomes follow from behaviour in the simulation model. Nothing labels it in data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

TargetKind = Literal["rep", "segment", "deals", "rep_stage"]

PLANT_KINDS: dict[str, tuple[int, TargetKind, str]] = {
    "cold_sourcing": (1, "rep", "the rep's leads are mostly cold outbound and purchased lists"),
    "no_referral_asks": (1, "rep", "the rep never asks won customers for referrals"),
    "poor_fit_segment": (2, "segment", "much effort on a segment that almost never buys"),
    "unqualified_deals": (3, "rep", "deals advanced with budget/authority/need/timing unknown"),
    "no_preparation": (4, "rep", "the rep's meetings have no agenda"),
    "weak_discovery": (5, "rep", "few questions, rep monologues and feature talk on calls"),
    "no_next_step": (6, "rep", "the rep's meetings end without an agreed, scheduled next step"),
    "self_focused_followup": (7, "rep", "product-promoting follow-up emails with no ask"),
    "radio_silence": (7, "deals", "outbound touches go unanswered, nobody asks why"),
    "zombie_deals": (8, "deals", "long-open deals, unanswered touches, pushed and reopened"),
    "stalled_deals": (8, "deals", "open deals stuck in one stage far longer than won deals"),
    "single_threaded": (9, "rep", "late-stage deals with one contact, no decision maker"),
    "lost_reason_blank": (10, "rep", "lost deals with no reason or 'other'"),
    "activity_without_pipeline": (11, "rep", "high activity volume, thin and small pipeline"),
    "stage_leak": (11, "rep_stage", "the rep loses deals at one stage far more than the team"),
}
"""kind -> (DESIGN section 2 link number, target kind, what it means)."""

LEAK_STAGES = ("Qualification", "Discovery", "Proposal", "Negotiation")


@dataclass(frozen=True)
class Plant:
    """A request to plant `kind`. `target`: a rep id, "col=value" segment, deal count, or
    "R005@Proposal"; None lets the simulator choose one deterministically from the seed."""

    kind: str
    target: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in PLANT_KINDS:
            raise ValueError(
                f"Unknown broken link {self.kind!r}; choose one of: {', '.join(PLANT_KINDS)}."
            )


@dataclass(frozen=True)
class PlantedDefect:
    """What was planted, resolved to concrete reps, deals or a segment."""

    kind: str
    target: str | None
    rep_ids: frozenset[str] = frozenset()
    deal_ids: frozenset[str] = frozenset()
    segment: dict[str, str] | None = None
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "link": PLANT_KINDS[self.kind][0],
            "target": self.target,
            "rep_ids": sorted(self.rep_ids),
            "deal_ids": sorted(self.deal_ids),
            "segment": self.segment,
            "stage": self.stage,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlantedDefect:
        return cls(
            kind=data["kind"],
            target=data["target"],
            rep_ids=frozenset(data["rep_ids"]),
            deal_ids=frozenset(data["deal_ids"]),
            segment=data["segment"],
            stage=data.get("stage"),
        )


@dataclass(frozen=True)
class GroundTruth:
    """Everything the simulator planted; tests and benchmarks score checks against it."""

    seed: int
    deals: int
    plants: tuple[PlantedDefect, ...] = field(default_factory=tuple)

    def reps_with(self, kind: str) -> frozenset[str]:
        return frozenset().union(*(p.rep_ids for p in self.plants if p.kind == kind))

    def deals_with(self, kind: str) -> frozenset[str]:
        return frozenset().union(*(p.deal_ids for p in self.plants if p.kind == kind))

    def segments_with(self, kind: str) -> list[dict[str, str]]:
        return [p.segment for p in self.plants if p.kind == kind and p.segment is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "deals": self.deals,
            "plants": [p.to_dict() for p in self.plants],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroundTruth:
        plants = tuple(PlantedDefect.from_dict(p) for p in data["plants"])
        return cls(seed=data["seed"], deals=data["deals"], plants=plants)


def parse_plant(text: str) -> Plant:
    """Parse KIND or KIND:TARGET, e.g. no_next_step:R003, poor_fit_segment:industry=Retail,
    zombie_deals:40, stage_leak:R005@Proposal."""
    kind, _, target = text.strip().partition(":")
    plant = Plant(kind, target or None)
    if not target:
        return plant
    target_kind = PLANT_KINDS[kind][1]
    if target_kind == "deals" and not (target.isdigit() and int(target) > 0):
        raise ValueError(f"{kind} takes a number of deals, e.g. {kind}:40 (got {target!r}).")
    if target_kind == "segment" and "=" not in target:
        raise ValueError(f"{kind} takes a segment COLUMN=VALUE, e.g. {kind}:industry=Retail.")
    if target_kind == "rep_stage":
        rep, _, stage = target.partition("@")
        if not rep or stage not in LEAK_STAGES:
            raise ValueError(
                f"{kind} takes REP@STAGE with a stage among {', '.join(LEAK_STAGES)}, "
                f"e.g. {kind}:R005@Proposal (got {target!r})."
            )
    if target_kind == "rep" and not target.startswith("R"):
        raise ValueError(f"{kind} takes a rep id such as R003 (got {target!r}).")
    return plant


DEFAULT_PLANTS: tuple[Plant, ...] = (
    Plant("cold_sourcing"),
    Plant("no_referral_asks"),
    Plant("poor_fit_segment", "industry=Retail"),
    Plant("unqualified_deals"),
    Plant("no_preparation"),
    Plant("weak_discovery"),
    Plant("no_next_step"),
    Plant("self_focused_followup"),
    Plant("radio_silence"),
    Plant("zombie_deals"),
    Plant("stalled_deals"),
    Plant("single_threaded"),
    Plant("lost_reason_blank"),
    Plant("activity_without_pipeline"),
    Plant("stage_leak"),
)
"""The demo's default: every broken link once, each rep-level one on a different rep."""
