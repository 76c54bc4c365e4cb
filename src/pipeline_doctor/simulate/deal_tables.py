"""Canonical rows for a batch of deals: deals, leads, referrals, stage and field history."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipeline_doctor.simulate.config import (
    LEAD_TO_DEAL,
    LOST_STAGE,
    OPEN_STAGES,
    PIPELINE,
    WON_STAGE,
    SimulationConfig,
)
from pipeline_doctor.simulate.deals import DAY, NULL, DealBatch
from pipeline_doctor.simulate.org import Accounts, contact_id
from pipeline_doctor.simulate.profiles import SOURCES, RepProfiles
from pipeline_doctor.simulate.text import (
    COMPETITORS,
    DISQUALIFIED,
    LOST_REASON_P,
    LOST_REASON_TEXT,
    LOST_REASONS,
    PRODUCTS,
    SOURCE_LABELS,
)

COMPRESS = {"stalled_deals": 0.12, "zombie_deals": 0.2, "radio_silence": 0.5}
PUSH_DAYS = 28
FIRST_CLOSE_DAYS = 45.0
"""A new deal's first expected close date, in days after its creation."""


def _us(days: np.ndarray) -> np.ndarray:
    return np.asarray((days * DAY.astype(np.int64)).astype("timedelta64[us]"))


def _stage_name(b: DealBatch) -> np.ndarray:
    open_name = np.array(OPEN_STAGES)[b.final_stage]
    return np.where(
        b.outcome == "won", WON_STAGE, np.where(b.outcome == "lost", LOST_STAGE, open_name)
    )


def stage_changes(b: DealBatch) -> pa.Table:
    steps = b.final_stage + 1
    row_deal = np.repeat(np.arange(len(b.ids)), steps)
    k = np.arange(len(row_deal)) - np.repeat(np.cumsum(steps) - steps, steps)
    span = (b.end - b.created)[row_deal]
    share = np.array([COMPRESS.get(s, 1.0) for s in b.special])[row_deal]
    at = b.created[row_deal] + (span * (k / steps[row_deal] * share)).astype("timedelta64[us]")
    names = np.array(OPEN_STAGES)
    from_stage = np.where(k == 0, NULL, names[np.maximum(k - 1, 0)])
    closed = np.flatnonzero(b.outcome != "open")
    return pa.table(
        {
            "deal": np.concatenate([b.ids[row_deal], b.ids[closed]]),
            "at": np.concatenate([at, b.end[closed]]),
            "from_stage": np.concatenate([from_stage, names[b.final_stage[closed]]]),
            "to_stage": np.concatenate([names[k], _stage_name(b)[closed]]),
            "by": np.concatenate([np.array([None] * len(k)), np.array([None] * len(closed))]),
        }
    )


@dataclass(frozen=True)
class Pushes:
    """How each deal's expected close date moved: how many pushes, the date they ended on, and
    whether the last one was a healthy rep moving a passed date to one ahead of today."""

    count: np.ndarray
    expected: np.ndarray  # datetime64[D]
    caught_up: np.ndarray  # bool


def plan_pushes(b: DealBatch, rng: np.random.Generator) -> Pushes:
    n = len(b.ids)
    regular = np.select(
        [b.outcome == "lost", b.outcome == "won"],
        [(rng.random(n) < 0.25) * rng.integers(1, 3, n), (rng.random(n) < 0.08) * 1],
        (rng.random(n) < 0.12) * 1,
    )
    regular = np.where(b.special == "zombie_deals", rng.integers(4, 8, n), regular)
    regular = np.where(b.special == "stalled_deals", 0, regular)
    due = b.created + _us(FIRST_CLOSE_DAYS + regular * float(PUSH_DAYS))
    caught_up = (b.outcome == "open") & (b.special == "") & (due < b.end)
    ahead = b.end + _us(14.0 + (b.index % 29).astype(np.float64))
    expected = np.where(caught_up, ahead, due).astype("datetime64[D]")
    return Pushes(np.asarray(regular + caught_up), np.asarray(expected), np.asarray(caught_up))


