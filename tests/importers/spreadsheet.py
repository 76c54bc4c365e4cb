"""A flat "one row per deal" spreadsheet as a new user brings it: no id column, no reps table,
some rows without dates, a 21-value lead source (one rare value of 55 rows the suggestion
cannot know) and BANT-like columns. Deterministic for a seed."""

from __future__ import annotations

import csv
import random
from pathlib import Path

SOURCES: dict[str, int] = {
    "Website": 260,
    "Trade Show": 150,
    "Partner": 120,
    "Employee Referral": 100,
    "Cold Call": 95,
    "Purchased List": 80,
    "Existing Customer": 75,
    "Webinar": 70,
    "LinkedIn Ads": 65,
    "Podcast": 55,  # not a label the suggestion knows: the user maps it
    "Word of mouth": 50,
    "Google Ads": 45,
    "Conference": 40,
    "Reseller": 35,
    "Upsell": 30,
    "Inbound Call": 25,
    "Chat": 20,
    "Renewal": 15,
    "Outbound Email": 10,
    "Other": 8,
    "Billboard": 5,  # not known either
}
"""Lead source label -> rows; 21 values."""
USER_TARGETS = {"Podcast": "inbound", "Billboard": "other", "Q1": "known", "Q2": "known"}
"""What the user writes where the suggestion says "?"."""
HEADER = [
    "Opportunity",
    "Seller",
    "Created",
    "Close Date",
    "Status",
    "Deal Value",
    "Lead Source",
    "Budget",
    "Decision maker known",
    "Needs",
    "Timeline",
    "Industry",
]


def rows(seed: int = 7) -> list[dict[str, str]]:
    """The spreadsheet's rows: outcomes depend a little on source and budget."""
    rng = random.Random(seed)
    labels = [label for label, n in SOURCES.items() for _ in range(n)]
    rng.shuffle(labels)
    out = []
    for i, source in enumerate(labels):
        budget = rng.choice(["Yes", "No", "Unknown"])
        won = 0.55 if budget == "Yes" else 0.3
        status = rng.choices(["Won", "Lost", "Open"], [won, 0.75 - won, 0.25])[0]
        created = f"2025-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
        out.append(
            {
                "Opportunity": f"{rng.choice(['Pilot', 'Renewal', 'Rollout'])} for client {i}",
                "Seller": rng.choice(["Ann Lee", "Bo Diaz", "Cy Park", "Di Wu", "Ed Roy"]),
                "Created": "" if rng.random() < 0.1 else created,
                "Close Date": "" if status == "Open" else f"2025-{rng.randint(7, 12):02d}-15",
                "Status": status,
                "Deal Value": str(rng.randint(5, 400) * 100),
                "Lead Source": source,
                "Budget": budget,
                "Decision maker known": rng.choice(["Yes", "No"]),
                "Needs": rng.choice(["Yes", "No", ""]),
                "Timeline": rng.choice(["Q1", "Q2", "Unknown"]),
                "Industry": rng.choice(["Retail", "Health", "Software", "Logistics"]),
            }
        )
    return out


def write(path: Path, data: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """Write the spreadsheet as CSV (as a spreadsheet program would) and return its rows."""
    data = rows() if data is None else data
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    return data
