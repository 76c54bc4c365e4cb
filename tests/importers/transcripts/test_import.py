"""Importing the fixture folder into a tiny org: each transcript attaches to the call labelled
by hand, speakers get the roles labelled by hand, malformed files are named with their line
while the others load, and importing again changes nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline_doctor.importers.transcripts import import_transcripts, transcript_files
from pipeline_doctor.importers.transcripts.attach import Attached, Found, attach_all, to_utc
from pipeline_doctor.importers.transcripts.calls import CallBook
from pipeline_doctor.importers.transcripts.parsed import ParsedSegment, ParsedTranscript
from pipeline_doctor.store import Store
from tests.importers.transcripts.tinyorg import FIXTURE_CALLS, FIXTURE_ERRORS, build_tiny_org

FIXTURES = Path(__file__).parent / "fixtures"

ROLES = {
    "MTG-1001": ["rep", "buyer", "buyer", "other", "rep"],  # Ana Farias, Bob, Priya Shah
    "CALL-2002": ["rep", "buyer", "rep"],
    "MTG-1004": ["rep", "buyer", "rep"],
    "MTG-3004": ["rep", "buyer", "rep"],
    "MTG-1006": ["rep", "buyer"],
    "MTG-5001": ["rep", "buyer", "rep"],
    "CALL-4001": ["rep", "buyer"],
    "MTG-4002": ["rep", "buyer", "buyer", "other"],  # an email; a segment naming nobody
    "MTG-4003": ["rep", "buyer"],
}
"""The role of each segment of each call's transcript, labelled by hand."""


