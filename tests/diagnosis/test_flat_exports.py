"""The failures seen on real flat exports, one hand-made CSV each, imported as a user would:
strong signals found with the right figures (whatever the sales lore expects), absent fields
named instead of headlined, no "at stake: 0", and "too little data" instead of "healthy"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from pipeline_doctor.checks import Finding
from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.store import Store
from pipeline_doctor.views.diagnosis_text import render_diagnosis
from tests.diagnosis.flat import Group, frame, import_frame, win_rates

SOURCES = '{ column = "Source", values = { Referral = "referral", Web = "inbound", "Cold Call" = "outbound_cold", Customer = "existing_customer" } }'  # noqa: E501
BUDGET = '{ column = "Budget", values = { Unknown = "unknown", Yes = "known", No = "known" } }'


def diagnose(store: Store, folder: Path, groups: list[Group], columns: dict[str, str],
             **kw: bool) -> tuple[Diagnosis, object]:  # fmt: skip
    data = frame(groups, **kw)
    import_frame(store, folder, data, columns)
    return run_diagnosis(store), data


def only(diagnosis: Diagnosis, check: str, key: str) -> Finding:
    found = [f for f in diagnosis.findings if f.check == check and f.scope.key == key]
    assert len(found) == 1, [f.id for f in diagnosis.findings]
    return found[0]


def rows_by_value(finding: Finding) -> dict[str, dict[str, object]]:
    (table,) = [b for b in finding.breakdowns if b.name == "win_rate_by_value"]
    return {str(r["value"]): r for r in table.rows}


def test_a_referral_source_far_above_the_rest_is_reported_with_its_figures(
    store: Store, tmp_path: Path
) -> None:
    groups = [
        Group({"Source": "Referral"}, closed=100, won=90),
        Group({"Source": "Web"}, closed=150, won=60),
        Group({"Source": "Cold Call"}, closed=150, won=60),
    ]
    dx, data = diagnose(store, tmp_path, groups, {"source": SOURCES})
    expected = win_rates(data, "Source").loc["Referral"]
    finding = only(dx, "source_mix", "deals.source=referral")
    assert finding.kind == "driver"
    assert finding.scope.attributes["direction"] == "better"
    assert finding.metric.value == pytest.approx(expected["rate"])  # 0.90
    assert finding.metric.baseline == pytest.approx(expected["rest"])  # 0.40
    assert "Referral deals win 90% (90 of 100 closed deals) against 40% for the rest" in (
        finding.summary
    )
    status = {c.check: c.status for c in dx.checks}
    assert status["source_mix"] == "findings"


def test_referrals_below_another_source_are_reported_as_such(store: Store, tmp_path: Path) -> None:
    groups = [
        Group({"Source": "Referral"}, closed=80, won=20),
        Group({"Source": "Customer"}, closed=80, won=49),
        Group({"Source": "Web"}, closed=200, won=90),
    ]
    dx, data = diagnose(store, tmp_path, groups, {"source": SOURCES})
    rates = win_rates(data, "Source")
    findings = [f for f in dx.findings if f.check == "source_mix" and f.kind == "driver"]
    assert len(findings) == 1
    text = findings[0].summary
    assert "Referrals win 25% here, less often than Existing customer deals (61%)." in text
    got = rows_by_value(findings[0])
    for value, label in (("Referral", "Referral"), ("Customer", "Existing customer")):
        assert got[label]["win_rate"] == pytest.approx(rates.loc[value, "rate"])
        assert got[label]["deals"] == rates.loc[value, "closed"]


def test_budget_unknown_winning_far_less_is_reported(store: Store, tmp_path: Path) -> None:
    groups = [
        Group({"Budget": "Unknown"}, closed=36, won=5, open=4),
        Group({"Budget": "Yes"}, closed=300, won=162, open=20),
    ]
    dx, data = diagnose(store, tmp_path, groups, {"budget": BUDGET})
    rates = win_rates(data, "Budget")
    finding = only(dx, "qualification_gaps", "deals.budget=unknown")
    assert finding.kind == "driver"
    assert finding.metric.value == pytest.approx(rates.loc["Unknown", "rate"])  # 5/36 = 14%
    assert finding.metric.baseline == pytest.approx(rates.loc["Unknown", "rest"])  # 54%
    assert finding.summary.startswith(
        "Deals where budget is unknown win 14% (5 of 36 closed deals) against 54% for the rest"
    )
    summary = next(c for c in dx.checks if c.check == "qualification_gaps")
    assert "your export has no authority, need or timing field" in summary.not_judged


def test_an_export_without_lost_reasons_skips_the_lost_reason_check(
    store: Store, tmp_path: Path
) -> None:
    groups = [Group({}, closed=200, won=80, open=30)]
    dx, _ = diagnose(store, tmp_path, groups, {})
    lost = next(c for c in dx.checks if c.check == "lost_reason_hygiene")
    assert lost.status == "skipped"
    assert lost.reason == "Your export has no lost reason or lost-reason text field."
    assert not [f for f in dx.findings if f.check == "lost_reason_hygiene"]
    assert "lost reason" not in dx.headline


def test_an_export_without_amounts_ranks_by_expected_wins(store: Store, tmp_path: Path) -> None:
    groups = [
        Group({"Source": "Referral"}, closed=100, won=85, open=30),
        Group({"Source": "Cold Call"}, closed=300, won=60, open=90),
    ]
    dx, _ = diagnose(store, tmp_path, groups, {"source": SOURCES}, amounts=False)
    assert dx.ranked_by == "wins"
    assert dx.findings
    assert all(f.impact.money is None for f in dx.findings)
    assert all(f.impact.wins > 0 for f in dx.findings)
    assert all("money unknown" in f.impact.how for f in dx.findings)
    wins = [c.impact.wins for c in dx.causes if c.kind == "driver"]
    assert wins == sorted(wins, reverse=True)
    out = io.StringIO()
    render_diagnosis(dx, Console(file=out, width=120))
    text = out.getvalue() + dx.to_json()
    assert "at stake: 0" not in text
    assert "At stake: about" in " ".join(dx.answer)


def test_checks_below_their_minimum_say_too_little_data(store: Store, tmp_path: Path) -> None:
    groups = [
        Group({"Source": "Referral", "Budget": "Yes"}, closed=6, won=5, open=2),
        Group({"Source": "Web", "Budget": "Unknown"}, closed=9, won=3, open=3),
    ]
    dx, _ = diagnose(store, tmp_path, groups, {"source": SOURCES, "budget": BUDGET})
    status = {c.check: c for c in dx.checks}
    for check in ("win_drivers", "source_mix", "qualification_gaps", "zombie_deals"):
        assert status[check].status == "too_little_data", (check, status[check])
        assert "needed" in (status[check].reason or "")
    assert not [c.check for c in dx.checks if c.status == "healthy"]
    assert dx.headline.endswith(". Too little data to judge any link of the sales process.")


def test_findings_beyond_a_checks_limit_are_counted_not_dropped(
    store: Store, tmp_path: Path
) -> None:
    groups = [
        Group({"Region": "North", "Deal Type": "New"}, closed=300, won=240),
        Group({"Region": "North", "Deal Type": "Upgrade"}, closed=300, won=150),
        Group({"Region": "South", "Deal Type": "New"}, closed=300, won=120),
        Group({"Region": "South", "Deal Type": "Upgrade"}, closed=300, won=30),
    ]
    extra = '{ extra = ["Region", "Deal Type"] }'
    import_frame(store, tmp_path, frame(groups), {"extra": extra})
    every = run_diagnosis(store, checks=["win_drivers"],
                          overrides={"win_drivers": {"max_findings": 100}})  # fmt: skip
    (all_of_them,) = every.checks
    total = all_of_them.findings
    assert total >= 2
    assert all_of_them.left_out == []
    one = run_diagnosis(store, checks=["win_drivers"],
                        overrides={"win_drivers": {"max_findings": 1}})  # fmt: skip
    (limited,) = one.checks
    assert limited.findings == 1
    assert limited.left_out == [
        f"{total - 1} more, weaker than these, not listed; to list them all, run with "
        f"--set win_drivers.max_findings={total}"
    ]
    out = io.StringIO()
    render_diagnosis(one, Console(file=out, width=200), top=5)
    assert f"{total - 1} more, weaker than these" in out.getvalue()
