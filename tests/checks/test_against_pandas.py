"""Figures in findings against an independent pandas computation on the same small org."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline_doctor.checks import CheckContext, Finding, build_registry, run_check
from pipeline_doctor.store import Store
from tests.checks.smallorg import SLOPPY_REP, STAGES

Org = tuple[Store, dict[str, Any]]


def _findings(store: Store, check_id: str) -> list[Finding]:
    with CheckContext(store) as ctx:
        result = run_check(build_registry()[check_id], ctx, capture_errors=False)
    return result.findings


def _by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


def test_missing_next_step_rates(small_org: Org) -> None:
    store, rows = small_org
    acts = pd.DataFrame(rows["activities"])
    m = acts[acts["kind"] == "meeting"].copy()
    due = (m["next_step_due"] - m["at"]).dt.total_seconds() / 86400
    m["missing"] = ~(m["next_step"].notna() & due.notna() & (due <= 7))
    found = _by_id(_findings(store, "missing_next_step"))
    rep = found[f"missing_next_step:rep:{SLOPPY_REP}"]
    own = m[m["rep"] == SLOPPY_REP]
    rest = m[m["rep"] != SLOPPY_REP]
    assert rep.evidence.affected == int(own["missing"].sum())
    assert rep.evidence.population == len(own)
    assert np.isclose(rep.metric.value, own["missing"].mean())
    assert rep.metric.baseline is not None
    assert np.isclose(rep.metric.baseline, rest["missing"].mean())
    assert rep.metric.low is not None
    assert rep.metric.high is not None
    assert rep.metric.low < rep.metric.value < rep.metric.high
    assert set(found) == {f"missing_next_step:rep:{SLOPPY_REP}"}


def test_qualification_gap_rates(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    sc = pd.DataFrame(rows["stage_changes"])
    order = {name: i for i, name in enumerate(STAGES)}
    reached = sc.assign(o=sc["to_stage"].map(order)).groupby("deal")["o"].max()
    deals["reached"] = deals["id"].map(reached)
    adv = deals[deals["reached"] > order["Qualification"]]
    gap = (adv[["budget", "authority", "need", "timing"]] == "unknown").any(axis=1)
    found = _by_id(_findings(store, "qualification_gaps"))
    rep = found[f"qualification_gaps:rep:{SLOPPY_REP}"]
    mine = adv["rep"] == SLOPPY_REP
    assert rep.evidence.affected == int(gap[mine].sum())
    assert rep.evidence.population == int(mine.sum())
    assert np.isclose(rep.metric.value, gap[mine].mean())
    assert rep.metric.baseline is not None
    assert np.isclose(rep.metric.baseline, gap[~mine].mean())


def test_lost_reason_hygiene_team_rate(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    lost = deals[deals["outcome"] == "lost"]
    bad = lost["lost_reason_category"].isna() | (lost["lost_reason_category"] == "other")
    team = _by_id(_findings(store, "lost_reason_hygiene"))["lost_reason_hygiene:team:team"]
    assert team.evidence.affected == int(bad.sum())
    assert team.evidence.population == len(lost)
    assert np.isclose(team.metric.value, bad.mean())


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
    check = build_registry({"stalled_deals": {"factor": 1.5, "min_days": 10}})["stalled_deals"]
    limit = (1.5 * p90).clip(lower=10.0)
    with CheckContext(store) as ctx:
        now = ctx.now()
        result = run_check(check, ctx, capture_errors=False)
    open_deals = deals[deals["outcome"] == "open"]
    entered = sc.groupby("deal")["at"].max()
    days = now - open_deals.index.map(entered).to_series(index=open_deals.index)
    days = days.dt.total_seconds() / 86400
    age = (now - open_deals["created_at"]).dt.total_seconds() / 86400
    over = (days > open_deals["stage"].map(limit)) & (days >= 0.6 * age)
    expected = set(open_deals.index[over.fillna(False).astype(bool)])
    assert expected, "the small org should have stalled deals"
    flagged = {f.scope.key for f in result.findings if f.scope.kind == "deal"}
    assert flagged == expected
    team = next(f for f in result.findings if f.scope.kind == "team")
    assert team.evidence.affected == len(expected)
    assert team.evidence.population == len(open_deals)


def test_source_mix_measurement(small_org: Org) -> None:
    store, rows = small_org
    deals = pd.DataFrame(rows["deals"])
    expected = deals.groupby(["rep", "source"]).agg(
        deals=("id", "count"), won=("outcome", lambda s: int((s == "won").sum()))
    )
    check = build_registry()["source_mix"]
    with CheckContext(store) as ctx:
        got = check.measure(ctx).to_pyarrow().to_pandas().set_index(["rep", "source"])
    got = got.loc[expected.index]
    assert (got["deals"].to_numpy() == expected["deals"].to_numpy()).all()
    assert (got["won"].to_numpy() == expected["won"].to_numpy()).all()


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