def field_changes(b: DealBatch, plan: Pushes, rng: np.random.Generator) -> pa.Table:
    pushes = plan.count
    first_close = b.created + _us(np.full(len(b.ids), FIRST_CLOSE_DAYS))
    d = np.repeat(np.arange(len(b.ids)), pushes)
    j = np.arange(len(d)) - np.repeat(np.cumsum(pushes) - pushes, pushes)
    span = b.end[d] - b.created[d]
    at = b.created[d] + (span * ((j + 1) / (pushes[d] + 1))).astype("timedelta64[us]")
    old_day = (first_close[d] + _us(j * float(PUSH_DAYS))).astype("datetime64[D]")
    new_day = (first_close[d] + _us((j + 1) * float(PUSH_DAYS))).astype("datetime64[D]")
    # a catching-up push (the last one) ends on the date the deal now expects
    last = plan.caught_up[d] & (j == pushes[d] - 1)
    new_day = np.where(last, plan.expected[d], new_day)
    at = np.where(last, b.end[d] - np.timedelta64(1, "us"), at).astype("datetime64[us]")
    old, new = old_day.astype(str), new_day.astype(str)
    deals, ats, fields, olds, news = (
        [b.ids[d]],
        [at],
        [np.full(len(d), "expected_close")],
        [old],
        [new],
    )
    zombie = np.flatnonzero(b.special == "zombie_deals")
    for r in range(3):
        reopened = zombie[rng.random(len(zombie)) < (1.0, 0.7, 0.4)[r]]
        t = b.created[reopened] + (b.end[reopened] - b.created[reopened]) * (0.3 + 0.15 * r)
        t = t.astype("datetime64[us]")
        for offset, pair in ((0, ("open", "lost")), (2, ("lost", "open"))):
            deals.append(b.ids[reopened])
            ats.append(t + _us(np.full(len(reopened), float(offset))))
            fields.append(np.full(len(reopened), "outcome"))
            olds.append(np.full(len(reopened), pair[0]))
            news.append(np.full(len(reopened), pair[1]))
    changed = np.flatnonzero((rng.random(len(b.ids)) < 0.12) & (b.special == ""))
    deals.append(b.ids[changed])
    ats.append(b.created[changed] + (b.end[changed] - b.created[changed]) // 2)
    fields.append(np.full(len(changed), "amount"))
    olds.append(np.round(b.amount[changed] * 1.2, 2).astype(str))
    news.append(b.amount[changed].astype(str))
    table = pa.table(
        {
            "deal": np.concatenate(deals),
            "at": np.concatenate(ats).astype("datetime64[us]"),
            "field": np.concatenate(fields),
            "old_value": np.concatenate(olds),
            "new_value": np.concatenate(news),
        }
    )
    # one change per deal, field and instant: drop the rare collisions of rounding
    return (
        table.group_by(["deal", "at", "field"], use_threads=False)
        .aggregate([("old_value", "first"), ("new_value", "first")])
        .rename_columns(["deal", "at", "field", "old_value", "new_value"])
    )


def deals_table(
    b: DealBatch, reps: RepProfiles, plan: Pushes, rng: np.random.Generator
) -> pa.Table:
    n = len(b.ids)
    lost = b.outcome == "lost"
    filled = rng.random(n) < reps.reason_fill_rate[b.rep]
    category = np.array(LOST_REASONS)[rng.choice(len(LOST_REASONS), n, p=LOST_REASON_P)]
    blank_kind = rng.random(n) < 0.6
    reason = np.where(filled, category, np.where(blank_kind, NULL, "other"))
    reason = np.where(lost, reason, NULL)
    text = np.array([LOST_REASON_TEXT.get(str(r)) for r in reason], dtype=object)
    competitor = np.where(
        reason == "competitor", np.array(COMPETITORS)[b.index % len(COMPETITORS)], NULL
    )
    expected = plan.expected
    knowledge = np.where(b.bant_known, "known", "unknown")
    return pa.table(
        {
            "id": b.ids,
            "name": np.char.add(
                np.array(PRODUCTS)[b.index % len(PRODUCTS)], np.char.add(" — ", b.ids)
            ),
            "account": pa.nulls(n, pa.string()),  # filled by the caller, which knows account ids
            "rep": reps.ids[b.rep],
            "lead": np.char.add("L", np.char.zfill((b.index + 1).astype(str), 8)),
            "source": np.array(SOURCES)[b.source],
            "source_detail": np.array([SOURCE_LABELS[s] for s in SOURCES])[b.source],
            "created_at": b.created,
            "expected_close": expected,
            "closed_at": pa.array(np.where(b.outcome == "open", NULL, b.end), pa.timestamp("us")),
            "outcome": b.outcome,
            "amount": b.amount,
            "currency": np.full(n, "USD"),
            "pipeline": np.full(n, PIPELINE),
            "stage": _stage_name(b),
            "lost_reason_category": reason,
            "lost_reason_text": text,
            "competitor": competitor,
            "product": np.array(PRODUCTS)[b.index % len(PRODUCTS)],
            "budget": knowledge[:, 0],
            "authority": knowledge[:, 1],
            "need": knowledge[:, 2],
            "timing": knowledge[:, 3],
        }
    )


def leads_and_referrals(
    config: SimulationConfig,
    b: DealBatch,
    reps: RepProfiles,
    accounts: Accounts,
    batch_no: int,
    rng: np.random.Generator,
) -> tuple[pa.Table, pa.Table]:
    """A converted lead per deal, the leads of each source that never became deals, and the
    referral (ask and introduction) behind every referral lead."""
    n = len(b.ids)
    lead_ids = np.char.add("L", np.char.zfill((b.index + 1).astype(str), 8))
    lead_created = b.created - _us(rng.uniform(1, 15, n)).astype("timedelta64[s]")
    is_ref = np.array(SOURCES)[b.source] == "referral"
    referrer_acc = rng.integers(0, len(accounts.ids), n)
    referrer = contact_id(accounts.contact_start[referrer_acc] + 2 * (rng.random(n) < 0.5))
    conv = np.array([LEAD_TO_DEAL[s] for s in SOURCES])[b.source]
    extra = rng.poisson(1 / conv - 1)
    e = np.repeat(np.arange(n), extra)
    m = len(e)
    e_created = np.datetime64(config.start, "us") + _us(rng.uniform(0, config.history_days - 1, m))
    e_status = np.where(rng.random(m) < 0.75, "disqualified", "open")
    src = np.array(SOURCES)
    leads = pa.table(
        {
            "id": np.concatenate(
                [lead_ids, np.char.add(f"L{batch_no:04d}-", np.arange(m).astype(str))]
            ),
            "created_at": np.concatenate([lead_created, e_created.astype("datetime64[us]")]),
            "source": np.concatenate([src[b.source], src[b.source[e]]]),
            "source_detail": np.array([SOURCE_LABELS[s] for s in SOURCES])[
                np.concatenate([b.source, b.source[e]])
            ],
            "referred_by": pa.array(
                np.concatenate([np.where(is_ref, referrer, NULL), np.full(m, None)]), pa.string()
            ),
            "rep": np.concatenate([reps.ids[b.rep], reps.ids[b.rep[e]]]),
            "account": np.concatenate([accounts.ids[b.account], np.full(m, None)]),
            "status": np.concatenate([np.full(n, "converted"), e_status]),
            "converted_at": pa.array(
                np.concatenate([b.created, np.full(m, None)]), pa.timestamp("us")
            ),
            "deal": np.concatenate([b.ids, np.full(m, None)]),
            "disqualified_reason": np.concatenate(
                [
                    np.full(n, None),
                    np.where(
                        e_status == "disqualified",
                        np.array(DISQUALIFIED)[rng.integers(0, len(DISQUALIFIED), m)],
                        NULL,
                    ),
                ]
            ),
        }
    )
    r = np.flatnonzero(is_ref)
    asked = lead_created[r] - _us(rng.uniform(3, 30, len(r))).astype("timedelta64[s]")
    referrals = pa.table(
        {
            "id": np.char.add("F", np.char.zfill((b.index[r] + 1).astype(str), 8)),
            "referrer": referrer[r],
            "referred_lead": lead_ids[r],
            "rep": reps.ids[b.rep[r]],
            "asked_at": asked.astype("datetime64[us]"),
            "introduced_at": lead_created[r].astype("datetime64[us]"),
        }
    )
    return leads, referrals
