"""A small hand-built org whose reps write emails, hold meetings and record calls: one rep
(CARELESS) goes in unprepared, asks little on discovery calls and sends product pitches that ask
for nothing. Returns the raw rows so tests recompute every figure with pandas."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pyarrow as pa

from pipeline_doctor.store import Store

CARELESS = "R006"
T0 = dt.datetime(2025, 1, 6, 9, 0)
STAGES = ("Qualification", "Discovery", "Proposal")

GOOD_EMAILS = (
    "Hi {first},\n\nThanks for walking me through how {company} closes the books. You said "
    "month-end takes your team four days; I sketched how two similar teams cut that in half.\n\n"
    "Would Tuesday at 10:00 work to go through it with your controller?\n\nBest,\n{rep}",
    "Hello {first},\n\nFollowing up on your goal of opening the Leeds office by June. I wrote "
    "down the three risks you raised and how we would handle each one.\n\nCould you tell me who "
    "else at {company} should see this before we meet again?\n\nThanks,\n{rep}",
    "Hi {first},\n\nYou mentioned your board wants a clear payback case. Attached is a one-page "
    "estimate using the numbers you shared: about seven months.\n\nDoes Thursday afternoon suit "
    "you to check the assumptions together?\n\n{rep}",
)
BAD_EMAILS = (
    "Hi,\n\nI wanted to let you know that our platform is the leading solution in the market. "
    "Our new release adds over 200 features and our award-winning support team is proud to "
    "serve hundreds of companies like yours. We are the best in the industry.\n\nBest regards,"
    "\n{rep}",
    "Hello,\n\nJust checking in! Our company was named a leader again this year. Our product "
    "offers unmatched functionality and our new dashboard module is now available to all our "
    "customers.\n\nKind regards,\n{rep}",
)
GOOD_CALL = (
    ("rep", "Thanks for making the time. What prompted you to look at this now?"),
    ("buyer", "Month-end takes us four days and the CFO wants it under two."),
    ("rep", "How are you handling the reconciliation today, and what does that cost you?"),
    ("buyer", "Three people spend most of a week on spreadsheets."),
    ("rep", "Who else will weigh in on a decision like this?"),
    ("buyer", "Our CFO signs off; the controller will run the evaluation."),
    ("rep", "What budget have you set aside for fixing it this year?"),
    ("buyer", "Around forty thousand, approved last quarter."),
    ("rep", "When do you need it working, and what happens if it slips?"),
    ("buyer", "Before the audit in September, otherwise we hire two more people."),
    ("rep", "What would make this a clear yes for your CFO?"),
    ("buyer", "A payback under a year."),
    ("rep", "How do you measure the close today?"),
    ("buyer", "Days from period end to signed accounts."),
    ("rep", "Shall we meet on Thursday at 10 with your controller to go through a plan?"),
    ("buyer", "Thursday works."),
)
BAD_CALL = (
    (
        "rep",
        "Let me tell you about our platform. We have over 200 features, AI forecasting, "
        "advanced dashboards and integrations with everything you can think of.",
    ),
    ("buyer", "Okay."),
    (
        "rep",
        "Our company was founded in 2009 and we have offices in twelve countries. Our "
        "product is the market leader and our customers love the new release.",
    ),
    ("buyer", "I see."),
    ("rep", "Do you use spreadsheets?"),
    ("buyer", "Yes."),
    (
        "rep",
        "Our reporting module replaces spreadsheets completely and our roadmap has many more "
        "capabilities coming this year. Our support team is award-winning as well.",
    ),
    ("buyer", "Sounds good, send me something."),
)


def _call(lines: tuple[tuple[str, str], ...], rep_share: float, rng: random.Random) -> list:
    """Segments with times: rep turns take `rep_share` of the talk."""
    total = rng.uniform(1500, 2400)
    reps = sum(1 for role, _ in lines if role == "rep")
    out, t = [], 0.0
    for role, text in lines:
        length = total * (
            rep_share / reps if role == "rep" else (1 - rep_share) / (len(lines) - reps)
        )
        out.append((role, round(t, 1), round(t + length, 1), text))
        t += length + 1.0
    return out


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    """Rows with different keys as one table (absent keys are nulls)."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows])


