"""Figures over time against independent pandas computations of the same file: the trend per
quarter, the headline strip, and each finding's direction on a planted change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.diagnosis.over_time import Monthly
from pipeline_doctor.diagnosis.periods import latest_complete, windows
from pipeline_doctor.diagnosis.trend import build_trend
from pipeline_doctor.store import Store
from tests.diagnosis.flat import import_frame

SOURCES = '{ column = "Source", values = { Referral = "referral", Web = "inbound" } }'
START = dt.date(2024, 1, 1)
LAST = dt.date(2025, 12, 31)


def deals(rates: dict[str, tuple[float, float]], per_half: int = 300) -> pd.DataFrame:
    """Deals created over two years, a row each; `rates` gives each source's win rate in the
    first and the second year. Every tenth deal is open; closed deals close 10–69 days on."""
    rows = []
    for source, (early, late) in rates.items():
        for half, rate in ((0, early), (1, late)):
            won_every = round(1 / rate) if rate else 0
            for j in range(per_half):
                i = len(rows)
                created = START + dt.timedelta(days=half * 365 + (j * 353) % 330)
                is_open = j % 10 == 9
                won = not is_open and won_every and j % won_every == 0
                closed = created + dt.timedelta(days=10 + i % 60)
                if closed > LAST:
                    is_open = True
                rows.append({
                    "Deal ID": f"D{i:05d}", "Owner": f"Seller {i % 4 + 1}",
                    "Created": created.isoformat(),
                    "Closed": "" if is_open else closed.isoformat(),
                    "Result": "Open" if is_open else ("Won" if won else "Lost"),
                    "Source": source, "Amount": str(1000 + (i * 37) % 9000),
                })  # fmt: skip
    return pd.DataFrame(rows)


def diagnose(store: Store, folder: Path, data: pd.DataFrame) -> Diagnosis:
    import_frame(store, folder, data, {"source": SOURCES, "amount": '"Amount"'})
    return run_diagnosis(store, as_of=dt.datetime.combine(LAST, dt.time(23, 59)), dated=True)


def test_periods_are_calendar_quarters_with_the_last_one_partial() -> None:
    grid = windows(dt.date(2024, 2, 10), dt.date(2025, 11, 3))
    assert [w.label for w in grid][:2] == ["2024 Q1", "2024 Q2"]
    assert grid[-1].label == "2025 Q4"
    assert grid[-1].partial
    assert not grid[-2].partial
    assert latest_complete(grid) == (grid[-2], grid[-3])
    months = windows(dt.date(2025, 3, 1), dt.date(2025, 6, 30))
    assert [w.label for w in months] == ["Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]
    assert not months[-1].partial


def test_the_trend_and_the_strip_match_pandas(store: Store, tmp_path: Path) -> None:
    data = deals({"Referral": (0.5, 0.1), "Web": (0.25, 0.25)})
    dx = diagnose(store, tmp_path, data)
    assert dx.trend is not None
    assert dx.trend.grain == "quarter"
    closed = data[data["Result"] != "Open"].copy()
    closed["q"] = pd.PeriodIndex(pd.to_datetime(closed["Closed"]), freq="Q").astype(str)
    created = data.assign(
        q=pd.PeriodIndex(pd.to_datetime(data["Created"]), freq="Q").astype(str),
        amount=data["Amount"].astype(float),
    )
    for period in dx.trend.periods:
        key = period.label.replace(" ", "")  # pandas writes 2025Q3
        c = closed[closed["q"] == key]
        assert period.won == (c["Result"] == "Won").sum()
        assert period.lost == (c["Result"] == "Lost").sum()
        made = created[created["q"] == key]
        assert period.created == len(made)
        assert period.created_amount == pytest.approx(made["amount"].sum())
    # the latest complete quarter against the one before, as the strip states it
    figures = {f.name: f for f in dx.figures}
    rate = figures["win_rate"]
    assert rate.value == pytest.approx((closed["Result"] == "Won").mean())
    now, before = dx.trend.periods[-1], dx.trend.periods[-2]
    assert rate.change is not None
    assert rate.change.period == now.label
    low, high = confint_proportions_2indep(
        now.won, now.won + now.lost, before.won, before.won + before.lost, method="newcomb"
    )
    assert rate.change.low == pytest.approx(low, abs=1e-6)
    assert rate.change.high == pytest.approx(high, abs=1e-6)
    assert rate.change.clear == (not low <= 0 <= high)
    won = closed[closed["Result"] == "Won"]
    days = (pd.to_datetime(won["Closed"]) - pd.to_datetime(won["Created"])).dt.days
    assert figures["days_to_win"].value == pytest.approx(days.median())
    open_now = data[data["Result"] == "Open"]
    assert figures["open_pipeline"].value == pytest.approx(open_now["Amount"].astype(float).sum())
    assert figures["open_pipeline"].change is not None  # every open deal has a created date


def _months(q3: tuple[int, int], q4: tuple[int, int], created: tuple[int, int]) -> Monthly:
    """Won and lost in Jul 2025 and Oct 2025, deals created in those months."""
    return Monthly(
        created={(2025, 7): created[0], (2025, 10): created[1]},
        won={(2025, 7): q3[0], (2025, 10): q4[0]},
        lost={(2025, 7): q3[1], (2025, 10): q4[1]},
        first=dt.date(2024, 1, 1),
    )


def test_a_win_rate_fall_beyond_noise_is_stated_with_its_interval() -> None:
    trend = build_trend(_months((100, 100), (40, 160), (200, 200)), LAST, False, None)
    (line,) = [s for s in trend.statements if s.startswith("Win rate")]
    low, high = confint_proportions_2indep(40, 200, 100, 200, method="newcomb")
    assert line.startswith("Win rate fell from 50% in 2025 Q3 to 20% in 2025 Q4 (-30 points")
    assert f"95% interval {100 * low:+.0f} points to {100 * high:+.0f} points" in line
    assert "200 closed deals then" in line


def test_changes_within_noise_are_not_stated() -> None:
    trend = build_trend(_months((100, 100), (95, 105), (200, 190)), LAST, False, None)
    assert trend.statements == []


def test_a_fall_in_new_pipeline_beyond_chance_is_stated() -> None:
    trend = build_trend(_months((100, 100), (95, 105), (200, 120)), LAST, False, None)
    assert trend.statements == [
        "New pipeline fell from 200 deals created in 2025 Q3 to 120 deals in 2025 Q4."
    ]


def test_a_segment_that_only_recently_loses_is_dated_new(store: Store, tmp_path: Path) -> None:
    dx = diagnose(store, tmp_path, deals({"Referral": (0.5, 0.1), "Web": (0.4, 0.4)}))
    (finding,) = [f for f in dx.findings if f.scope.key == "deals.source=referral"]
    trend = dx.finding_trend(finding.id)
    assert trend is not None
    assert trend.direction in ("new", "growing"), trend.text
    assert trend.split is not None


def test_a_segment_that_loses_all_along_is_dated_steady(store: Store, tmp_path: Path) -> None:
    dx = diagnose(store, tmp_path, deals({"Referral": (0.1, 0.1), "Web": (0.4, 0.4)}))
    (finding,) = [f for f in dx.findings if f.scope.key == "deals.source=referral"]
    trend = dx.finding_trend(finding.id)
    assert trend is not None
    assert trend.direction == "steady", trend.text


def test_no_dates_means_no_trend_and_says_why(store: Store, tmp_path: Path) -> None:
    data = deals({"Referral": (0.3, 0.3), "Web": (0.3, 0.3)}, per_half=60)
    data = data.drop(columns=["Created", "Closed"]).assign(Created="", Closed="")
    dx = diagnose(store, tmp_path, data)
    assert dx.trend is not None
    assert dx.trend.periods == []
    assert dx.trend.note is not None
    assert "no created or close dates" in dx.trend.note
    figures = {f.name: f for f in dx.figures}
    assert figures["days_to_win"].value is None
    assert figures["days_to_win"].note
    assert figures["win_rate"].change is None
    assert dx.finding_trends == []


def test_no_pipeline_change_is_said_when_open_deals_lack_created_dates(
    store: Store, tmp_path: Path
) -> None:
    data = deals({"Referral": (0.3, 0.3), "Web": (0.3, 0.3)})
    undated = data.index[data["Result"] == "Open"][:5]
    data.loc[undated, "Created"] = ""  # the pipeline then cannot be rebuilt for these
    figures = {f.name: f for f in diagnose(store, tmp_path, data).figures}
    assert figures["open_pipeline"].value == pytest.approx(
        data.loc[data["Result"] == "Open", "Amount"].astype(float).sum()
    )
    assert figures["open_pipeline"].change is None
