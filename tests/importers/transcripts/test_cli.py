"""`pipeline-doctor import transcripts DIR` through Typer, against a store of the simulated
organisation: transcripts written for two of its calls attach, a malformed file is named with
its line while the others load, and the conversation analyses are refreshed after the
segments are written."""

from __future__ import annotations

import shutil
import sys
import types
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.simulate import SimulationConfig, simulate_into
from pipeline_doctor.store import Store

runner = CliRunner(env={"COLUMNS": "200"})


def make_app() -> typer.Typer:
    app = typer.Typer()
    import_cmd.register(app)
    return app


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the simulated organisation (300 deals), built once."""
    path = tmp_path_factory.mktemp("sim") / "sim.duckdb"
    with Store.open(path) as store:
        simulate_into(store, SimulationConfig(deals=300, seed=1))
    return path


@pytest.fixture
def db(simulated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.duckdb"
    shutil.copy(simulated, copy)
    return copy


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, int]]:
    """Calls of `pipeline_doctor.conversations.refresh_analyses`, each recorded as the number
    of segments per activity the store held when it was called."""
    calls: list[dict[str, int]] = []

    def refresh_analyses(store: Store, progress: Any = None) -> None:
        rows = store.table("transcript_segments").activity.value_counts().to_pyarrow().to_pylist()
        calls.append({r["activity"]: r["activity_count"] for r in rows})

    fake = types.ModuleType("pipeline_doctor.conversations")
    fake.refresh_analyses = refresh_analyses  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pipeline_doctor.conversations", fake)
    return calls


def _pick(store: Store, kind: str, outcome: str) -> dict[str, Any]:
    """The first `kind` activity with `outcome` whose account has contacts, with its rep's
    name and its account's contact names."""
    con = store.backend.con
    row = con.execute(
        "SELECT a.id, a.at, r.name AS rep_name, a.account FROM activities a "
        "JOIN reps r ON r.id = a.rep "
        "WHERE a.kind = ? AND a.outcome = ? AND a.account IN (SELECT account FROM contacts) "
        "ORDER BY a.id LIMIT 1",
        [kind, outcome],
    ).fetchone()
    names = [
        n
        for (n,) in con.execute(
            "SELECT name FROM contacts WHERE account = ? ORDER BY id", [row[3]]
        ).fetchall()
    ]
    return {"id": row[0], "at": row[1], "rep": row[2], "contacts": names}


def test_import_transcripts_into_a_simulated_org(
    db: Path, tmp_path: Path, refreshes: list[dict[str, int]]
) -> None:
    with Store.open(db) as store:
        meeting = _pick(store, "meeting", "held")
        call = _pick(store, "call", "connected")
    at: datetime = meeting["at"]
    folder = tmp_path / "transcripts"
    folder.mkdir()
    buyer = meeting["contacts"][0]
    (folder / f"GMT{at:%Y%m%d-%H%M%S}_Recording.transcript.vtt").write_text(
        "WEBVTT\n\n"
        f"1\n00:00:00.000 --> 00:00:04.000\n{meeting['rep']}: Thanks for your time.\n\n"
        f"2\n00:00:04.000 --> 00:00:08.000\n{meeting['rep']}: What matters most to you?\n\n"
        f"3\n00:00:08.500 --> 00:00:15.000\n{buyer.upper()}: Getting reports we trust.\n\n"
        "4\n00:00:15.000 --> 00:00:17.000\nVisitor Person: Hello.\n",
        encoding="utf-8",
    )
    (folder / f"{call['id']}.srt").write_text(
        f"1\n00:00:00,000 --> 00:00:03,000\n{call['rep']}: Is now a good time?\n\n"
        f"2\n00:00:03,000 --> 00:00:05,000\n{call['contacts'][0]}: Yes.\n",
        encoding="utf-8",
    )
    (folder / "broken.vtt").write_text("WEBVTT\n\n00:00:00.000 -> 00:00:01.000\nHi\n")
    (folder / "recording.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")

    result = runner.invoke(make_app(), ["import", "transcripts", str(folder), "--db", str(db)])

    assert result.exit_code == 0, result.output
    assert "2 files attached, 5 segments" in result.output
    assert f"-> {meeting['id']} (time and speakers), 3 segments" in result.output
    assert f"-> {call['id']} (activity id in the file name), 2 segments" in result.output
    assert "broken.vtt line 3: expected a cue timing line" in result.output
    assert "'Visitor Person' in GMT" in result.output
    assert "Left aside: 1 file that is not a transcript." in result.output
    with Store.open(db) as store:
        segments = store.table("transcript_segments")
        mine = segments.filter(segments.activity == meeting["id"]).order_by("seq").to_pyarrow()
        assert mine.column("speaker_role").to_pylist() == ["rep", "buyer", "other"]
        assert mine.column("speaker").to_pylist() == [
            meeting["rep"],
            buyer.upper(),
            "Visitor Person",
        ]
        assert mine.column("end_s").to_pylist() == [8.0, 15.0, 17.0]
        theirs = segments.filter(segments.activity == call["id"]).to_pyarrow()
        assert theirs.column("speaker_role").to_pylist() == ["rep", "buyer"]
        held = dict(
            store.backend.con.execute(
                "SELECT activity, count(*) FROM transcript_segments GROUP BY 1"
            ).fetchall()
        )
    assert refreshes == [held]  # called once, after the segments were written


def test_nothing_attached_is_an_error(
    db: Path, tmp_path: Path, refreshes: list[dict[str, int]]
) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "broken.json").write_text('{"segments": [\n  {"speaker": "A"}\n]}')
    (folder / "GMT20000101-000000.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:01.000\nNobody: Hi\n"
    )
    result = runner.invoke(make_app(), ["import", "transcripts", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    assert isinstance(result.exception, PipelineDoctorError)
    assert "No transcript was attached: 1 malformed, 1 with no call or meeting found" in str(
        result.exception
    )
    assert 'broken.json line 2: segment 1: "text" must be a string' in result.output
    assert refreshes == []


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.vtt").write_text("WEBVTT\n")
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(make_app(), ["import", "transcripts", str(folder), "--db", str(missing)])
    assert result.exit_code == 1
    assert "There is no store" in str(result.exception)
    assert not missing.exists()
