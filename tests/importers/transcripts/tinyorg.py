"""A tiny sales org written straight into a store: three reps and a manager, two accounts with
their contacts, and the calls and meetings the fixture transcripts belong to (FIXTURE_CALLS:
each fixture file's activity, labelled by hand)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa

from pipeline_doctor.store import Store

REPS = [
    {"id": "R1", "name": "Chen Dubois", "email": "chen.dubois@seller.example", "role": "rep"},
    {"id": "R2", "name": "Lee Novak", "email": "lee.novak@seller.example", "role": "rep"},
    {"id": "R3", "name": "Chen Tanaka", "email": "chen.tanaka@seller.example", "role": "rep"},
    {"id": "M1", "name": "Priya Nair", "email": "priya@seller.example", "role": "manager"},
]
ACCOUNTS = [{"id": "A1", "name": "Acme"}, {"id": "A2", "name": "Globex"}]
CONTACTS = [
    {"id": "C1", "account": "A1", "name": "Ana Farías", "email": "ana@acme.example"},
    {"id": "C2", "account": "A1", "name": "Bob Stone", "email": "bob@acme.example"},
    {"id": "C3", "account": "A2", "name": "Dara Ocaña", "email": "dara@globex.example"},
    {"id": "C4", "account": "A2", "name": "Ana Lopez", "email": "ana@globex.example"},
]
DEALS = [
    {"id": "D1", "account": "A1", "rep": "R1", "outcome": "open", "pipeline": "default"},
    {"id": "D2", "account": "A2", "rep": "R2", "outcome": "open", "pipeline": "default"},
    {"id": "D3", "account": "A2", "rep": "R1", "outcome": "open", "pipeline": "default"},
]


def _activity(id_: str, kind: str, deal: str, rep: str, at: str, **more: Any) -> dict[str, Any]:
    account = next(d["account"] for d in DEALS if d["id"] == deal)
    return {
        "id": id_,
        "deal": deal,
        "account": account,
        "rep": rep,
        "kind": kind,
        "at": datetime.fromisoformat(at),
        **more,
    }


ACTIVITIES = [
    _activity("MTG-1001", "meeting", "D1", "R1", "2024-01-15 15:00:00", participants="C1;C2"),
    _activity("MTG-1003", "meeting", "D1", "R1", "2024-01-15 16:30:00"),
    _activity("CALL-2002", "call", "D2", "R2", "2024-01-15 15:30:00"),
    _activity("MTG-1004", "meeting", "D1", "R1", "2024-01-10 10:00:00"),
    _activity("MTG-3004", "meeting", "D3", "R1", "2024-01-16 10:00:00"),
    _activity("MTG-3005", "meeting", "D1", "R1", "2024-01-16 10:40:00"),
    _activity("MTG-1006", "meeting", "D2", "R2", "2024-01-12 11:00:00"),
    _activity("MTG-5001", "meeting", "D2", "R2", "2024-01-17 09:05:00"),
    _activity("CALL-4001", "call", "D2", "R2", "2024-01-18 09:00:00"),
    _activity("MTG-4002", "meeting", "D2", "R2", "2024-01-18 14:00:00"),
    _activity("MTG-4003", "meeting", "D2", "R2", "2024-01-19 14:00:00"),
    _activity("EM-0001", "email", "D1", "R1", "2024-01-15 15:00:00"),
]

FIXTURE_CALLS = {
    "GMT20240115-150012_Recording.transcript.vtt": ("MTG-1001", "time and speakers"),
    "CALL-2002 Teams meeting.vtt": ("CALL-2002", "activity id in the file name"),
    "MTG-1004 teams older.vtt": ("MTG-1004", "activity id in the file name"),
    "Globex review-20240116_103000-Meeting Transcript.txt": ("MTG-3004", "time and speakers"),
    "MTG-1006 teams older layout.txt": ("MTG-1006", "activity id in the file name"),
    "2024-01-17 09.00.05 Globex check-in/meeting_saved_closed_caption.txt": (
        "MTG-5001",
        "time and speakers",
    ),
    "CALL-4001.srt": ("CALL-4001", "activity id in the file name"),
    "globex.json": ("MTG-4002", "activity id in the file"),
    "MTG-4003.json": ("MTG-4003", "activity id in the file name"),
}
"""Each good fixture file -> (its activity, how it is found), labelled by hand."""

FIXTURE_ERRORS = {
    "broken/bad_cue.vtt": 8,
    "broken/missing_arrow.vtt": 6,
    "broken/MTG-1001.json": 4,
    "broken/truncated.json": 3,
    "broken/bad.srt": 6,
    "broken/notes.txt": 1,
    "broken/minutes.txt": 1,
}
"""Each malformed fixture file -> the line its error names, counted by hand."""


def build_tiny_org(store: Store) -> None:
    """Write the tiny org into `store`."""
    with store.transaction():
        for name, rows in (
            ("reps", REPS),
            ("accounts", ACCOUNTS),
            ("contacts", CONTACTS),
            ("deals", DEALS),
            ("activities", ACTIVITIES),
        ):
            store.write(name, pa.Table.from_pylist(rows))
