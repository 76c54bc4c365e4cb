"""`pipeline-doctor review REP` through Typer's runner, on a simulated org with one weakness
planted on one rep and a new rep with three closed deals: text and JSON, the JSON's figures
against an independent computation from the store file (DuckDB SQL), "too little data" for
the new rep, CRM text shown as written, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.checks.skills import NEXT_STEP
from pipeline_doctor.cli import review_cmd
from pipeline_doctor.coaching import REVIEW_SCHEMA_VERSION, Review
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.stats import wilson
from pipeline_doctor.store import Store
from tests.coaching.orgs import NEW_REP, add_new_rep, planted_org
from tests.wording_scan import wording_problems

HOSTILE = "Newbie [bold]Lee[/bold] \x1b]0;pwned\x07"
"""The new rep's name: Rich markup and a terminal escape sequence, to be shown as written."""


def _app() -> typer.Typer:
    app = typer.Typer()
    review_cmd.register(app)

    @app.command()
    def noop() -> None:  # a second command keeps `review` a subcommand
        """Nothing."""

    return app


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The store, the planted rep's id and full name."""
    path: Path = tmp_path_factory.mktemp("review") / "org.duckdb"
    _, rep = planted_org(path, "no_next_step", seed=7, deals=800)
    with Store.open(path) as store:
        add_new_rep(store, HOSTILE, won=1, lost=2, open_deals=1)
        reps = store.table("reps")
        (name,) = reps.filter(reps.id == rep).name.to_pyarrow().to_pylist()
    return path, rep, str(name)


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(_app(), ["review", *args])


def _json(path: Path, rep: str) -> dict[str, Any]:
    result = _invoke(rep, "--db", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.mark.slow
def test_text_review_of_the_planted_rep(org: tuple[Path, str, str]) -> None:
    path, _, name = org
    result = _invoke(name.upper(), "--db", str(path))  # a full name, in any case
    assert result.exit_code == 0, result.output
    out = result.output
    headings = ["Review: ", "Results", "The funnel against the rest of the team",
                "Activity against pipeline", f"Findings about {name}",
                f"Coaching plan for {name}", "What was judged"]  # fmt: skip
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)
    plan = out[out.index(f"Coaching plan for {name}") :]
    assert f"1. {NEXT_STEP.name}" in plan
    assert "Practice: " in plan
    assert "Moments to discuss:" in plan
    assert "ended with no next step" in plan
    assert wording_problems(out, repeats=False) == []  # tables repeat figures
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.slow
def test_json_figures_match_the_store(org: tuple[Path, str, str]) -> None:
    path, rep, name = org
    data = _json(path, rep)
    assert data["schema_version"] == REVIEW_SCHEMA_VERSION
    review = Review.model_validate(data)
    assert (review.rep, review.name) == (rep, name)
    assert review.plan.items[0].skill.key == NEXT_STEP.key
    with duckdb.connect(str(path), read_only=True) as con:
        per_rep = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT rep, count(*) FILTER (outcome = 'won'), count(*) FILTER (outcome = 'lost'),"
                " count(*) FILTER (outcome = 'open'), sum(amount) FILTER (outcome = 'open')"
                " FROM deals WHERE rep IS NOT NULL GROUP BY rep"
            ).fetchall()
        }
        quotas = con.execute(
            "SELECT q.period, q.amount, count(d.id), coalesce(sum(d.amount), 0) FROM quotas q"
            " LEFT JOIN deals d ON d.rep = q.rep AND d.outcome = 'won'"
            " AND CAST(d.closed_at AS DATE) BETWEEN q.period_start AND q.period_end"
            " WHERE q.rep = ? GROUP BY ALL ORDER BY q.period",
            [rep],
        ).fetchall()
        (activities,) = con.execute(
            "SELECT count(*) FROM activities"
            " WHERE rep = ? AND kind IN ('call', 'email', 'meeting')",
            [rep],
        ).fetchone() or (0,)
    won, lost, open_, open_amount = per_rep[rep]
    s = review.standing
    assert (s.won, s.lost, s.open) == (won, lost, open_)
    assert s.open_amount == pytest.approx(open_amount)
    assert s.win_rate.value == pytest.approx(won / (won + lost))
    rest_won = sum(v[0] for k, v in per_rep.items() if k != rep)
    rest_closed = sum(v[0] + v[1] for k, v in per_rep.items() if k != rep)
    assert s.rest_win_rate.value == pytest.approx(rest_won / rest_closed)
    assert s.rest_win_rate.low == pytest.approx(wilson(rest_won, rest_closed).low)
    shown = [(p.period, p.quota, p.won_deals, p.won_amount) for p in review.quotas.periods]
    assert shown == [(p, pytest.approx(q), n, pytest.approx(w)) for p, q, n, w in quotas]
    assert review.activity.activities == activities


