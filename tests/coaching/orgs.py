"""Simulated orgs for the review tests: one rep-level weakness planted on one rep, and a new
rep with a handful of deals written into the store (too little data to judge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from pipeline_doctor.simulate import Plant, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

NEW_REP = "R900"


def planted_org(path: Path, kind: str, seed: int, deals: int) -> tuple[SimulationConfig, str]:
    """Simulate an org with `kind` planted on one rep (held-out wording, as the planted-defect
    tests); returns its config and the planted rep's id."""
    config = SimulationConfig(deals=deals, seed=seed, plants=(Plant(kind),), wording="held_out")
    with Store.open(path) as store:
        truth = simulate_into(store, config)
    (rep,) = truth.reps_with(kind)
    return config, rep


def add_new_rep(store: Store, name: str, *, won: int, lost: int, open_deals: int) -> None:
    """A rep hired last month with a few deals of their own."""
    store.write("reps", pa.Table.from_pylist(
        [{"id": NEW_REP, "name": name, "team": "Team A", "role": "rep"}]
    ))  # fmt: skip
    start = dt.datetime(2026, 6, 1, 10)
    outcomes = ["won"] * won + ["lost"] * lost + ["open"] * open_deals
    stage = {"won": "Closed Won", "lost": "Closed Lost", "open": "Qualification"}
    deals = [
        {
            "id": f"DNEW{i:03d}",
            "name": f"New deal {i}",
            "rep": NEW_REP,
            "outcome": outcome,
            "stage": stage[outcome],
            "pipeline": "default",
            "amount": 10_000.0,
            "currency": "USD",
            "source": "inbound",
            "created_at": start + dt.timedelta(days=i),
            "closed_at": None if outcome == "open" else start + dt.timedelta(days=i + 10),
        }
        for i, outcome in enumerate(outcomes)
    ]
    store.write("deals", pa.Table.from_pylist(deals))
