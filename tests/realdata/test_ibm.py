"""The IBM "Sales Win Loss" file (78,025 closed opportunities) through `import csv` with
mappings/ibm-sales-win-loss.toml: every row accounted for, the strongest drivers of winning
found with pandas' figures, and the checks it cannot support skipped with the reason."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.realdata.conftest import Diagnosed
from tests.realdata.drivers import assert_drivers_follow_the_data

EXTRA = (
    "Supplies Group", "Region", "Route To Market", "Competitor Type", "Deal Size Category",
    "Client Size By Revenue", "Client Size By Employee Count", "Revenue From Client Past Two Years",
    "Elapsed Days In Sales Stage", "Sales Stage Change Count",
    "Total Days Identified Through Closing", "Total Days Identified Through Qualified",
    "Ratio Days Identified To Total Days", "Ratio Days Validated To Total Days",
    "Ratio Days Qualified To Total Days",
)  # fmt: skip


@pytest.fixture(scope="module")
def frame(ibm: Diagnosed) -> pd.DataFrame:
    """The file as pandas reads it ("None" is a Competitor Type, not a missing value: SOURCE.md);
    a repeated Opportunity Number keeps its first row, as the import does (later rows with
    other values are rejected as duplicate_key, identical ones merged)."""
    _, _, path = ibm
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    return data.drop_duplicates("Opportunity Number", keep="first")


def test_every_row_is_accounted_for(ibm: Diagnosed, frame: pd.DataFrame) -> None:
    store, dx, path = ibm
    rows = len(pd.read_csv(path, dtype=str, keep_default_na=False))
    assert dx.team.deals == len(frame) == 77_829
    assert dx.team.won == int((frame["Opportunity Result"] == "Won").sum())
    assert dx.team.lost == int((frame["Opportunity Result"] == "Loss").sum())
    imports = store.table("imports").to_pyarrow().to_pylist()[0]
    assert imports["rows_read"] == rows == imports["rows_loaded"] + imports["rows_rejected"]
    # every repeated Opportunity Number after its first row is a reject, identical or not:
    # what is counted as loaded is what is written
    assert imports["rows_loaded"] == dx.team.deals
    assert imports["rows_rejected"] == rows - len(frame) == 196


@pytest.mark.slow
def test_the_strongest_drivers_are_found_with_pandas_figures(
    ibm: Diagnosed, frame: pd.DataFrame
) -> None:
    _, dx, _ = ibm
    won = frame["Opportunity Result"] == "Won"
    closed = pd.Series(True, index=frame.index)
    attributes = {f"deals.extra.{c}": frame[c] for c in EXTRA}
    attributes["deals.product"] = frame["Supplies Subgroup"]
    attributes["deals.amount"] = frame["Opportunity Amount USD"]
    expected = assert_drivers_follow_the_data(dx, won, closed, attributes)
    # the strongest: clients with no revenue in the past two years win far less often
    assert expected[0].attribute == "deals.extra.Revenue From Client Past Two Years"
    assert dx.causes[0].kind == "driver"  # no broken link can be judged without dates or reps


def test_what_the_export_lacks_is_named_not_judged(ibm: Diagnosed) -> None:
    _, dx, _ = ibm
    status = {c.check: c for c in dx.checks}
    assert status["lost_reason_hygiene"].status == "skipped"
    assert status["zombie_deals"].reason == "Your export has no created date field."
    assert status["source_mix"].reason == "Your export has no lead source field."
    assert dx.ranked_by == "money"  # every deal has an amount
    assert not [c for c in dx.checks if c.status == "healthy"]
