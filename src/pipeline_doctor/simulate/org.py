"""The fixed part of the organisation: teams, reps, quotas, accounts, contacts, stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipeline_doctor.simulate.config import (
    LOST_STAGE,
    OPEN_STAGES,
    PIPELINE,
    WON_STAGE,
    SimulationConfig,
)

INDUSTRIES = (
    "Software",
    "Manufacturing",
    "Healthcare",
    "Finance",
    "Retail",
    "Logistics",
    "Education",
    "Energy",
)
INDUSTRY_LOGIT = (0.4, 0.2, 0.1, 0.3, -0.2, 0.0, -0.3, 0.1)
REGIONS = (
    ("US", "North America"),
    ("CA", "North America"),
    ("GB", "Europe"),
    ("DE", "Europe"),
    ("FR", "Europe"),
    ("AU", "Asia Pacific"),
    ("SG", "Asia Pacific"),
)
FIRST = (
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Robin",
    "Kim",
    "Lee",
    "Noor",
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
)
LAST = (
    "Smith",
    "Garcia",
    "Müller",
    "Okafor",
    "Tanaka",
    "Rossi",
    "Dubois",
    "Novak",
    "Silva",
    "Khan",
    "Berg",
    "Walsh",
    "Ivanova",
    "Park",
    "Haddad",
)
ROLE_BY_SLOT = ("decision_maker", "technical", "champion", "influencer", "user", "influencer")
TITLE_BY_ROLE = {
    "decision_maker": "VP Operations",
    "technical": "IT Architect",
    "champion": "Operations Manager",
    "influencer": "Finance Analyst",
    "user": "Team Lead",
}


@dataclass(frozen=True)
class Accounts:
    ids: np.ndarray
    fit_logit: np.ndarray
    contact_start: np.ndarray
    contact_count: np.ndarray
    deal_weight: np.ndarray
    table: pa.Table


def _names(rng: np.random.Generator, n: int) -> list[str]:
    first = rng.choice(len(FIRST), n)
    last = rng.choice(len(LAST), n)
    return [f"{FIRST[f]} {LAST[s]}" for f, s in zip(first, last, strict=True)]


def _unique_names(n: int, rng: np.random.Generator) -> list[str]:
    """Distinct people's names, so a manager never sees two reps with the same name."""
    combos = [f"{f} {s}" for s in LAST for f in FIRST]
    order = rng.permutation(len(combos))
    return [
        combos[order[i % len(combos)]] + ("" if i < len(combos) else f" {i // len(combos) + 1}")
        for i in range(n)
    ]


def rep_ids(n: int) -> list[str]:
    return [f"R{i + 1:03d}" for i in range(n)]


def build_reps(config: SimulationConfig, rng: np.random.Generator) -> pa.Table:
    n = config.n_reps
    n_teams = max(2, n // 8)
    managers = [f"M{t + 1:02d}" for t in range(n_teams)]
    teams = [f"Team {chr(65 + t % 26)}{'' if t < 26 else t // 26}" for t in range(n_teams)]
    names = _unique_names(n + n_teams, rng)
    hired = [config.start.date() - dt.timedelta(days=int(d)) for d in rng.integers(30, 2000, n)]
    rows = [
        {
            "id": m,
            "name": names[n + t],
            "email": f"{m.lower()}@example.com",
            "team": teams[t],
            "manager": None,
            "role": "manager",
            "hired_at": config.start.date(),
        }
        for t, m in enumerate(managers)
    ]
    rows += [
        {
            "id": rid,
            "name": names[i],
            "email": f"{rid.lower()}@example.com",
            "team": teams[i % n_teams],
            "manager": managers[i % n_teams],
            "role": "rep",
            "hired_at": hired[i],
        }
        for i, rid in enumerate(rep_ids(n))
    ]
    return pa.Table.from_pylist(rows)


def build_quotas(config: SimulationConfig, reps: list[str]) -> pa.Table:
    rows = []
    year, quarter = config.start.year, (config.start.month - 1) // 3
    while dt.date(year, quarter * 3 + 1, 1) <= config.as_of.date():
        start = dt.date(year, quarter * 3 + 1, 1)
        end = dt.date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1) - dt.timedelta(1)
        rows += [
            {
                "rep": r,
                "period": f"{year}-Q{quarter + 1}",
                "period_start": start,
                "period_end": end,
                "amount": 150_000.0,
            }
            for r in reps
        ]
        year, quarter = year + (quarter == 3), (quarter + 1) % 4
    return pa.Table.from_pylist(rows)


