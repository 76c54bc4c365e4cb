"""The catalogue of built-in checks: one explicit tuple, and a registry built per run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from pipeline_doctor.checks.activity import ActivityWithoutPipeline
from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.discovery import DiscoveryDepth
from pipeline_doctor.checks.drivers import WinDrivers
from pipeline_doctor.checks.follow_up_quality import FollowUpQuality
from pipeline_doctor.checks.followup import OneSidedCorrespondence
from pipeline_doctor.checks.funnel_leak import RepFunnelLeak
from pipeline_doctor.checks.icp import IcpFit
from pipeline_doctor.checks.lost import LostReasonHygiene
from pipeline_doctor.checks.next_step import MissingNextStep
from pipeline_doctor.checks.past_due import PastDueDeals
from pipeline_doctor.checks.patterns import LostDealPatterns
from pipeline_doctor.checks.preparation import MeetingPreparation
from pipeline_doctor.checks.qualification import QualificationGaps
from pipeline_doctor.checks.referral_program import ReferralProgram
from pipeline_doctor.checks.source_mix import SourceMix
from pipeline_doctor.checks.stalled import StalledDeals
from pipeline_doctor.checks.support import LateStageSupport
from pipeline_doctor.checks.zombies import ZombieDeals
from pipeline_doctor.errors import PipelineDoctorError

BUILTIN_CHECKS: tuple[type[Check], ...] = (
    WinDrivers,
    SourceMix,
    ReferralProgram,
    IcpFit,
    QualificationGaps,
    MeetingPreparation,
    DiscoveryDepth,
    MissingNextStep,
    FollowUpQuality,
    OneSidedCorrespondence,
    ZombieDeals,
    StalledDeals,
    PastDueDeals,
    LateStageSupport,
    LostReasonHygiene,
    LostDealPatterns,
    ActivityWithoutPipeline,
    RepFunnelLeak,
)
"""Every built-in check: what separates won from lost first, then the links in the order of the
sales process (DESIGN section 2)."""

NOT_CHECKED_YET: dict[int, str] = {}
"""Links of the sales process no built-in check covers yet, in a manager's words."""

Overrides = Mapping[str, Mapping[str, Any]]

EVERY_DEAL = 1_000_000
"""A `max_deals` that lists every flagged deal."""


def uncapped(deal_list: str | None = None) -> dict[str, dict[str, Any]]:
    """Overrides that make the checks of one deal list (every list: None) list every flagged
    deal instead of the worst `max_deals` (the qualify-out emails, scoring)."""
    return {
        cls.id: {"max_deals": EVERY_DEAL}
        for cls in BUILTIN_CHECKS
        if cls.deal_list is not None and deal_list in (None, cls.deal_list)
    }


def build_registry(
    overrides: Overrides | None = None,
    *,
    only: list[str] | tuple[str, ...] | None = None,
    checks: tuple[type[Check], ...] = BUILTIN_CHECKS,
) -> dict[str, Check]:
    """Instantiate the checks for one run with their parameters, in catalogue order.

    `overrides` maps check id -> {parameter: value}; `only` selects checks by id."""
    known = {c.id: c for c in checks}
    overrides = overrides or {}
    for check_id in [*overrides, *(only or [])]:
        if check_id not in known:
            raise PipelineDoctorError(
                f"There is no check called {check_id!r}.",
                "Known checks: " + ", ".join(known) + ".",
            )
    registry: dict[str, Check] = {}
    for cls in checks:
        if only and cls.id not in only:
            continue
        params = dict(overrides.get(cls.id, {}))
        try:
            registry[cls.id] = cls.model_validate(params)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise PipelineDoctorError(
                f"Bad setting for check {cls.id}: {problems}.",
                "Parameters: " + ", ".join(cls.model_fields) + ".",
            ) from None
    return registry
