"""One batch of deals: who sells what to whom, from which source, how it behaves, how it ends.

The outcome is drawn from a latent win probability that depends on behaviour (source, fit,
qualification, preparation, discovery, next steps, follow-up, threading, skill) for every rep
alike; plants only moved the behaviour in `profiles.py`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline_doctor.simulate.config import SOURCE_LOGIT, SimulationConfig
from pipeline_doctor.simulate.org import Accounts
from pipeline_doctor.simulate.profiles import SOURCES, RepProfiles, deal_id

DAY = np.timedelta64(86_400_000_000, "us")
NULL = np.array(None, dtype=object)
"""A null for np.where over object arrays (typed, unlike a bare None)."""
LOST_AT_STAGE = np.array([0.12, 0.3, 0.26, 0.2, 0.12])


@dataclass
class DealBatch:
    """Per-deal arrays of one batch (index = global deal number)."""

    index: np.ndarray
    ids: np.ndarray
    rep: np.ndarray
    account: np.ndarray
    source: np.ndarray
    created: np.ndarray  # datetime64[us]
    end: np.ndarray  # closed_at, or as_of for open deals
    outcome: np.ndarray  # "open" | "won" | "lost"
    final_stage: np.ndarray  # last open stage reached (0..4)
    amount: np.ndarray
    bant_known: np.ndarray  # (n, 4) bool
    multithread: np.ndarray
    special: np.ndarray  # "", "zombie_deals", "stalled_deals", "radio_silence"


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def _pick_rows(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """One categorical draw per row of the probability matrix `p`."""
    cum = np.cumsum(p, axis=1)
    u = rng.random(len(p))[:, None] * cum[:, -1:]
    return np.asarray((u > cum).sum(axis=1))


def win_logit(
    reps: RepProfiles,
    rep: np.ndarray,
    fit: np.ndarray,
    source: np.ndarray,
    bant_known: np.ndarray,
    multithread: np.ndarray,
) -> np.ndarray:
    """Log-odds of winning: the whole process, every rep alike."""
    return np.asarray(
        -0.2
        + np.array([SOURCE_LOGIT[s] for s in SOURCES])[source]
        + fit
        + reps.skill[rep]
        - 0.45 * (4 - bant_known.sum(axis=1))
        + 1.2 * (reps.agenda_rate[rep] - 0.85)
        + 0.12 * (reps.questions[rep] - 12.5)
        - 2.0 * (reps.talk_share[rep] - 0.44)
        + 3.0 * (reps.next_step_rate[rep] - 0.86)
        + 1.6 * (reps.cta_rate[rep] - 0.8)
        + np.where(multithread, 0.3, -0.6)
    )


def generate_deals(
    config: SimulationConfig,
    lo: int,
    hi: int,
    reps: RepProfiles,
    accounts: Accounts,
    deal_plants: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> DealBatch:
    n = hi - lo
    index = np.arange(lo, hi)
    weight = reps.deal_weight / reps.deal_weight.sum()
    rep = rng.choice(len(weight), n, p=weight)
    acc_w = accounts.deal_weight / accounts.deal_weight.sum()
    account = rng.choice(len(acc_w), n, p=acc_w)
    source = _pick_rows(rng, reps.source_p[rep])
    start = np.datetime64(config.start, "us")
    as_of = np.datetime64(config.as_of, "us")
    span_days = config.history_days - 1
    created = start + (rng.random(n) * span_days * DAY.astype(np.int64)).astype("timedelta64[us]")
    created = created.astype("datetime64[s]").astype("datetime64[us]")
    bant_known = rng.random((n, 4)) < reps.qual_rate[rep][:, None]
    multithread = rng.random(n) < reps.multithread_rate[rep]
    p_win = _sigmoid(
        win_logit(reps, rep, accounts.fit_logit[account], source, bant_known, multithread)
    )
    won = rng.random(n) < p_win
    lost_stage = rng.choice(5, n, p=LOST_AT_STAGE / LOST_AT_STAGE.sum())
    leak = reps.leak_stage[rep]
    leaking = leak >= 0
    # a skill gap at one stage: many deals that reach it die there
    dies = leaking & (rng.random(n) < 0.7)
    won = won & ~dies
    lost_stage = np.where(leaking & ~won & (rng.random(n) < 0.85), np.maximum(leak, 0), lost_stage)
    final_stage = np.where(won, 4, lost_stage)
    cycle = np.where(won, rng.gamma(3.0, 14.0, n), rng.gamma(2.5, 30.0, n)) + 3
    cycle_us = (cycle * DAY.astype(np.int64)).astype("timedelta64[us]")
    end = created + cycle_us
    is_open = end > as_of
    outcome = np.where(is_open, "open", np.where(won, "won", "lost"))
    progress = np.clip((as_of - created) / cycle_us, 0, 1)
    current = np.minimum(final_stage, (progress * (final_stage + 1)).astype(int))
    final_stage = np.where(is_open, current, final_stage)
    end = np.where(is_open, as_of, end)
    special = np.full(n, "", dtype=object)
    for kind, chosen in deal_plants.items():
        mask = np.isin(index, chosen)
        special[mask] = kind
    created, final_stage, outcome, end = _plant_deals(
        special, created, final_stage, outcome, end, as_of, rng
    )
    amount = np.round(
        rng.lognormal(9.9, 0.6, n)
        * reps.amount_mult[rep]
        * (1 + np.log10(accounts.table.column("employees").to_numpy()[account]) / 4),
        -2,
    )
    return DealBatch(
        index,
        deal_id(index),
        rep,
        account,
        source,
        created,
        end,
        outcome,
        final_stage,
        amount,
        bant_known,
        multithread,
        special,
    )


def _plant_deals(
    special: np.ndarray,
    created: np.ndarray,
    stage: np.ndarray,
    outcome: np.ndarray,
    end: np.ndarray,
    as_of: np.datetime64,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Zombie, stalled and radio-silent deals: open, of a planted age and stage."""
    ages = {"zombie_deals": (300, 345), "stalled_deals": (150, 240), "radio_silence": (45, 100)}
    stages = {"zombie_deals": (3, 4), "stalled_deals": (2, 3), "radio_silence": (1, 3)}
    for kind, (a0, a1) in ages.items():
        mask = special == kind
        k = int(mask.sum())
        if not k:
            continue
        age = rng.uniform(a0, a1, k) * DAY.astype(np.int64)
        created[mask] = (as_of - age.astype("timedelta64[us]")).astype("datetime64[s]")
        stage[mask] = rng.integers(stages[kind][0], stages[kind][1] + 1, k)
        outcome[mask] = "open"
        end[mask] = as_of
    return created, stage, outcome, end
