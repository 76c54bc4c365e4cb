"""Settings of a simulated organisation. Defaults follow the domain figures of DESIGN section 2
(they shape the sample org, never a check's conclusion)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline_doctor.simulate.grammar.families import WORDINGS, Wording
from pipeline_doctor.simulate.plants import Plant

OPEN_STAGES = ("Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation")
WON_STAGE, LOST_STAGE = "Closed Won", "Closed Lost"
LATE_STAGES = ("Proposal", "Negotiation")
PIPELINE = "default"

SOURCE_MIX = {
    "referral": 0.17,
    "partner": 0.08,
    "inbound": 0.22,
    "event": 0.07,
    "outbound_cold": 0.30,
    "purchased_list": 0.05,
    "existing_customer": 0.08,
    "other": 0.03,
}
"""Share of deals by source for a healthy rep."""

SOURCE_LOGIT = {
    "referral": 1.5,
    "partner": 0.7,
    "inbound": 0.2,
    "event": -0.1,
    "outbound_cold": -1.5,
    "purchased_list": -1.9,
    "existing_customer": 1.1,
    "other": -0.5,
}
"""Effect of the source on a deal's odds of winning (log-odds)."""

LEAD_TO_DEAL = {
    "referral": 0.75,
    "partner": 0.5,
    "inbound": 0.3,
    "event": 0.2,
    "outbound_cold": 0.08,
    "purchased_list": 0.05,
    "existing_customer": 0.6,
    "other": 0.15,
}
"""Share of a source's leads that become deals (the rest are disqualified or still open)."""


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate. The same config (seed included) always gives the same organisation."""

    deals: int = 5_000
    seed: int = 42
    plants: tuple[Plant, ...] = ()
    batch_deals: int = 50_000
    as_of: dt.datetime = field(default=dt.datetime(2026, 6, 30, 18, 0))
    history_days: int = 730
    activities_per_deal: float = 30.0
    check_references: bool | None = None
    """Validate references of every batch against the store; None: only for small orgs."""
    transcript_share: float | None = None
    """Share of deals whose discovery call has a transcript; None: all for small orgs."""
    wording: Wording = "all"
    """Which part of the phrase grammar writes the text (emails, transcripts, agendas, notes):
    "tuning", "held_out" or "all". The text analysers and their tests are tuned on "tuning"
    only and never on "held_out"; benchmarks/bench_planted.py and the planted tests of the
    text checks (preparation, discovery, follow-up) simulate with "held_out", so they measure
    how the analysers do on phrasing they were not fitted to."""

    def __post_init__(self) -> None:
        if self.deals < 10:
            raise ValueError("A sample organisation needs at least 10 deals.")
        if self.batch_deals < 1:
            raise ValueError("batch_deals must be positive.")
        if self.wording not in WORDINGS:
            raise ValueError(f"wording must be one of {', '.join(WORDINGS)}.")

    @property
    def start(self) -> dt.datetime:
        return self.as_of - dt.timedelta(days=self.history_days)

    @property
    def n_reps(self) -> int:
        return int(min(400, max(12, self.deals // 120)))

    @property
    def n_accounts(self) -> int:
        return int(max(60, self.deals // 4))

    @property
    def validate_references(self) -> bool:
        return self.deals <= 20_000 if self.check_references is None else self.check_references

    @property
    def transcripts(self) -> float:
        if self.transcript_share is not None:
            return self.transcript_share
        return 1.0 if self.deals <= 20_000 else 0.1
