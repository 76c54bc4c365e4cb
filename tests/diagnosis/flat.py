"""Hand-made flat exports ("one row per opportunity" spreadsheets) with exact, planted win
rates per group, imported through `import csv` with a mapping as a user would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store

START = dt.date(2025, 1, 6)


@dataclass(frozen=True)
class Group:
    """`closed` closed deals of which `won` won, and `open` open deals, sharing `values`."""

    values: dict[str, str]
    closed: int
    won: int
    open: int = 0


def frame(groups: list[Group], *, owners: int = 4, amounts: bool = True) -> pd.DataFrame:
    """One row per deal: id, owner, dates, result and the groups' values; deterministic."""
    rows: list[dict[str, str]] = []
    for g in groups:
        results = ["Won"] * g.won + ["Lost"] * (g.closed - g.won) + ["Open"] * g.open
        for result in results:
            i = len(rows)
            created = START + dt.timedelta(days=(i * 7) % 300)
            closed = created + dt.timedelta(days=20 + i % 40) if result != "Open" else None
            row = {
                "Deal ID": f"OPP-{i + 1:05d}",
                "Owner": f"Seller {i % owners + 1}",
                "Created": created.isoformat(),
                "Closed": closed.isoformat() if closed else "",
                "Result": result,
                **g.values,
            }
            if amounts:
                row["Amount"] = str(1000 + (i * 37) % 9000)
            rows.append(row)
    return pd.DataFrame(rows)


def mapping(columns: dict[str, str]) -> str:
    """A mapping for `frame`'s file: reps from the owners, plus `columns` (canonical column ->
    TOML value), e.g. {"source": '{ column = "Source", values = { Referral = "referral" } }'}."""
    lines = [
        'source = "csv"',
        "[[table]]",
        'name = "reps"',
        'file = "deals.csv"',
        "derived = true",
        "[table.columns]",
        'id = "Owner"',
        'name = "Owner"',
        "[[table]]",
        'name = "deals"',
        'file = "deals.csv"',
        "[table.columns]",
        'id = "Deal ID"',
        'rep = "Owner"',
        'created_at = "Created"',
        'closed_at = "Closed"',
        'outcome = { column = "Result", values = { Won = "won", Lost = "lost", Open = "open" } }',
        *(f"{column} = {value}" for column, value in columns.items()),
    ]
    return "\n".join(lines) + "\n"


def import_frame(store: Store, folder: Path, data: pd.DataFrame, columns: dict[str, str]) -> None:
    """Write `data` as deals.csv and import it with `mapping(columns)`, as a user would."""
    data.to_csv(folder / "deals.csv", index=False)
    (folder / "mapping.toml").write_text(mapping(columns), encoding="utf-8")
    result = import_csv(store, [folder / "deals.csv"], load_mapping(folder / "mapping.toml"))
    assert result.rows_rejected == 0, result.rejected_by_reason


def win_rates(data: pd.DataFrame, column: str) -> pd.DataFrame:
    """Independently, per value of `column`: closed deals, won, win rate, and the rest's."""
    closed = data[data["Result"] != "Open"]
    won = closed["Result"] == "Won"
    out = closed.groupby(column).agg(
        closed=("Result", "size"), won=("Result", lambda s: (s == "Won").sum())
    )
    out["rate"] = out["won"] / out["closed"]
    out["rest"] = (won.sum() - out["won"]) / (len(closed) - out["closed"])
    return out