@pytest.mark.slow
def test_a_new_rep_gets_too_little_data(org: tuple[Path, str, str]) -> None:
    path, _, _ = org
    data = _json(path, NEW_REP)
    plan = data["plan"]
    assert plan["status"] == "too_little_data"
    assert plan["items"] == []
    assert (plan["closed_deals"], plan["needed"]) == (3, 20)
    assert "3 closed deals; 20 are needed" in plan["text"]
    assert data["name"] == HOSTILE  # JSON keeps the data exactly (escaped)
    text = _invoke(NEW_REP, "--db", str(path))
    assert text.exit_code == 0, text.output
    assert "Too little data to review" in text.output
    assert "[bold]Lee[/bold]" in text.output  # markup shown, not applied
    assert "\x1b" not in text.output
    assert "\x07" not in text.output
    assert "1. " not in text.output.split("Coaching plan for")[1].split("What was judged")[0]
    judged = text.output.split("What was judged")[1]
    assert plan["judged_by"], "checks compared the team and ran on the rep's few deals"
    assert "found nothing to fix" not in judged  # too little data: no clean bill either
    assert "on too little of" in judged


def test_an_unknown_rep_is_a_clear_error_naming_the_reps(org: tuple[Path, str, str]) -> None:
    path, _, name = org
    result = _invoke("Nobody Atall", "--db", str(path))
    assert result.exit_code != 0
    assert isinstance(result.exception, PipelineDoctorError)
    assert "There is no rep called 'Nobody Atall'" in str(result.exception)
    assert name in str(result.exception)


def test_an_unknown_format_is_a_clear_error(org: tuple[Path, str, str]) -> None:
    path, rep, _ = org
    result = _invoke(rep, "--db", str(path), "--format", "xml")
    assert isinstance(result.exception, PipelineDoctorError)
    assert "--format 'xml'" in str(result.exception)


@pytest.mark.slow
def test_another_reps_review_speaks_of_that_rep_not_of_the_team(
    org: tuple[Path, str, str],
) -> None:
    """The planted rep misses next steps; another rep's review must not say that no rep does
    (the team's "compared N reps: none is …"), but that this rep is not one, or that this rep
    has too little to compare."""
    path, planted, _ = org
    with duckdb.connect(str(path), read_only=True) as con:
        (other, name), *_ = con.execute(
            "SELECT d.rep, r.name FROM deals d JOIN reps r ON r.id = d.rep WHERE d.rep <> ? "
            "GROUP BY d.rep, r.name ORDER BY count(*) DESC",
            [planted],
        ).fetchall()
    review = Review.model_validate(_json(path, other))
    notes = {n.check: n for n in [*review.plan.judged_by, *review.plan.not_judged]}
    next_step = notes["missing_next_step"]
    assert "none is" not in next_step.text
    if next_step.status == "healthy":
        assert f"{name} is not 30 points or more above the rest" in next_step.text
    else:
        assert f"{name} has fewer than" in next_step.text
    team_words = [
        n.check for n in review.plan.judged_by if "compared" in n.text and " none " in n.text
    ]
    assert "missing_next_step" not in team_words
