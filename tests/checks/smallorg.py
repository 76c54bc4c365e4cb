"""A small hand-built sales org (a few hundred deals), written straight into a store with
pyarrow: the fixture for conformance tests and for independent pandas re-computations."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pyarrow as pa

from pipeline_doctor.store import Store

T0 = dt.datetime(2025, 1, 6, 9)
STAGES = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"]
SLOPPY_REP = "R006"
SOURCES = ["referral", "inbound", "outbound_cold", "outbound_cold", "event"]


def build_small_org(
    store: Store, *, deals: int = 400, seed: int = 1, amounts: bool = True
) -> dict[str, Any]:
    """Write reps, accounts, contacts, stages, deals, stage changes, field changes and
    activities; return the raw rows so tests can recompute figures with pandas. Without
    `amounts` the deals carry none (as in a CRM nobody prices deals in) and are otherwise the
    same."""
    rng = random.Random(seed)
    # expected close dates from a generator of their own, so adding them left every other
    # figure of the org as it was
    close_rng = random.Random(seed + 1000)
    reps = [
        {"id": f"R{i:03d}", "name": f"Rep {i}", "team": "East" if i % 2 else "West", "role": "rep"}
        for i in range(1, 7)
    ]
    stages = [
        {"pipeline": "default", "name": n, "stage_order": i, "closed": False, "won": False}
        for i, n in enumerate(STAGES)
    ] + [
        {
            "pipeline": "default",
            "name": "Closed Won",
            "stage_order": 5,
            "closed": True,
            "won": True,
        },
        {
            "pipeline": "default",
            "name": "Closed Lost",
            "stage_order": 6,
            "closed": True,
            "won": False,
        },
    ]
    accounts = [
        {
            "id": f"A{i:04d}",
            "name": f"Account {i}",
            "industry": rng.choice(["Retail", "Software", "Health"]),
            "employees": rng.choice([20, 200, 2000]),
            "reach": rng.choice(["regional", "national"]),
            "price_sensitivity": rng.choice(["value", "price"]),
            "innovation_appetite": rng.choice(["high", "low"]),
        }
        for i in range(60)
    ]
    contacts = [
        {"id": f"C{i:05d}", "account": a["id"], "buying_role": role}
        for i, (a, role) in enumerate(
            (a, r) for a in accounts for r in ("decision_maker", "technical", "user")
        )
    ]
    rows: dict[str, list[dict[str, Any]]] = {
        "deals": [],
        "stage_changes": [],
        "field_changes": [],
        "activities": [],
    }
    for i in range(deals):
        rep = rng.choice(reps)["id"]
        acct = rng.choice(accounts)
        created = T0 + dt.timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 8))
        warm = rng.random() < 0.4
        source = "referral" if warm else rng.choice(SOURCES)
        furthest = rng.randint(0, 4)
        r = rng.random()
        outcome = "open" if r < 0.25 else ("won" if r < 0.25 + (0.5 if warm else 0.2) else "lost")
        if outcome == "won":
            furthest = 4
        t = created
        did = f"D{i:07d}"
        for s in range(furthest + 1):
            rows["stage_changes"].append(
                {
                    "deal": did,
                    "at": t,
                    "from_stage": STAGES[s - 1] if s else None,
                    "to_stage": STAGES[s],
                }
            )
            t += dt.timedelta(days=rng.randint(3, 20))
        closed = None
        stage = STAGES[furthest]
        if outcome != "open":
            closed = t
            stage = "Closed Won" if outcome == "won" else "Closed Lost"
            rows["stage_changes"].append(
                {"deal": did, "at": t, "from_stage": STAGES[furthest], "to_stage": stage}
            )
        sloppy = rep == SLOPPY_REP  # skips qualification and next steps
        unknown = [rng.random() < (0.7 if sloppy else 0.1) for _ in range(4)]
        amount = float(rng.randint(1, 50) * 1000)  # drawn either way: the same org otherwise
        rows["deals"].append(
            {
                "id": did,
                "rep": rep,
                "account": acct["id"],
                "source": source,
                "created_at": created,
                "closed_at": closed,
                "outcome": outcome,
                "pipeline": "default",
                "stage": stage,
                "amount": amount if amounts else None,
                "expected_close": (created + dt.timedelta(days=close_rng.randint(20, 300))).date(),
                "lost_reason_category": (
                    rng.choice(["price", "timing", "other", None]) if outcome == "lost" else None
                ),
                "budget": "unknown" if unknown[0] else "known",
                "authority": "unknown" if unknown[1] else "known",
                "need": "unknown" if unknown[2] else "known",
                "timing": "unknown" if unknown[3] else "known",
            }
        )
        if rng.random() < 0.2:
            rows["field_changes"].append(
                {
                    "deal": did,
                    "at": created + dt.timedelta(days=1),
                    "field": "expected_close",
                    "old_value": "2025-03-01",
                    "new_value": "2025-04-01",
                }
            )
        for k in range(rng.randint(0, 12)):
            kind = rng.choice(["call", "email", "meeting"])
            at = created + dt.timedelta(days=rng.randint(0, 60), hours=k)
            contact = f"C{(accounts.index(acct) * 3 + rng.randint(0, 2)):05d}"
            act: dict[str, Any] = {
                "id": f"X{i:07d}{k:02d}",
                "deal": did,
                "account": acct["id"],
                "contact": contact,
                "rep": rep,
                "at": at,
                "kind": kind,
                "direction": "inbound" if rng.random() < 0.3 else "outbound",
            }
            if kind == "meeting":
                act["outcome"] = "held"
                if rng.random() < (0.1 if sloppy else 0.85):
                    act["next_step"] = "demo"
                    act["next_step_due"] = at + dt.timedelta(days=rng.randint(1, 7))
            elif kind == "call":
                act["outcome"] = rng.choice(["connected", "no_answer", "voicemail"])
            else:
                act["outcome"] = rng.choice(["sent", "replied"])
            rows["activities"].append(act)
    store.write("reps", pa.Table.from_pylist(reps))
    store.write("stages", pa.Table.from_pylist(stages))
    store.write("accounts", pa.Table.from_pylist(accounts))
    store.write("contacts", pa.Table.from_pylist(contacts))
    for name in ("deals", "stage_changes", "field_changes", "activities"):
        store.write(name, pa.Table.from_pylist(rows[name]))
    return {"reps": reps, "stages": stages, "accounts": accounts, **rows}
