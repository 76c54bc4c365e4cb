"""`diagnose` in the terminal reads at 80 columns: the answer first with every word whole, the
findings as numbered entries, only the reps worth a look (`--all-reps`: every rep), and what
was checked in one line plus the checks that say more than "found something"."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline_doctor.cli.app import app
from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.diagnosis.result import (
    Change,
    FindingTrend,
    HeadlineFigure,
    RepDiagnosis,
    Trend,
)
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store
from pipeline_doctor.views.diagnosis_text import flagged, render_diagnosis
from pipeline_doctor.views.headline_strip import compact
from pipeline_doctor.views.terminal import SafeConsole
from pipeline_doctor.wording import plural

BOX = re.compile(r"[\u2500-\u257f]")  # box drawing: panel and table borders


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("terminal") / "demo.duckdb"
    with Store.open(path) as store:
        simulate_into(store, SimulationConfig(deals=1500, seed=3, plants=DEFAULT_PLANTS))
    return path


@pytest.fixture(scope="module")
def real(demo_db: Path) -> Iterator[Diagnosis]:
    with Store.open(demo_db, create=False) as store:
        yield run_diagnosis(store)


def _dated(dx: Diagnosis) -> Diagnosis:
    """The real diagnosis with headline figures, a trend and findings' directions filled in
    (the diagnosis may not compute them yet; the view must show them either way)."""
    figures = [
        HeadlineFigure(
            name="win_rate",
            label="Win rate",
            unit="rate",
            value=1373 / 4465,
            detail="1,373 of 4,465 closed deals",
            change=Change(
                period="2026 Q2",
                previous_period="2026 Q1",
                previous=0.38,
                difference=1373 / 4465 - 0.38,
                low=-0.11,
                high=-0.03,
                clear=True,
            ),
        ),
        HeadlineFigure(
            name="open_pipeline",
            label="Open pipeline",
            unit="money",
            value=12_345_678.0,
            detail="510 open deals",
            change=Change(
                period="2026 Q2",
                previous_period="2026 Q1",
                previous=11_000_000.0,
                difference=1_345_678.0,
                clear=False,
            ),
        ),
        HeadlineFigure(
            name="cycle",
            label="Days to close",
            unit="days",
            value=None,
            note="no deal records when it was created",
        ),
    ]
    trend = Trend(
        grain="quarter",
        statements=["The win rate fell from 38% in 2026 Q1 to 31% in 2026 Q2, beyond noise."],
    )
    first, second, third = (c.finding for c in dx.causes[:3])
    trends = [
        FindingTrend(
            finding=first,
            direction="growing",
            text="Growing: the gap went from -10 points before 2026-01-01 to -30 points since.",
        ),
        FindingTrend(finding=second, direction="new", text="New since 2026-01-01."),
        FindingTrend(finding=third, direction="undated", text="UNDATED-TEXT-NOT-SHOWN"),
    ]
    return dx.model_copy(update={"figures": figures, "trend": trend, "finding_trends": trends})


def _render(dx: Diagnosis, width: int, *, top: int = 10, all_reps: bool = False) -> str:
    console = SafeConsole(width=width, record=True, file=io.StringIO())
    render_diagnosis(dx, console, top=top, all_reps=all_reps)
    return console.export_text()


def _flat(text: str) -> str:
    """The text as one line: borders gone, every run of white space one space, so a sentence
    wrapped over several lines of a panel or a column reads as written."""
    return " ".join(BOX.sub(" ", text).split())


def _sentence(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", [80, 120])
def test_the_answer_reads_whole(real: Diagnosis, width: int) -> None:
    dx = _dated(real)
    text = _render(dx, width)
    flat = _flat(text)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    expected = [dx.headline, *dx.answer, *dx.trend.statements]  # type: ignore[union-attr]
    expected += [c.title for c in dx.causes[:10]]
    expected += [t.text for t in dx.finding_trends if t.direction != "undated"]
    missing = [s for s in expected if _sentence(s) not in flat]
    assert missing == []
    # the answer comes before the findings, the findings before the reps and the checks
    order = [flat.index(_sentence(dx.headline)), flat.index("Findings, by"),
             flat.index("Reps, those with"), flat.index("What was checked")]  # fmt: skip
    assert order == sorted(order)
    # the figures the diagnosis computes itself (if any yet) read whole too
    own = _flat(_render(real, width))
    for f in real.figures:
        said = compact(f.value, f.unit, real.currency) if f.value is not None else f.note
        assert f"{_sentence(f.label)} {_sentence(said or '')}" in own


def test_headline_figures_show_clear_changes_only(real: Diagnosis) -> None:
    dx = _dated(real)
    flat = _flat(_render(dx, 80))
    assert "Win rate 31% (1,373 of 4,465 closed deals) — down 7 points from 38% in 2026 Q1" in flat
    assert "Open pipeline 12.3M USD (510 open deals)" in flat
    assert "11,000,000" not in flat  # the change is within noise: not stated
    assert "Days to close unknown — no deal records when it was created" in flat
    assert "UNDATED-TEXT-NOT-SHOWN" not in flat
    bare = _flat(_render(dx.model_copy(update={"figures": [], "trend": None}), 80))
    assert "Win rate" not in bare
    assert "Over time" not in bare


def test_top_findings_then_how_many_more(real: Diagnosis) -> None:
    assert len(real.causes) > 3
    flat = _flat(_render(real, 80, top=3))
    for c in real.causes[:3]:
        assert f"{c.rank}. {_sentence(c.title)}" in flat
    assert _sentence(real.causes[3].title) + " Who:" not in flat
    more = len(real.causes) - 3
    assert f"And {more} more finding{'s' if more != 1 else ''}: see them all with" in flat


def test_only_reps_worth_a_look_unless_all_are_asked_for(real: Diagnosis) -> None:
    shown = [r for r in real.reps if flagged(r)]
    quiet = [r for r in real.reps if not flagged(r)]
    assert shown
    assert quiet
    rows = _rep_rows(_render(real, 80), real.reps)
    assert rows == [r.name for r in shown]
    assert f"Not shown: {plural(len(quiet), 'rep')} with no finding" in _flat(_render(real, 80))
    every = _render(real, 80, all_reps=True)
    assert _rep_rows(every, real.reps) == [r.name for r in real.reps]
    assert "Not shown" not in every
    assert " - " not in every


def _rep_rows(text: str, reps: list[RepDiagnosis]) -> list[str]:
    """The reps whose row starts a line of the reps table, in order."""
    start = text.index("Reps, those with")
    lines = text[start : text.index("What was checked")].splitlines()
    names = {r.name for r in reps}
    return [n for line in lines for n in [re.split(r"\s{2,}", line.strip())[0]] if n in names]


def test_rep_columns_only_for_what_someone_has(real: Diagnosis) -> None:
    quiet = [r.model_copy(update={"explained_by": [], "other_findings": []}) for r in real.reps]
    assert any(r.weakest_link is not None and r.weakest_link.clear for r in quiet)
    header = _rep_header(_render(real.model_copy(update={"reps": quiet}), 120, all_reps=True))
    assert header == ["rep", "deals", "win rate", "weak stage (vs the rest)"]
    header = _rep_header(_render(real, 120))
    assert header == ["rep", "deals", "win rate", "weak stage (vs the rest) and findings"]
    none = [r.model_copy(update={"weakest_link": None}) for r in quiet]
    header = _rep_header(_render(real.model_copy(update={"reps": none}), 120, all_reps=True))
    assert header == ["rep", "deals", "win rate"]
    default = _flat(_render(real.model_copy(update={"reps": none}), 120))
    section = default[default.index("Reps, those with") : default.index("What was checked")]
    assert "win rate" not in section  # no table at all
    assert (
        f"No rep has a finding or a clear weak stage; --all-reps lists the {len(none)}." in default
    )


def _rep_header(text: str) -> list[str]:
    lines = text[text.index("Reps, those with") :].splitlines()
    return re.split(r"\s{2,}", lines[1].strip())


def test_what_was_checked_counts_every_status_and_keeps_every_reason(real: Diagnosis) -> None:
    checks = list(real.checks)
    reasons = {
        0: ("skipped", "skipped: your export has no activities, so meetings cannot be judged"),
        1: ("too_little_data", "12 closed deals; 40 needed to judge the referral rate"),
        2: ("error", "the check failed: division by zero"),
    }
    for i, (status, reason) in reasons.items():
        checks[i] = checks[i].model_copy(update={"status": status, "reason": reason, "findings": 0})
    dx = real.model_copy(update={"checks": checks})
    text = _render(dx, 80)
    flat = _flat(text)
    counts = Counter(str(c.status) for c in checks)
    words = {
        "findings": "found something",
        "healthy": "healthy",
        "too_little_data": "too little data",
        "skipped": "skipped",
        "error": "failed",
    }
    line = ", ".join(f"{counts[s]} {w}" for s, w in words.items() if counts[s])
    assert f"{len(checks)} checks: {line}." in flat
    for check in checks:
        said = f"{_sentence(check.title)}: "
        if check.status == "findings" and not (check.left_out or check.not_judged):
            assert said not in flat  # already among the findings
        else:
            assert said in flat
    for _, reason in reasons.values():
        assert _sentence(reason) in flat
    for n in dx.not_checked:
        assert _sentence(n.text) in flat
    assert "…" not in text


def test_crm_text_is_shown_as_written(real: Diagnosis) -> None:
    markup = "[bold red]Ann[/] [link=https://example.com]x[/link]"
    reps = [r.model_copy(update={"name": markup}) if i == 0 else r
            for i, r in enumerate(real.reps)]  # fmt: skip
    causes = [real.causes[0].model_copy(update={"title": "Title " + markup}), *real.causes[1:]]
    text = _render(real.model_copy(update={"reps": reps, "causes": causes}), 120)
    assert markup in text
    assert "Title " + markup in text


def test_all_reps_through_the_cli(demo_db: Path, real: Diagnosis) -> None:
    names = {r.name for r in real.reps}  # every rep with deals (some reps have none)
    runner = CliRunner()
    env = {"COLUMNS": "80"}
    some = runner.invoke(app, ["diagnose", "--db", str(demo_db)], env=env)
    every = runner.invoke(app, ["diagnose", "--db", str(demo_db), "--all-reps"], env=env)
    assert some.exit_code == 0, some.output
    assert every.exit_code == 0, every.output

    def listed(output: str) -> set[str]:
        section = output[output.index("Reps, those with") : output.index("What was checked")]
        return {n for n in names if n in section}

    assert listed(every.output) == names
    assert 0 < len(listed(some.output)) < len(names)
    assert listed(some.output) == {r.name for r in real.reps if flagged(r)}
    assert "--all-reps lists" in some.output
    assert "--all-reps lists" not in every.output
    assert "…" not in some.output.split("Diagnosis", 1)[1]  # after the progress bar
