"""The qualify-out email: one for every deal on the list of a simulated org, each under 100
words, with the deal's real figures (recomputed here from the store file), exactly one
question and no product talk; none for a healthy deal, which is told why; CRM text with markup,
quotes or control characters cannot break it; and the whole list through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline_doctor.casework.models import DealSummary, TimelineEvent
from pipeline_doctor.casework.qualify_out import MAX_WORDS, draft_email
from pipeline_doctor.casework.story import qualify_out_emails
from pipeline_doctor.cli.app import app
from pipeline_doctor.diagnosis import Diagnosis
from pipeline_doctor.facts.activity import TOUCH_KINDS, UNANSWERED
from pipeline_doctor.simulate import GroundTruth
from pipeline_doctor.store import Store
from pipeline_doctor.untrusted import unquote_spreadsheet

Org = tuple[Path, GroundTruth]

PROMOTION = (
    "platform", "feature", "solution", "discount", "offer", "award", "leading", "best-in-class",
    "roi", "pricing", "upgrade", "integrat", "our product", "new release", "limited time",
)  # fmt: skip
"""Words of product promotion the email must never use."""


def _listed(diagnosis: Diagnosis) -> set[str]:
    return {r.id for f in diagnosis.findings if f.deal_list == "qualify_out" for r in f.deals}


def test_every_listed_deal_gets_an_honest_email_with_its_real_figures(
    org: Org, diagnosis: Diagnosis
) -> None:
    with Store.open(org[0], create=False) as store:
        emails = qualify_out_emails(store, diagnosis)
    assert {e.deal for e in emails} == _listed(diagnosis) != set()
    as_of = dt.datetime.fromisoformat(diagnosis.as_of)
    with duckdb.connect(str(org[0]), read_only=True) as con:
        for e in emails:
            created = con.execute("select created_at from deals where id = ?", [e.deal]).fetchone()
            assert created is not None
            days = round((as_of - created[0]).total_seconds() / 86400)
            unanswered = con.execute(
                f"select count(*) from activities where deal = ? and direction = 'outbound' "
                f"and kind in {TOUCH_KINDS} and outcome in {UNANSWERED}",
                [e.deal],
            ).fetchone()
            assert e.words == len(e.body.split()) < MAX_WORDS
            assert e.days_open == days
            assert f"open for {days} days" in e.body
            assert unanswered is not None
            assert e.unanswered == unanswered[0]
            touches = con.execute(
                f"select count(*) from activities where deal = ? and direction = 'outbound' "
                f"and kind in {TOUCH_KINDS}",
                [e.deal],
            ).fetchone()
            assert touches is not None
            assert e.touches <= touches[0]  # held meetings count as answers, not touches
            if e.since_last_answer >= 2:
                assert f"reached out {e.since_last_answer} times" in e.body
            assert "reached out" in e.body or e.since_last_answer < 2
            assert e.body.count("?") == 1
            assert e.subject.count("?") == 1
            lowered = e.body.lower()
            assert not [w for w in PROMOTION if w in lowered], e.body
            if e.missed_next_step:
                assert "and it hasn't happened" in e.body


def _event(at: str, kind: str, **kw: object) -> TimelineEvent:
    return TimelineEvent(at=at, kind=kind, text=kind, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("step", "contact"),
    [
        ('<b>Demo</b> "ASAP"? =HYPERLINK("x") {{7*7}}', "Ana <script>Ruiz</script>"),
        ("Call\x1b[31m back\r\nnext week?? ‮evil", 'Bob "The Buyer" O\'Neil'),
        ("x " * 200, "=cmd|' /C calc'!A0"),
    ],
)
def test_crm_text_cannot_break_the_email(step: str, contact: str) -> None:
    timeline = [
        _event("2026-01-05T10:00:00", "email", direction="inbound", outcome="replied",
               contact=contact),
        _event("2026-01-10T10:00:00", "meeting", direction="outbound", outcome="held",
               contact=contact, next_step=step, next_step_due="2026-01-17T00:00:00"),
        *[_event(f"2026-02-{d:02d}T10:00:00", "email", direction="outbound", outcome="sent")
          for d in (1, 8, 15)],
    ]  # fmt: skip
    e = draft_email(_deal(), timeline, "zombie", "2026-06-30T00:00:00")
    assert e.body.count("?") == 1
    assert e.words < MAX_WORDS
    assert not re.search(r"[<>\"{}\x00-\x09\x0b-\x1f\u202e]", e.body), e.body
    assert "reached out 3 times since we last spoke on 2026-01-10" in e.body
    assert e.missed_next_step is not None
    assert "hasn't happened" in e.body


def _deal(age: float | None = 200.0) -> DealSummary:
    return DealSummary(
        id="D1", name="N", account=None, rep="R1", rep_name="Dana Ruiz", outcome="open",
        stage="Proposal", amount=None, currency=None, source=None, created_at=None,
        expected_close=None, closed_at=None, age_days=age,
    )  # fmt: skip


def test_no_touch_on_record_claims_no_touch() -> None:
    """An export without activities (stage changes only): the email claims no attempts."""
    timeline = [_event("2025-03-01T00:00:00", "stage")]
    e = draft_email(_deal(), timeline, "open 4× as long", "2026-06-30T00:00:00")
    assert e.touches == e.unanswered == e.since_last_answer == 0
    lowered = e.body.lower()
    assert "tried" not in lowered, e.body
    assert "reached out" not in lowered, e.body
    assert "open for 200 days" in e.body
    assert "no calls, emails or meetings on record" in e.record
    assert e.body.count("?") == 1


def test_one_touch_since_the_answer_is_said_as_once() -> None:
    timeline = [
        _event("2026-01-05T10:00:00", "email", direction="inbound", outcome="replied"),
        _event("2026-02-01T10:00:00", "email", direction="outbound", outcome="sent"),
    ]
    e = draft_email(_deal(), timeline, "zombie", "2026-06-30T00:00:00")
    assert "I've reached out once since you last wrote on 2026-01-05" in e.body
    assert "1 touch since the buyer's last answer" in e.record


def test_a_connected_call_is_an_answer_and_a_missed_inbound_call_is_not_a_conversation() -> None:
    timeline = [
        _event("2026-01-05T10:00:00", "call", direction="outbound", outcome="connected"),
        _event("2026-02-01T10:00:00", "email", direction="outbound", outcome="sent"),
        _event("2026-02-08T10:00:00", "email", direction="outbound", outcome="sent"),
    ]
    e = draft_email(_deal(), timeline, "zombie", "2026-06-30T00:00:00")
    assert "reached out 2 times since we last spoke on 2026-01-05" in e.body
    missed = [
        _event("2026-03-01T10:00:00", "call", direction="inbound", outcome="no_answer"),
        _event("2026-04-01T10:00:00", "email", direction="outbound", outcome="sent"),
        _event("2026-04-08T10:00:00", "email", direction="outbound", outcome="sent"),
    ]
    e = draft_email(_deal(), missed, "zombie", "2026-06-30T00:00:00")
    assert "reached out 2 times since you last called on 2026-03-01" in e.body


def test_a_buyer_who_answered_lately_is_thanked_not_told_it_has_been_quiet() -> None:
    timeline = [
        _event("2026-01-05T10:00:00", "email", direction="outbound", outcome="sent"),
        _event("2026-06-25T10:00:00", "email", direction="inbound", outcome="replied"),
    ]
    e = draft_email(_deal(), timeline, "stalled", "2026-06-30T00:00:00")
    assert "Thanks for your note on 2026-06-25." in e.body
    assert "quiet" not in e.body
    later = draft_email(_deal(), timeline, "stalled", "2026-08-30T00:00:00")
    assert "It has been quiet since you last wrote on 2026-06-25" in later.body


def test_no_email_for_a_healthy_deal(org: Org, diagnosis: Diagnosis) -> None:
    listed = _listed(diagnosis)
    with duckdb.connect(str(org[0]), read_only=True) as con:
        won = con.execute("select id from deals where outcome = 'won' limit 1").fetchone()
    assert won is not None
    assert won[0] not in listed
    result = CliRunner().invoke(app, ["qualify-out", won[0], "--db", str(org[0])])
    assert result.exit_code != 0
    assert "is not on the qualify-out list" in str(result.exception)


def test_the_whole_list_through_the_cli_as_csv_and_files(
    org: Org, diagnosis: Diagnosis, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "emails.csv"
    result = runner.invoke(app, ["qualify-out", "--all", "--out", str(out), "--db", str(org[0])])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with Store.open(org[0], create=False) as store:
        emails = {e.deal: e for e in qualify_out_emails(store, diagnosis)}
    assert {r["deal"] for r in rows} == set(emails)
    for r in rows:
        assert unquote_spreadsheet(r["body"]) == emails[r["deal"]].body
    folder = tmp_path / "emails"
    result = runner.invoke(app, ["qualify-out", "--all", "--out", str(folder), "--db", str(org[0])])
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.txt"))
    assert len(files) == len(emails)
    first = files[0].read_text(encoding="utf-8")
    assert first.startswith("To: ")
    assert emails[files[0].stem].body in first


def test_deal_email_in_json(org: Org, diagnosis: Diagnosis) -> None:
    deal = sorted(_listed(diagnosis))[0]
    result = CliRunner().invoke(
        app, ["deal", deal, "--email", "--format", "json", "--db", str(org[0])]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["deal"] == deal
    assert data["body"].count("?") == 1