def build_stages() -> pa.Table:
    names = [*OPEN_STAGES, WON_STAGE, LOST_STAGE]
    return pa.table(
        {
            "pipeline": [PIPELINE] * len(names),
            "name": names,
            "stage_order": list(range(len(names))),
            "closed": [False] * len(OPEN_STAGES) + [True, True],
            "won": [False] * len(OPEN_STAGES) + [True, False],
        }
    )


def build_accounts(config: SimulationConfig, rng: np.random.Generator) -> Accounts:
    n = config.n_accounts
    ids = np.array([f"A{i + 1:07d}" for i in range(n)])
    industry = rng.choice(len(INDUSTRIES), n)
    employees = np.maximum(5, rng.lognormal(5.0, 1.4, n)).astype(np.int64)
    revenue = np.round(employees * rng.lognormal(11.8, 0.5, n), -3)
    locations = 1 + rng.poisson(np.log1p(employees) / 2)
    region = rng.choice(len(REGIONS), n)
    reach = np.where(locations > 3, "national", "regional")
    price = np.where(rng.random(n) < 0.35, "price", "value")
    innovation = np.array(("high", "medium", "low"))[rng.choice(3, n, p=(0.3, 0.45, 0.25))]
    fit = (
        np.array(INDUSTRY_LOGIT)[industry]
        + np.where(price == "price", -0.5, 0.2)
        + np.select([innovation == "high", innovation == "low"], [0.3, -0.3], 0.0)
        + rng.normal(0, 0.25, n)
    )
    contact_count = 3 + rng.poisson(1.5, n)
    contact_start = np.concatenate([[0], np.cumsum(contact_count)[:-1]])
    table = pa.table(
        {
            "id": ids,
            "name": [
                f"{LAST[i % len(LAST)]} {INDUSTRIES[k]} {i + 1}" for i, k in enumerate(industry)
            ],
            "industry": np.array(INDUSTRIES)[industry],
            "employees": employees,
            "annual_revenue": revenue.astype(np.float64),
            "locations": locations.astype(np.int64),
            "country": [REGIONS[r][0] for r in region],
            "region": [REGIONS[r][1] for r in region],
            "reach": reach,
            "price_sensitivity": price,
            "innovation_appetite": innovation,
        }
    )
    return Accounts(ids, fit, contact_start, contact_count, np.ones(n), table)


def contact_id(index: np.ndarray) -> np.ndarray:
    return np.char.add("C", np.char.zfill(index.astype(str), 8))


def build_contacts(accounts: Accounts, rng: np.random.Generator) -> pa.Table:
    total = int(accounts.contact_count.sum())
    owner = np.repeat(np.arange(len(accounts.ids)), accounts.contact_count)
    slot = np.arange(total) - accounts.contact_start[owner]
    roles = np.array(ROLE_BY_SLOT)[np.minimum(slot, len(ROLE_BY_SLOT) - 1)]
    names = _names(rng, total)
    ids = contact_id(np.arange(total))
    return pa.table(
        {
            "id": ids,
            "account": accounts.ids[owner],
            "name": names,
            "title": [TITLE_BY_ROLE[r] for r in roles],
            "email": [f"{n.split()[0].lower()}.{i}@customer.example" for i, n in enumerate(names)],
            "buying_role": roles,
        }
    )
