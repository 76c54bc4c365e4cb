"""UCI "Bank Marketing" (41,188 telemarketing contacts) through `import csv` with
mappings/bank-marketing.toml: the outcome-leaking call duration left out, the strongest drivers
(a previous campaign's success, the contact channel, calls this campaign) found with pandas'
figures."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.realdata.conftest import Diagnosed
from tests.realdata.drivers import assert_drivers_follow_the_data, driver_findings

COLUMNS = ("age", "job", "marital", "education", "default", "housing", "loan", "contact",
           "month", "day_of_week", "campaign", "pdays", "previous", "poutcome")  # fmt: skip


@pytest.fixture(scope="module")
def frame(bank: Diagnosed) -> pd.DataFrame:
    _, _, path = bank
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)


def test_every_contact_is_a_deal(bank: Diagnosed, frame: pd.DataFrame) -> None:
    _, dx, _ = bank
    assert dx.team.deals == len(frame) == 41_188
    assert dx.team.won == int((frame["y"] == "yes").sum()) == 4_640


@pytest.mark.slow
def test_the_strongest_drivers_are_found_with_pandas_figures(
    bank: Diagnosed, frame: pd.DataFrame
) -> None:
    _, dx, _ = bank
    won = frame["y"] == "yes"
    closed = pd.Series(True, index=frame.index)
    attributes = {f"deals.extra.{c}": frame[c] for c in COLUMNS}
    assert_drivers_follow_the_data(dx, won, closed, attributes)
    found = driver_findings(dx)
    # SOURCE.md's reference figures: previous success 65.11%, telephone 5.23%
    outcome = found["deals.extra.poutcome"]
    assert "success win 65% (894 of 1,373 closed deals)" in outcome.summary
    assert "telephone win 5% (787 of 15,044 closed deals)" in found["deals.extra.contact"].summary
    assert "duration" not in dx.to_json()
