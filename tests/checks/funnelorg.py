"""The small org (smallorg.py) plus leads, referrals and referral asks, and a second org whose
referral share of new deals falls quarter by quarter: fixtures for the sourcing checks."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pyarrow as pa

from pipeline_doctor.store import Store
from tests.checks.smallorg import STAGES, build_small_org

EXTRA_LEADS = {"referral": 1, "inbound": 4, "event": 6, "outbound_cold": 25}
"""Most leads per deal of each source that never became deals (drawn 0..n)."""


def contact_account(contact: str) -> str:
    """smallorg.py gives each account three contacts, numbered in account order."""
    return f"A{int(contact[1:]) // 3:04d}"


def build_funnel_org(store: Store, seed: int = 7, *, referrals: bool = True) -> dict[str, Any]:
    """The small org with a lead per deal (a few converted without a deal id), unconverted
    leads per source, a referral per referral deal, asks that introduced nobody, and referral
    asks after about a third of the wins. Returns every raw row. With `referrals` False the
    referrals table stays empty (an export without one)."""
    rows = build_small_org(store)
    rng = random.Random(seed)
    leads: list[dict[str, Any]] = []
    referral_rows: list[dict[str, Any]] = []
    asks: list[dict[str, Any]] = []
    for i, d in enumerate(rows["deals"]):
        lead_id = f"L{i:06d}"
        created = d["created_at"] - dt.timedelta(days=3)
        leads.append(
            {
                "id": lead_id,
                "created_at": created,
                "source": d["source"],
                "rep": d["rep"],
                "account": d["account"],
                "status": "converted",
                "converted_at": d["created_at"],
                # a converted lead whose deal id the CRM lost still counts as converted
                "deal": None if i % 17 == 0 else d["id"],
            }
        )
        for k in range(rng.randint(0, EXTRA_LEADS.get(d["source"], 2))):
            leads.append(
                {
                    "id": f"L{i:06d}-{k}",
                    "created_at": created - dt.timedelta(days=rng.randint(0, 40)),
                    "source": d["source"],
                    "rep": None if rng.random() < 0.05 else d["rep"],
                    "status": rng.choice(["open", "disqualified"]),
                }
            )
        if d["source"] == "referral":
            referral_rows.append(
                {
                    "id": f"F{i:06d}",
                    "referrer": f"C{rng.randint(0, 29):05d}",  # half the accounts refer
                    "referred_lead": lead_id,
                    "rep": d["rep"],
                    "asked_at": created - dt.timedelta(days=10),
                    "introduced_at": created,
                }
            )
        if rng.random() < 0.05:  # an ask that introduced nobody
            referral_rows.append(
                {
                    "id": f"G{i:06d}",
                    "referrer": f"C{rng.randint(0, 179):05d}",
                    "rep": d["rep"],
                    "asked_at": created,
                }
            )
        if d["outcome"] == "won" and rng.random() < 0.3:
            asks.append(
                {
                    "id": f"Y{i:06d}",
                    "account": d["account"],
                    "rep": d["rep"],
                    "at": d["closed_at"] + dt.timedelta(days=5),
                    "kind": "referral_ask",
                    "direction": "outbound",
                    "outcome": "done",
                }
            )
    store.write("leads", pa.Table.from_pylist(leads))
    if referrals:
        store.write("referrals", pa.Table.from_pylist(referral_rows))
    else:
        referral_rows = []
    store.write("activities", pa.Table.from_pylist(asks))
    return {**rows, "leads": leads, "referrals": referral_rows, "asks": asks}


FALLING_SHARES = (0.45, 0.35, 0.22, 0.1)
"""Referral share of new deals in each quarter of 2025 in the falling org."""


def build_falling_org(
    store: Store,
    shares: tuple[float, ...] = FALLING_SHARES,
    per_quarter: int = 160,
    seed: int = 3,
) -> dict[str, Any]:
    """Quarters of 2025 with these referral shares of new deals; referral deals win more
    often than the rest."""
    rng = random.Random(seed)
    reps = [{"id": f"R{i}", "name": f"Seller {i}", "role": "rep"} for i in range(1, 4)]
    accounts = [{"id": f"A{i}", "name": f"Buyer {i}"} for i in range(20)]
    closed = [("Closed Won", True), ("Closed Lost", False)]
    stages = [
        {"pipeline": "default", "name": n, "stage_order": i, "closed": False, "won": False}
        for i, n in enumerate(STAGES)
    ] + [
        {"pipeline": "default", "name": n, "stage_order": 5 + i, "closed": True, "won": won}
        for i, (n, won) in enumerate(closed)
    ]
    deals: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    for q, share in enumerate(shares):
        start = dt.datetime(2025, 1 + 3 * q, 1, 9)
        for j in range(per_quarter):
            referral = j < round(share * per_quarter)
            created = start + dt.timedelta(days=rng.randint(0, 85), hours=rng.randint(0, 8))
            outcome = "won" if rng.random() < (0.6 if referral else 0.2) else "lost"
            did = f"D{q}{j:04d}"
            deals.append(
                {
                    "id": did,
                    "rep": rng.choice(reps)["id"],
                    "account": rng.choice(accounts)["id"],
                    "source": "referral" if referral else rng.choice(["inbound", "outbound_cold"]),
                    "created_at": created,
                    "closed_at": created + dt.timedelta(days=20),
                    "outcome": outcome,
                    "pipeline": "default",
                    "stage": "Closed Won" if outcome == "won" else "Closed Lost",
                    "amount": 1000.0 * rng.randint(1, 20),
                    "budget": "known",
                    "authority": "known",
                    "need": "known",
                    "timing": "known",
                }
            )
            activities.append(
                {
                    "id": f"X{did}",
                    "deal": did,
                    "at": created,
                    "kind": "call",
                    "outcome": "connected",
                }
            )
    store.write("reps", pa.Table.from_pylist(reps))
    store.write("stages", pa.Table.from_pylist(stages))
    store.write("accounts", pa.Table.from_pylist(accounts))
    store.write("deals", pa.Table.from_pylist(deals))
    store.write("activities", pa.Table.from_pylist(activities))
    return {"reps": reps, "deals": deals}
