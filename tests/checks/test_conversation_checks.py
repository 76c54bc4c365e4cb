"""The three checks on what reps write and say (meeting_preparation, discovery_depth,
follow_up_quality) against an independent pandas computation on a hand-built org, their
quoted moments, and what they say without the text they need."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline_doctor.checks import CheckContext, CheckResult, build_registry, run_check
from pipeline_doctor.conversations import refresh_analyses
from pipeline_doctor.conversations.refresh import is_current
from pipeline_doctor.store import Store
from tests.checks.talkorg import CARELESS

Org = tuple[Store, dict[str, Any]]


def _result(store: Store, check_id: str) -> CheckResult:
    with CheckContext(store) as ctx:
        return run_check(build_registry()[check_id], ctx, capture_errors=False)


def _rep_findings(result: CheckResult) -> dict[str, Any]:
    return {f.scope.key: f for f in result.findings if f.scope.kind == "rep"}


def test_analyses_are_stored_for_every_sent_email_and_transcript(talk_org: Org) -> None:
    store, rows = talk_org
    acts = pd.DataFrame(rows["activities"])
    sent = acts[(acts["kind"] == "email") & (acts["direction"] == "outbound")]
    stored = store.table("email_analyses").to_pyarrow().to_pandas()
    assert sorted(stored["activity"]) == sorted(sent["id"])
    calls = store.table("call_analyses").to_pyarrow().to_pandas()
    assert sorted(calls["activity"]) == sorted({s["activity"] for s in rows["segments"]})
    assert is_current(store)


def test_meeting_preparation_matches_pandas(talk_org: Org) -> None:
    store, rows = talk_org
    acts = pd.DataFrame(rows["activities"])
    meetings = acts[acts["kind"] == "meeting"]
    notes = acts[acts["kind"] == "note"][["deal", "at"]].rename(columns={"at": "note_at"})
    j = meetings.merge(notes, on="deal", how="left")
    before = (j["note_at"] < j["at"]) & (j["note_at"] >= j["at"] - dt.timedelta(days=2))
    research = before.groupby(j["id"]).any()
    m = meetings.set_index("id")
    prepared = m["agenda"].notna() | research.reindex(m.index, fill_value=False)
    own = ~prepared[m["rep"] == CARELESS]
    rest = ~prepared[m["rep"] != CARELESS]
    result = _result(store, "meeting_preparation")
    found = _rep_findings(result)
    assert set(found) == {CARELESS}
    f = found[CARELESS]
    assert (f.evidence.affected, f.evidence.population) == (int(own.sum()), len(own))
    assert np.isclose(f.metric.value, own.mean())
    assert f.metric.baseline is not None
    assert np.isclose(f.metric.baseline, rest.mean())


def _weak_emails(store: Store, rows: dict[str, Any]) -> pd.DataFrame:
    acts = pd.DataFrame(rows["activities"])
    sent = acts[(acts["kind"] == "email") & (acts["direction"] == "outbound")]
    an = store.table("email_analyses").to_pyarrow().to_pandas()
    e = sent.merge(an, left_on="id", right_on="activity")
    no_ask = e["call_to_action"].isna()
    self_focused = e["buyer_focus"].notna() & (e["buyer_focus"] < 0.5)
    template = (e["template_copies"] >= 10) & ~e["personalised"]
    e["weak"] = no_ask | self_focused | template
    return e


def test_follow_up_quality_matches_pandas_and_quotes_the_emails(talk_org: Org) -> None:
    store, rows = talk_org
    e = _weak_emails(store, rows)
    own = e[e["rep"] == CARELESS]["weak"]
    rest = e[e["rep"] != CARELESS]["weak"]
    assert own.mean() > 0.8 > 0.3 > rest.mean()  # the analyser sees what the org planted
    found = _rep_findings(_result(store, "follow_up_quality"))
    assert set(found) == {CARELESS}
    f = found[CARELESS]
    assert (f.evidence.affected, f.evidence.population) == (int(own.sum()), len(own))
    assert np.isclose(f.metric.value, own.mean())
    acts = pd.DataFrame(rows["activities"])
    emails = acts[acts["kind"] == "email"]
    replies = emails["direction"] == "inbound"
    mine = emails["rep"] == CARELESS
    rate = replies[mine].sum() / (~replies[mine]).sum()
    rest_rate = replies[~mine].sum() / (~replies[~mine]).sum()
    assert f"Buyers reply to {round(100 * rate)}% of them" in f.summary
    assert f"against {round(100 * rest_rate)}% for the rest" in f.summary
    bodies = dict(zip(acts["id"], acts["body"], strict=True))
    # the rep sends two bodies to everyone: each sentence is quoted once, not once per copy
    assert 0 < len(f.quotes) == len({q.text for q in f.quotes}) <= 4
    for q in f.quotes:
        assert q.activity in set(own.index.map(e["id"].to_dict()))
        assert " ".join(q.text.split()).rstrip("…")[:40] in " ".join(bodies[q.activity].split())


def test_discovery_depth_matches_pandas_and_quotes_the_calls(talk_org: Org) -> None:
    store, rows = talk_org
    acts = pd.DataFrame(rows["activities"])
    deals = pd.DataFrame(rows["deals"])[["id", "outcome"]].rename(columns={"id": "deal"})
    calls = store.table("call_analyses").to_pyarrow().to_pandas()
    c = acts.drop(columns="outcome").merge(calls, left_on="id", right_on="activity")
    c = c.merge(deals, on="deal")
    c = c.sort_values(["deal", "at", "id"]).groupby("deal").head(1)
    floor = c[c["outcome"] == "won"]["rep_questions"].median() / 2
    c["shallow"] = (c["rep_questions"] < floor) | (c["rep_talk_share"].fillna(0) > 0.65)
    own = c[c["rep"] == CARELESS]["shallow"]
    rest = c[c["rep"] != CARELESS]["shallow"]
    found = _rep_findings(_result(store, "discovery_depth"))
    assert set(found) == {CARELESS}
    f = found[CARELESS]
    assert (f.evidence.affected, f.evidence.population) == (int(own.sum()), len(own))
    assert f.metric.baseline is not None
    assert np.isclose(f.metric.baseline, rest.mean())
    assert f"fewer than {floor:.0f} questions" in f.summary
    said = {s["text"] for s in rows["segments"]}
    assert 0 < len(f.quotes) == len({q.text for q in f.quotes}) <= 4
    for q in f.quotes:
        assert any(q.text.rstrip("…")[:40] in s for s in said), q.text


def _bare_store(path: Path) -> Store:
    store = Store.open(path)
    store.write("reps", pa.Table.from_pylist([{"id": "R1", "name": "Ann", "role": "rep"}]))
    deals = [
        {"id": f"D{i}", "rep": "R1", "outcome": "won" if i % 2 else "lost", "pipeline": "p"}
        for i in range(30)
    ]
    store.write("deals", pa.Table.from_pylist(deals))
    at = dt.datetime(2025, 1, 1)
    acts = [
        {"id": f"A{i}", "deal": f"D{i}", "rep": "R1", "at": at, "kind": "meeting"}
        for i in range(30)
    ]
    store.write("activities", pa.Table.from_pylist(acts))
    return store


def test_each_check_is_skipped_naming_the_text_it_needs(tmp_path: Path) -> None:
    with _bare_store(tmp_path / "bare.duckdb") as store:
        for check_id, missing in (
            ("meeting_preparation", "meeting agenda"),
            ("discovery_depth", "call transcripts"),
            ("follow_up_quality", "email body"),
        ):
            result = _result(store, check_id)
            assert result.status == "skipped", check_id
            assert missing in (result.reason or ""), (check_id, result.reason)


def test_a_handful_of_emails_is_too_little_data(tmp_path: Path) -> None:
    with _bare_store(tmp_path / "few.duckdb") as store:
        body = "Hi Sam, our product has many features. Best, Ann"
        emails = [
            {
                "id": f"E{i}",
                "deal": f"D{i}",
                "rep": "R1",
                "at": dt.datetime(2025, 1, 2),
                "kind": "email",
                "direction": "outbound",
                "body": body,
            }
            for i in range(5)
        ]
        store.write("activities", pa.Table.from_pylist(emails))
        refresh_analyses(store)
        result = _result(store, "follow_up_quality")
        assert result.status == "too_little_data"
        assert not result.findings
