"""Figures in findings against an independent pandas computation on the same small org."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pipeline_doctor.checks import CheckContext, CheckResult, Finding, build_registry, run_check
from pipeline_doctor.checks.base import execute
from pipeline_doctor.stats import wilson
from pipeline_doctor.store import Store
from pipeline_doctor.wording import pct
from tests.checks.smallorg import SLOPPY_REP, STAGES

Org = tuple[Store, dict[str, Any]]
DAY = pd.Timedelta(days=1)


def _result(store: Store, check_id: str, overrides: Any = None) -> CheckResult:
    with CheckContext(store) as ctx:
        return run_check(build_registry(overrides)[check_id], ctx, capture_errors=False)


def _findings(store: Store, check_id: str, overrides: Any = None) -> list[Finding]:
    return _result(store, check_id, overrides).findings


def _by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


def _now(store: Store) -> dt.datetime:
    with CheckContext(store) as ctx:
        return ctx.now()


def _meetings(rows: dict[str, Any]) -> pd.DataFrame:
    """Held meetings, each with whether it ended without a next step due within 7 days."""
    acts = pd.DataFrame(rows["activities"])
    m = acts[acts["kind"] == "meeting"].copy()
    due = (m["next_step_due"] - m["at"]).dt.total_seconds() / 86400
    m["missing"] = ~(m["next_step"].notna() & due.notna() & (due <= 7))
    return m


def test_missing_next_step_rates(small_org: Org) -> None:
    store, rows = small_org
    m = _meetings(rows)
    found = _by_id(_findings(store, "missing_next_step"))
    rep = found[f"missing_next_step:rep:{SLOPPY_REP}"]
    own = m[m["rep"] == SLOPPY_REP]
    rest = m[m["rep"] != SLOPPY_REP]
    assert rep.evidence.affected == int(own["missing"].sum())
    assert rep.evidence.population == len(own)
    assert rep.evidence.record_kind == "activity"
    assert np.isclose(rep.metric.value, own["missing"].mean())
    assert rep.metric.baseline is not None
    assert np.isclose(rep.metric.baseline, rest["missing"].mean())
    assert rep.metric.low is not None
    assert rep.metric.high is not None
    assert rep.metric.low < rep.metric.value < rep.metric.high
    # the team's share (27%) is well under the default ceiling (40%): only the rep is reported
    assert set(found) == {f"missing_next_step:rep:{SLOPPY_REP}"}


def test_missing_next_step_team_is_reported_only_when_its_interval_is_above_the_ceiling(
    small_org: Org,
) -> None:
    store, rows = small_org
    m = _meetings(rows)
    k, n = int(m["missing"].sum()), len(m)
    low = wilson(k, n).low
    above = _result(store, "missing_next_step", {"missing_next_step": {"max_share": low - 0.01}})
    team = _by_id(above.findings)["missing_next_step:team:team"]
    assert (team.evidence.affected, team.evidence.population) == (k, n)
    assert np.isclose(team.metric.value, k / n)
    assert team.metric.baseline == pytest.approx(low - 0.01)
    # what the gap costs: deals where most meetings ended without a next step, against the rest
    deals = pd.DataFrame(rows["deals"]).set_index("id")
    per = m.groupby("deal")["missing"].agg(["sum", "count"])
    gap = (per["sum"] * 2 > per["count"]).reindex(deals.index)
    met = deals[gap.notna()]
    with_gap = gap[met.index].astype(bool)
    closed = met["outcome"] != "open"
    won = met["outcome"] == "won"
    rate_gap = wilson(int((won & with_gap).sum()), int((closed & with_gap).sum()))
    rate_ok = wilson(int((won & ~with_gap).sum()), int((closed & ~with_gap).sum()))
    cost = rate_ok.value - rate_gap.value if rate_gap.high < rate_ok.low else 0.0
    open_gap = met[(met["outcome"] == "open") & with_gap]
    assert team.impact.wins == pytest.approx(len(open_gap) * cost)
    assert team.impact.money == pytest.approx(open_gap["amount"].sum() * cost)
    # a ceiling inside the interval, under the share: above it, but not clearly, so not judged
    between = (low + k / n) / 2
    unclear = _result(store, "missing_next_step", {"missing_next_step": {"max_share": between}})
    assert "missing_next_step:team:team" not in _by_id(unclear.findings)
    assert not any("ceiling" in text for text in unclear.judged)
    assert any(
        f"above the {pct(between)} ceiling but not clearly" in text for text in unclear.not_judged
    )
    # a ceiling above the share: judged healthy, and the result says against what
    under = _result(store, "missing_next_step", {"missing_next_step": {"max_share": 0.4}})
    assert "missing_next_step:team:team" not in _by_id(under.findings)
    assert (
        f"{pct(k / n)} of {n:,} held meetings ended without a next step scheduled within a "
        "week; ceiling 40%" in under.judged
    )


def _advanced(rows: dict[str, Any]) -> tuple[pd.DataFrame, pd.Series]:
    """Deals moved past Qualification, and whether one of budget/authority/need/timing is
    unknown."""
    deals = pd.DataFrame(rows["deals"])
    sc = pd.DataFrame(rows["stage_changes"])
    order = {name: i for i, name in enumerate(STAGES)}
    reached = sc.assign(o=sc["to_stage"].map(order)).groupby("deal")["o"].max()
    deals["reached"] = deals["id"].map(reached)
    adv = deals[deals["reached"] > order["Qualification"]]
    gap = (adv[["budget", "authority", "need", "timing"]] == "unknown").any(axis=1)
    return adv, gap


def test_qualification_gap_rates(small_org: Org) -> None:
    store, rows = small_org
    adv, gap = _advanced(rows)
    found = _by_id(_findings(store, "qualification_gaps"))
    rep = found[f"qualification_gaps:rep:{SLOPPY_REP}"]
    mine = adv["rep"] == SLOPPY_REP
    assert rep.evidence.affected == int(gap[mine].sum())
    assert rep.evidence.population == int(mine.sum())
    assert np.isclose(rep.metric.value, gap[mine].mean())
    assert rep.metric.baseline is not None
    assert np.isclose(rep.metric.baseline, gap[~mine].mean())


def test_qualification_gaps_team_share_against_a_lower_ceiling(small_org: Org) -> None:
    store, rows = small_org
    adv, gap = _advanced(rows)
    ceiling = wilson(int(gap.sum()), len(gap)).low - 0.02
    found = _by_id(_findings(store, "qualification_gaps", {"qualification_gaps": {
        "max_share": ceiling}}))  # fmt: skip
    team = found["qualification_gaps:team:team"]
    assert (team.evidence.affected, team.evidence.population) == (int(gap.sum()), len(adv))
    assert np.isclose(team.metric.value, gap.mean())
    # the share is above the default ceiling (40%) but its interval is not: not judged either way
    assert gap.mean() > 0.4 > wilson(int(gap.sum()), len(gap)).low
    default = _result(store, "qualification_gaps")
    assert "qualification_gaps:team:team" not in _by_id(default.findings)
    assert not any("ceiling" in text for text in default.judged)
    assert any("above the 40% ceiling but not clearly" in text for text in default.not_judged)


def test_lost_reason_hygiene_team_rate(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    lost = deals[deals["outcome"] == "lost"]
    bad = lost["lost_reason_category"].isna() | (lost["lost_reason_category"] == "other")
    team = _by_id(_findings(store, "lost_reason_hygiene"))["lost_reason_hygiene:team:team"]
    assert team.evidence.affected == int(bad.sum())
    assert team.evidence.population == len(lost)
    assert np.isclose(team.metric.value, bad.mean())
    # unexplained losses × the 10% assumed avoidable, valued at the average won deal
    avg_won = deals.loc[deals["outcome"] == "won", "amount"].mean()
    assert team.impact.wins == pytest.approx(0.1 * bad.sum())
    assert team.impact.money == pytest.approx(0.1 * bad.sum() * avg_won)


def test_stalled_deals_use_won_deals_per_stage_p90(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"]).set_index("id")
    sc = pd.DataFrame(rows["stage_changes"]).sort_values(["deal", "at", "to_stage"])
    sc["left"] = sc.groupby("deal")["at"].shift(-1)
    sc["days"] = (sc["left"] - sc["at"]).dt.total_seconds() / 86400
    sc["outcome"] = sc["deal"].map(deals["outcome"])
    won = sc[(sc["outcome"] == "won") & sc["left"].notna()]
    counts = won.groupby("to_stage")["days"].count()
    p90 = won.groupby("to_stage")["days"].quantile(0.9)[counts >= 20].drop(STAGES[0])
    # zombies are left to zombie_deals; the small org has none by its default settings
    assert _result(store, "zombie_deals").status == "healthy"
    result = _result(store, "stalled_deals", {"stalled_deals": {"factor": 1.5, "min_days": 10}})
    now = _now(store)
    limit = (1.5 * p90).clip(lower=10.0)
    open_deals = deals[deals["outcome"] == "open"]
    entered = sc.groupby("deal")["at"].max()
    days = (now - open_deals.index.map(entered).to_series(index=open_deals.index)) / DAY
    age = (now - open_deals["created_at"]) / DAY
    stage_limit = open_deals["stage"].map(limit)
    over = ((days > stage_limit) & (days >= 0.6 * age)).fillna(False).astype(bool)
    expected = set(open_deals.index[over])
    assert expected, "the small org should have stalled deals"
    (team,) = result.findings
    assert team.scope.kind == "team"
    assert team.deal_list == "qualify_out"
    assert {d.id for d in team.deals} == expected
    assert team.evidence.affected == len(expected)
    assert team.evidence.population == len(open_deals)
    for d in team.deals:
        assert d.rep == deals.loc[d.id, "rep"]
        assert d.rep_name == f"Rep {int(d.rep[1:])}"
        assert d.stage == deals.loc[d.id, "stage"]
        assert d.amount == deals.loc[d.id, "amount"]
        assert d.account == f"Account {int(deals.loc[d.id, 'account'][1:])}"
        assert d.age_days == pytest.approx(age[d.id])
        assert f"in {d.stage} for {days[d.id]:.0f} of its {age[d.id]:.0f} days" in d.note
    # worst first: the most days in the stage for its limit
    score = (days / stage_limit)[over]
    assert [d.id for d in team.deals] == sorted(expected, key=lambda i: (-score[i], i))
    assert team.evidence.sample == [d.id for d in team.deals][:10]


def test_zombie_deals_list_open_deals_past_the_won_cycle_with_a_sign(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"]).set_index("id")
    now = _now(store)
    won = deals[deals["outcome"] == "won"]
    cycle = ((won["closed_at"] - won["created_at"]) / DAY).quantile(0.9)
    norm = max(90.0, 2.0 * cycle)
    fc = pd.DataFrame(rows["field_changes"])
    pushed = set(fc.loc[(fc["field"] == "expected_close") & (fc["new_value"] > fc["old_value"]),
                        "deal"])  # fmt: skip
    open_deals = deals[deals["outcome"] == "open"]
    age = (now - open_deals["created_at"]) / DAY
    expected = {i for i in open_deals.index if age[i] > norm and i in pushed}
    assert expected, "the small org should have long-open deals with a close-date push"
    # one sign is enough here, and the push is the only one the small org can show
    settings = {"min_signs": 1, "min_pushes": 1, "min_unanswered": 1000}
    result = _result(store, "zombie_deals", {"zombie_deals": settings})
    (team,) = result.findings
    assert team.deal_list == "qualify_out"
    assert {d.id for d in team.deals} == expected
    assert (team.evidence.affected, team.evidence.population) == (len(expected), len(open_deals))
    assert f"more than {norm:.0f} days" in team.summary
    win = (deals["outcome"] == "won").sum() / (deals["outcome"] != "open").sum()
    amount = open_deals.loc[sorted(expected), "amount"].sum()
    assert team.impact.wins == pytest.approx(len(expected) * win)
    assert team.impact.money == pytest.approx(amount * win)


def _past_due(rows: dict[str, Any], now: dt.datetime) -> tuple[pd.DataFrame, pd.Series]:
    deals = pd.DataFrame(rows["deals"]).set_index("id")
    open_deals = deals[(deals["outcome"] == "open") & deals["expected_close"].notna()]
    late = (now - pd.to_datetime(open_deals["expected_close"])) / DAY
    return open_deals, late


def test_past_due_deals_are_open_deals_past_their_close_date(small_org: Org) -> None:
    store, rows = small_org
    assert _result(store, "zombie_deals").status == "healthy"  # none to leave out
    open_deals, late = _past_due(rows, _now(store))
    expected = set(late.index[late > 14])
    assert 0.1 < len(expected) / len(open_deals) < 1, "the small org should have some"
    (team,) = _findings(store, "past_due_deals")
    assert team.deal_list == "review"
    assert {d.id for d in team.deals} == expected
    assert (team.evidence.affected, team.evidence.population) == (len(expected), len(open_deals))
    assert np.isclose(team.metric.value, len(expected) / len(open_deals))
    assert f"({pct(len(expected) / len(open_deals))} of those with a close date)" in team.summary
    for d in team.deals:
        assert d.note == f"expected to close {late[d.id]:.0f} days ago"
    # worst first: the longest past due
    assert [d.id for d in team.deals] == sorted(expected, key=lambda i: (-late[i], i))


def test_past_due_deals_under_the_ceiling_are_judged_healthy_with_the_figures(
    small_org: Org,
) -> None:
    store, rows = small_org
    open_deals, late = _past_due(rows, _now(store))
    n = int((late > 14).sum())
    result = _result(store, "past_due_deals", {"past_due_deals": {"max_share": 0.99}})
    assert result.status == "healthy"
    assert not result.findings
    assert result.judged == [
        f"{n:,} of {len(open_deals):,} open deals with a close date "
        f"({pct(n / len(open_deals))}) are more than 14 days past it; ceiling 99%"
    ]


def test_source_mix_measurement(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    expected = deals.groupby(["rep", "source"]).agg(
        deals=("id", "count"),
        won=("outcome", lambda s: int((s == "won").sum())),
        lost=("outcome", lambda s: int((s == "lost").sum())),
        open_deals=("outcome", lambda s: int((s == "open").sum())),
    )
    check = build_registry()["source_mix"]
    with CheckContext(store) as ctx:
        ctx.prepare()
        measured = execute(check.measure(ctx))
    assert measured.notes["leads"] is False
    got = pd.DataFrame(measured.main).set_index(["rep", "source"]).sort_index()
    assert list(got.index) == list(expected.index)
    for column in ("deals", "won", "lost", "open_deals"):
        assert (got[column].to_numpy() == expected[column].to_numpy()).all(), column


def test_rep_stage_funnel_counts(small_org: Org) -> None:
    from pipeline_doctor.facts import rep_stage_funnel

    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    sc = pd.DataFrame(rows["stage_changes"])
    order = {name: i for i, name in enumerate(STAGES)}
    reached = sc[sc["to_stage"].isin(order)].assign(o=sc["to_stage"].map(order))
    deals["reached"] = deals["id"].map(reached.groupby("deal")["o"].max())
    closed = deals[deals["outcome"] != "open"]
    expected = {}
    for name, o in order.items():
        at = closed[(closed["outcome"] == "won") | (closed["reached"] >= o)]
        on = (at["outcome"] == "won") | (at["reached"] > o)
        for rep, grp in at.groupby("rep"):
            expected[(rep, name)] = (len(grp), int(on[grp.index].sum()))
    with CheckContext(store) as ctx:
        got = {
            (r["rep"], r["stage"]): (r["reached"], r["advanced"])
            for r in rep_stage_funnel(ctx).to_pyarrow().to_pylist()
        }
    assert got == expected


def test_win_drivers_cut_days_open_into_quartiles_like_pandas(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    closed = deals["outcome"] != "open"
    # how long a deal took to close: closed deals only (an open deal's age is not that)
    deals = deals[closed].copy()
    deals["age"] = (deals["closed_at"] - deals["created_at"]) / DAY
    closed = closed[closed]
    q1, q2, q3 = deals.loc[closed, "age"].quantile([0.25, 0.5, 0.75])
    deals["bin"] = np.select(
        [deals["age"] <= q1, deals["age"] <= q2, deals["age"] <= q3], ["1", "2", "3"], "4"
    )
    bins = deals.groupby("bin").agg(
        lo=("age", "min"),
        hi=("age", "max"),
        won=("outcome", lambda s: int((s == "won").sum())),
        lost=("outcome", lambda s: int((s == "lost").sum())),
        open_deals=("outcome", lambda s: int((s == "open").sum())),
    )
    bins["label"] = [f"{r.lo:,.0f}–{r.hi:,.0f}" for r in bins.itertuples()]
    bins["closed"] = bins["won"] + bins["lost"]
    total_won, total_closed = bins["won"].sum(), bins["closed"].sum()
    found = [
        f for f in _findings(store, "win_drivers") if f.scope.key.startswith("deals.age_days=")
    ]
    (driver,) = found
    assert driver.kind == "driver"
    assert driver.area == 0
    assert driver.scope.kind == "segment"
    (table,) = driver.breakdowns
    assert table.name == "win_rate_by_value"
    got = {r["value"]: r for r in table.rows}
    assert set(got) == set(bins["label"])
    for b in bins.itertuples():
        row = got[b.label]
        assert (row["deals"], row["won"], row["open_deals"]) == (b.closed, b.won, b.open_deals)
        assert np.isclose(row["win_rate"], b.won / b.closed)
        rest = (total_won - b.won) / (total_closed - b.closed)
        assert np.isclose(row["rest"], rest)
        assert np.isclose(row["gap"], b.won / b.closed - rest)
    head = bins.set_index("label").loc[driver.scope.key.removeprefix("deals.age_days=")]
    rate, rest = head.won / head.closed, (total_won - head.won) / (total_closed - head.closed)
    assert np.isclose(driver.metric.value, rate)
    assert driver.metric.baseline is not None
    assert np.isclose(driver.metric.baseline, rest)
    assert driver.scope.attributes == {
        "direction": "better" if rate > rest else "worse",
        "values": "quartiles",  # this run's quartiles: not dated against another half
    }
    # how long closed deals took: no open deal is in a bin, so nothing open is at stake
    assert (bins["open_deals"] == 0).all()
    assert driver.impact.wins == 0
    assert driver.impact.money == 0


def test_win_drivers_leave_attributes_other_checks_of_the_run_compare(small_org: Org) -> None:
    store, _ = small_org
    check = build_registry()["win_drivers"]

    def attributes(checks: Any) -> set[str]:
        with CheckContext(store, checks=checks) as ctx:
            ctx.prepare()
            return {str(r["attribute"]) for r in execute(check.measure(ctx)).main}

    alone = attributes({})
    with_others = attributes(build_registry())
    covered = {"deals.budget", "accounts.industry", "accounts.employees", "deals.source"}
    assert {"deals.rep", "reps.team", "deals.amount", "deals.age_days"} <= with_others
    assert not covered & with_others
    assert {"accounts.industry", "accounts.employees"} <= alone
    assert alone - with_others == {a for a in alone if a.startswith("accounts.")}
