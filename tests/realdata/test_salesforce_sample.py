"""The Salesforce Developer Edition sample export (31 opportunities, 18 closed): open deals past
their close date found, and every check that needs more than 18 closed deals says "too little
data" with how much there is, never "healthy"."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.realdata.conftest import Diagnosed


def test_past_due_open_deals_are_found(salesforce: Diagnosed) -> None:
    _, dx, folder = salesforce
    opportunities = pd.read_csv(folder / "opportunity.csv")
    as_of = dt.datetime.fromisoformat(dx.as_of)
    open_deals = opportunities[~opportunities["IsClosed"].astype(bool)]
    due = pd.to_datetime(open_deals["CloseDate"])
    late = open_deals[(as_of - due).dt.total_seconds() / 86400 > 14]
    (finding,) = [f for f in dx.findings if f.check == "past_due_deals"]
    assert {d.id for d in finding.deals} == set(late["Id"])
    assert finding.evidence.affected == len(late)
    assert finding.evidence.population == len(open_deals)


def test_too_little_data_is_said_not_healthy(salesforce: Diagnosed) -> None:
    _, dx, _ = salesforce
    assert dx.team.won + dx.team.lost == 18
    status = {c.check: c for c in dx.checks}
    for check in ("win_drivers", "source_mix", "zombie_deals", "icp_fit"):
        assert status[check].status == "too_little_data", status[check]
        assert "18 " in (status[check].reason or ""), status[check].reason
    assert not [c.check for c in dx.checks if c.status == "healthy"]
