"""Maven CRM (8,800 opportunities, no activities, no lead source, no lost reasons): every deal
loaded, the open deals long past the won deals' cycle found from their dates alone, the amount
(set only on won deals) kept out of the comparisons, and nothing headlined that the export
cannot show."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline_doctor.store.overview import overview
from tests.realdata.conftest import Diagnosed
from tests.realdata.drivers import assert_drivers_follow_the_data, strongest
from tests.realdata.reference import quartile_bins


@pytest.fixture(scope="module")
def frame(maven: Diagnosed) -> pd.DataFrame:
    _, _, folder = maven
    deals = pd.read_csv(folder / "sales_pipeline.csv")
    accounts = pd.read_csv(folder / "accounts.csv")
    teams = pd.read_csv(folder / "sales_teams.csv")
    deals["product"] = deals["product"].replace({"GTXPro": "GTX Pro"})
    accounts["sector"] = accounts["sector"].replace({"technolgy": "technology"})
    data = deals.merge(accounts, on="account", how="left").merge(teams, on="sales_agent")
    engage, close = pd.to_datetime(data["engage_date"]), pd.to_datetime(data["close_date"])
    data["age"] = (close.fillna(pd.Timestamp(_as_of(data))) - engage).dt.total_seconds() / 86400
    return data


def _as_of(data: pd.DataFrame) -> str:
    """The organisation's "now": the latest date the export mentions."""
    return str(max(data["engage_date"].dropna().max(), data["close_date"].dropna().max()))


def test_every_deal_is_loaded_with_the_team_figures(maven: Diagnosed, frame: pd.DataFrame) -> None:
    store, dx, folder = maven
    stages = frame["deal_stage"].value_counts()
    assert dx.team.deals == len(frame) == 8_800
    assert dx.team.won == stages["Won"]
    assert dx.team.lost == stages["Lost"]
    assert dx.team.open == stages["Engaging"] + stages["Prospecting"] == 1_589 + 500
    assert store.count("rejects") == 0  # every row of every file loaded
    teams = pd.read_csv(folder / "sales_teams.csv")
    assert store.count("reps") == len(set(teams["sales_agent"]) | set(teams["manager"]))
    assert store.count("accounts") == len(pd.read_csv(folder / "accounts.csv"))
    assert dx.ranked_by == "money"  # open deals valued at their product's list price


def test_open_deals_are_valued_at_list_price_marked_estimated(
    maven: Diagnosed, frame: pd.DataFrame
) -> None:
    store, dx, folder = maven
    prices = pd.read_csv(folder / "products.csv")
    price = dict(zip(prices["product"].str.replace(" ", ""), prices["sales_price"], strict=True))
    deals = store.table("deals").to_pyarrow().to_pandas().set_index("id")
    source = frame.set_index("opportunity_id")
    is_open = source["deal_stage"].isin(["Engaging", "Prospecting"])
    expected = source.loc[is_open, "product"].str.replace(" ", "").map(price)
    assert (deals.loc[expected.index, "amount"] == expected).all()
    assert deals["amount_estimated"].fillna(False).sum() == is_open.sum() == 2_089
    closed = source.index[~is_open]
    assert (deals.loc[closed, "amount"] == source.loc[closed, "close_value"]).all()
    assert not deals.loc[closed, "amount_estimated"].fillna(False).any()
    assert any("estimated" in line and "list price" in line for line in dx.notes)
    assert overview(store).estimated_open == is_open.sum()  # `info` says so too


def test_long_open_deals_are_found_from_their_dates(maven: Diagnosed, frame: pd.DataFrame) -> None:
    _, dx, _ = maven
    won = frame[frame["deal_stage"] == "Won"]
    p90 = float(np.quantile(won["age"], 0.9))
    norm = max(90.0, 2 * p90)
    stale = frame[(frame["deal_stage"] == "Engaging") & (frame["age"] > norm)]
    (finding,) = [f for f in dx.findings if f.check == "zombie_deals"]
    assert finding.evidence.affected == len(stale) > 500
    oldest = stale.sort_values(["age", "opportunity_id"], ascending=[False, True])
    assert [d.id for d in finding.deals] == list(oldest["opportunity_id"][: len(finding.deals)])
    assert "signs of life could not be checked" in finding.summary
    assert dx.causes[0].check == "zombie_deals"
    assert "signs of life" in " ".join(
        next(c for c in dx.checks if c.check == "zombie_deals").not_judged
    )


def test_drivers_follow_the_data(maven: Diagnosed, frame: pd.DataFrame) -> None:
    _, dx, _ = maven
    closed = frame["deal_stage"].isin(["Won", "Lost"])
    won = frame["deal_stage"] == "Won"
    attributes = {
        "deals.product": frame["product"],
        "deals.rep": frame["sales_agent"],
        "reps.team": frame["regional_office"],
        "accounts.industry": frame["sector"],
        "accounts.country": frame["office_location"],
        "deals.age_days": frame["age"],
    }
    expected = assert_drivers_follow_the_data(dx, won, closed, attributes, top=1)
    assert expected[0].attribute == "deals.age_days"
    bins = quartile_bins(frame["age"], closed)
    fast = (bins == "1") & closed
    (finding,) = [f for f in dx.findings if f.scope.key and f.scope.key.startswith("deals.age")]
    assert finding.evidence.affected == int(fast.sum())
    assert strongest(won, closed, {"deals.amount": frame["close_value"]}, 1)  # it would lead …
    status = next(c for c in dx.checks if c.check == "win_drivers")
    assert any(x.startswith("amount: left out") for x in status.not_judged)  # … but it is left out


def test_absent_fields_are_skipped_not_headlined(maven: Diagnosed) -> None:
    _, dx, _ = maven
    status = {c.check: c for c in dx.checks}
    assert status["lost_reason_hygiene"].status == "skipped"
    assert status["source_mix"].reason == "Your export has no lead source field."
    assert status["missing_next_step"].reason == "Your data has no calls, emails or meetings."
    # no emails, meetings or transcripts: the checks of what reps write and say say so
    for check in ("meeting_preparation", "discovery_depth", "follow_up_quality"):
        assert status[check].status == "skipped"
        assert status[check].reason == "Your data has no calls, emails or meetings."
        assert not status[check].judged
    assert "lost reason" not in dx.headline
    assert all(f.check != "lost_reason_hygiene" for f in dx.findings)