def build_talk_org(store: Store, *, deals: int = 360, seed: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    reps = [{"id": f"R{i:03d}", "name": f"Rep {i}", "role": "rep"} for i in range(1, 7)]
    accounts = [{"id": f"A{i:03d}", "name": f"Company {i}"} for i in range(40)]
    contacts = [
        {"id": f"C{i:03d}", "account": a["id"], "name": f"Pat{i} Lee"}
        for i, a in enumerate(accounts)
    ]
    stages = [
        {"pipeline": "default", "name": n, "stage_order": i, "closed": False, "won": False}
        for i, n in enumerate(STAGES)
    ] + [
        {"pipeline": "default", "name": "Won", "stage_order": 3, "closed": True, "won": True},
        {"pipeline": "default", "name": "Lost", "stage_order": 4, "closed": True, "won": False},
    ]
    rows: dict[str, list[dict[str, Any]]] = {"deals": [], "activities": [], "segments": []}
    for i in range(deals):
        rep = reps[i % 6]["id"]
        careless = rep == CARELESS
        a = rng.randrange(len(accounts))
        created = T0 + dt.timedelta(days=rng.randint(0, 300))
        r = rng.random()
        outcome = "open" if r < 0.2 else ("won" if r < 0.2 + (0.2 if careless else 0.4) else "lost")
        did = f"D{i:04d}"
        rows["deals"].append(
            {
                "id": did,
                "rep": rep,
                "account": accounts[a]["id"],
                "created_at": created,
                "closed_at": created + dt.timedelta(days=60) if outcome != "open" else None,
                "outcome": outcome,
                "pipeline": "default",
                "stage": {"won": "Won", "lost": "Lost"}.get(outcome, "Discovery"),
                "amount": 10_000.0,
            }
        )
        ids = iter(range(100))
        base = {
            "deal": did,
            "account": accounts[a]["id"],
            "contact": contacts[a]["id"],
            "rep": rep,
        }

        def act(
            kind: str,
            at: dt.datetime,
            base: dict[str, Any] = base,
            prefix: str = f"X{i:04d}",
            ids: Any = ids,
            **extra: Any,
        ) -> dict[str, Any]:
            row = {"id": f"{prefix}{next(ids):02d}", **base, "at": at, "kind": kind, **extra}
            rows["activities"].append(row)
            return row

        for m in range(3):
            at = created + dt.timedelta(days=5 + 14 * m, hours=2)
            agenda = rng.random() < (0.1 if careless else 0.85)
            if not careless and not agenda and rng.random() < 0.5:
                act("note", at - dt.timedelta(hours=20), subject="Researched attendees")
            meeting = act(
                "meeting",
                at,
                outcome="held",
                direction="outbound",
                agenda="1. Your goals 2. Today's process 3. Next steps" if agenda else None,
            )
            if m == 0:
                good = rng.random() < (0.1 if careless else 0.9)
                lines = GOOD_CALL if good else BAD_CALL
                share = rng.uniform(0.35, 0.5) if good else rng.uniform(0.7, 0.85)
                for seq, (role, start, end, text) in enumerate(_call(lines, share, rng)):
                    rows["segments"].append(
                        {
                            "activity": meeting["id"],
                            "seq": seq,
                            "speaker": rep if role == "rep" else contacts[a]["id"],
                            "speaker_role": role,
                            "start_s": start,
                            "end_s": end,
                            "text": text,
                        }
                    )
        for e in range(4):
            at = created + dt.timedelta(days=7 + 10 * e, hours=3)
            good = rng.random() < (0.1 if careless else 0.85)
            pool = GOOD_EMAILS if good else BAD_EMAILS
            body = rng.choice(pool).format(
                first=contacts[a]["name"].split()[0], company=accounts[a]["name"], rep=rep
            )
            act("email", at, direction="outbound", outcome="sent", body=body, subject="Follow-up")
            if rng.random() < (0.5 if good else 0.1):
                act(
                    "email",
                    at + dt.timedelta(days=1),
                    direction="inbound",
                    outcome="replied",
                    body="Thanks, that works.",
                    subject="Re: Follow-up",
                )
    for name, data in (
        ("reps", reps),
        ("stages", stages),
        ("accounts", accounts),
        ("contacts", contacts),
        ("deals", rows["deals"]),
        ("activities", rows["activities"]),
        ("transcript_segments", rows["segments"]),
    ):
        store.write(name, _table(data))
    return {"reps": reps, "accounts": accounts, "contacts": contacts, **rows}