@pytest.fixture
def org(store: Store) -> Store:
    """The tiny org, for tests that import (write)."""
    build_tiny_org(store)
    return store


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The tiny org, for tests that only attach (read): built once."""
    with Store.open(tmp_path_factory.mktemp("org") / "org.duckdb") as store:
        build_tiny_org(store)
        yield store


def run(store: Store, folder: Path, timezone: str | None = None):  # type: ignore[no-untyped-def]
    files, other = transcript_files(folder)
    return import_transcripts(store, files, folder, timezone=timezone, other_files=len(other))


def stored_segments(store: Store) -> pa.Table:
    return (
        store.table("transcript_segments")
        .to_pyarrow()
        .sort_by([("activity", "ascending"), ("seq", "ascending")])
    )


def test_each_transcript_attaches_to_its_call(org: Store) -> None:
    result = run(org, FIXTURES)
    attached = {a.found.name: (a.activity, a.how) for a, _ in result.attached}
    assert attached == FIXTURE_CALLS
    assert {(e.path, e.line) for e in result.errors} == set(FIXTURE_ERRORS.items())
    assert result.unattached == []
    assert [(s.file, s.activity, s.speaker) for s in result.speakers_left] == [
        ("GMT20240115-150012_Recording.transcript.vtt", "MTG-1001", "Priya Shah")
    ]


def test_segments_and_roles_as_labelled(org: Store) -> None:
    result = run(org, FIXTURES)
    rows = stored_segments(org).to_pylist()
    roles: dict[str, list[str]] = {}
    for row in rows:
        roles.setdefault(row["activity"], []).append(row["speaker_role"])
    assert roles == ROLES
    assert result.segments == len(rows) == sum(len(r) for r in ROLES.values())
    first = next(r for r in rows if r["activity"] == "MTG-1001")
    assert (first["seq"], first["speaker"], first["start_s"], first["end_s"]) == (
        0,
        "Chen Dubois",
        0.0,
        9.12,
    )
    assert first["text"] == "Thanks for making the time today. How do you handle renewals today?"
    dara = next(r for r in rows if r["activity"] == "CALL-2002" and r["seq"] == 1)
    assert (dara["speaker"], dara["speaker_role"]) == ("Dara Ocaña", "buyer")


def test_bookkeeping_counts_segments_and_records_rejects(org: Store) -> None:
    result = run(org, FIXTURES)
    imports = org.table("imports").to_pyarrow().to_pylist()
    assert len(imports) == 1
    row = imports[0]
    assert (row["id"], row["source"]) == (result.import_id, "transcripts")
    assert row["rows_read"] == row["rows_loaded"] == result.segments
    assert row["rows_rejected"] == 0
    rejects = org.table("rejects").to_pyarrow().to_pylist()
    assert {(r["file"], r["line"], r["reason"]) for r in rejects} == {
        (name, line, "malformed_transcript") for name, line in FIXTURE_ERRORS.items()
    }
    provided = org.provided_columns()["transcript_segments"]
    assert provided == {"activity", "seq", "speaker", "speaker_role", "start_s", "end_s", "text"}


def test_importing_again_changes_nothing(org: Store) -> None:
    first = run(org, FIXTURES)
    before = {name: org.table(name).to_pyarrow() for name in ("transcript_segments", "rejects")}
    imports_before = org.count("imports")
    second = run(org, FIXTURES)
    assert second.import_id == first.import_id
    assert stored_segments(org).equals(
        before["transcript_segments"].sort_by([("activity", "ascending"), ("seq", "ascending")])
    )
    assert (
        org.table("rejects").to_pyarrow().sort_by("file").equals(before["rejects"].sort_by("file"))
    )
    assert org.count("imports") == imports_before


def test_a_new_transcript_replaces_all_of_the_old_segments(org: Store, tmp_path: Path) -> None:
    old = pa.Table.from_pylist(
        [
            {"activity": "CALL-4001", "seq": i, "speaker_role": "other", "text": f"old {i}"}
            for i in range(7)
        ]
    )
    org.write("transcript_segments", old)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "CALL-4001.srt", folder)
    run(org, folder)
    texts = [r["text"] for r in stored_segments(org).to_pylist()]
    assert texts == ["Hi Dara, is now a good time?", "Yes, go ahead. I have ten minutes."]


def found(name: str, speakers: list[str | None], **more: object) -> Found:
    segments = tuple(ParsedSegment(s, None, None, "words") for s in speakers)
    return Found(name, ParsedTranscript("zoom_vtt", segments, **more))  # type: ignore[arg-type]


def reasons(store: Store, items: list[Found], timezone: str | None = None) -> list[str]:
    outcomes = attach_all(CallBook(store), items, timezone=timezone)
    return [getattr(o, "reason", getattr(o, "activity", "")) for o in outcomes]


def test_why_a_transcript_is_not_attached(calls: Store) -> None:
    assert reasons(
        calls,
        [
            found("notes.vtt", ["Chen Dubois"]),
            found("GMT20240115-150012.vtt", ["Ana Farías"]),
            found("GMT20240101-090000.vtt", ["Chen Dubois"]),
            found("EM-0001.vtt", ["Chen Dubois"]),
            found("x.json", ["Chen Dubois"], activity="EM-0001"),
            found("y.json", ["Chen Dubois"], activity="NOPE-1"),
            found("MTG-1001 and MTG-1003.vtt", ["Chen Dubois"]),
        ],
    ) == [
        "no activity id in its name, and no start time in the file or its name (such as "
        "GMT20240115-150012 or 2024-01-15 15.00.12)",
        "no activity id in its name, and no speaker is a rep (Ana Farías)",
        "no call or meeting of Chen Dubois within 2 h of 2024-01-01 09:00 UTC",
        "no activity id in its name, and no start time in the file or its name (such as "
        "GMT20240115-150012 or 2024-01-15 15.00.12)",  # an email's id is not a call's
        "the activity EM-0001 it names is of kind email, not a call or meeting",
        "the activity NOPE-1 it names is not in the store",
        "its name holds several activity ids (MTG-1001, MTG-1003)",
    ]


def test_closest_call_of_a_rep_among_the_speakers(calls: Store) -> None:
    # R1 has meetings at 15:00 (MTG-1001) and 16:30 (MTG-1003); R2 a call at 15:30
    assert reasons(
        calls,
        [
            found("GMT20240115-160000.vtt", ["Chen Dubois"]),  # 60 min vs 30 min: MTG-1003
            found("GMT20240115-153500.vtt", ["lee.novak@seller.example"]),  # by email
            found("a/2024-01-15 15.10.00 call/t.txt", ["chen dubois"]),
        ],
    ) == ["MTG-1003", "CALL-2002", "MTG-1001"]


def test_a_call_where_a_buyer_speaks_beats_a_closer_one(calls: Store) -> None:
    # at 10:30 R1's meeting with Acme (10:40) is closer than the one with Globex (10:00), but
    # Dara of Globex speaks; with no buyer speaking, the closer one is chosen
    assert reasons(
        calls,
        [
            found("20240116_103000.vtt", ["Chen Dubois", "Dara Ocaña"]),
            found("2024-01-16T10-30-00.vtt", ["Chen Dubois", "Someone Else"]),
        ],
    ) == ["MTG-3004", "MTG-3005"]


def test_naive_times_are_read_in_the_timezone(calls: Store) -> None:
    zoom = [found("2024-01-17 09.00.05 x/t.txt", ["Lee Novak"])]
    assert reasons(calls, zoom) == ["MTG-5001"]
    assert reasons(calls, zoom, timezone="America/New_York") == [
        "no call or meeting of Lee Novak within 2 h of 2024-01-17 14:00 UTC"
    ]
    assert reasons(calls, [found("GMT20240117-090005.vtt", ["Lee Novak"])], "Asia/Tokyo") == [
        "MTG-5001"
    ]
    assert str(to_utc(datetime(2024, 7, 1, 12), "Europe/Paris")) == "2024-07-01 10:00:00"


def test_two_transcripts_of_one_call_keep_the_richer(calls: Store) -> None:
    outcomes = attach_all(
        CallBook(calls),
        [
            Found(
                "MTG-1001.txt",
                ParsedTranscript("zoom_text", (ParsedSegment("Chen Dubois", 0.0, None, "a"),)),
            ),
            Found(
                "MTG-1001.vtt",
                ParsedTranscript("zoom_vtt", (ParsedSegment("Chen Dubois", 0.0, 1.0, "a"),)),
            ),
        ],
    )
    assert [getattr(o, "reason", None) for o in outcomes] == [
        "the meeting MTG-1001 gets its transcript from MTG-1001.vtt",
        None,
    ]


ROLES_BY_NAME = {
    "Chen Dubois": "rep",  # the call's rep
    "CHEN DUBOIS": "rep",
    "Dubois, Chen": "rep",
    "Chen": "rep",  # a first name: the call's rep is the only Chen among its people
    "Chen Tanaka": "rep",  # another rep, by full name
    "Priya": "other",  # the manager by first name only: not one of the call's people
    "priya@seller.example": "rep",
    "Ana Farias": "buyer",
    "ana farías (Guest)": "buyer",
    "ANA@ACME.EXAMPLE": "buyer",
    "Ana": "buyer",  # only one Ana among Acme's contacts (another is Globex's)
    "Bob Stone": "buyer",
    "Dara Ocaña": "other",  # a contact of another account
    "Jane Roe": "other",
}
"""Speakers of a meeting of rep Chen Dubois with Acme (Ana Farías, Bob Stone), labelled."""


def test_speaker_roles(calls: Store) -> None:
    outcome = attach_all(CallBook(calls), [found("MTG-1001.vtt", list(ROLES_BY_NAME))])[0]
    assert isinstance(outcome, Attached)
    assert outcome.roles == ROLES_BY_NAME
    assert outcome.unresolved == ("Priya", "Dara Ocaña", "Jane Roe")
