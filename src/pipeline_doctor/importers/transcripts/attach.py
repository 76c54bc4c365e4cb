"""Which call or meeting each transcript belongs to, and who its speakers are.

A transcript attaches to an activity of kind call or meeting:
1. named by the file: the JSON form's "activity", else an activity id among the words of its
   path (file name and folders, see `file_names`);
2. else found by time and people: the call's start (the file's own, else a date-time in its
   path) and the reps among its speakers give the calls and meetings of those reps within
   WINDOW_HOURS of it; one where a buyer speaker is a contact of the call is preferred, then
   the closest in time.
Its speakers then resolve to roles: `rep` for the call's rep (also by first name alone) or any
rep by name or email, `buyer` for a contact of the call's account, its deal's account, its
contact or participants (also by a first name only one of them has), else `other`.
Two transcripts of one call (Zoom gives a .vtt and a .txt): the one in the richer format
(FORMAT_PREFERENCE), then the first by path, is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from pipeline_doctor.importers.transcripts.calls import Activity, CallBook, Wanted, window
from pipeline_doctor.importers.transcripts.file_names import id_candidates, recorded_at
from pipeline_doctor.importers.transcripts.parsed import ParsedTranscript
from pipeline_doctor.importers.transcripts.people import Person, Roster

WINDOW_HOURS = 2.0
"""How far from the recording's start a call may be and still be its call (clocks and
scheduled times differ; a call rarely starts hours late)."""
FORMAT_PREFERENCE = ("json", "teams_vtt", "zoom_vtt", "srt", "teams_text", "zoom_text")
"""Richest first: end times, then start times alone."""
BY_FILE = "activity id in the file"
BY_NAME = "activity id in the file name"
BY_TIME = "time and speakers"


@dataclass(frozen=True)
class Found:
    """A transcript read from a file: its path relative to the import folder, and content."""

    name: str
    transcript: ParsedTranscript


@dataclass(frozen=True)
class Attached:
    """A transcript attached to `activity` (`how`: BY_FILE, BY_NAME or BY_TIME), with each
    named speaker's role; `unresolved`: the speakers left as `other`."""

    found: Found
    activity: str
    how: str
    roles: dict[str, str]
    unresolved: tuple[str, ...]


@dataclass(frozen=True)
class Unattached:
    """A transcript no call or meeting was found for, and why."""

    found: Found
    reason: str


Outcome = Attached | Unattached


def attach_all(
    book: CallBook, found: list[Found], *, timezone: str | None = None, hours: float = WINDOW_HOURS
) -> list[Outcome]:
    """Attach each transcript (in the order given); naive times are in `timezone` (UTC when
    None)."""
    paths = [id_candidates(PurePosixPath(f.name)) for f in found]
    named = {f.transcript.activity for f in found if f.transcript.activity}
    stored = book.by_id(set().union(named, *paths))
    reps = {person.id: person for person in book.reps()}
    all_reps = Roster()
    for person in reps.values():
        all_reps.add(person)
    placed: list[Activity | Unattached | None] = []
    searches: dict[int, tuple[datetime, list[Person]]] = {}
    for index, (item, words) in enumerate(zip(found, paths, strict=True)):
        placed.append(_by_id(item, words, stored))
        if placed[-1] is None:
            placed[-1] = _search(item, index, all_reps, timezone, searches)
    hows = {
        i: BY_FILE if found[i].transcript.activity else BY_NAME
        for i, p in enumerate(placed)
        if isinstance(p, Activity)
    }
    near = book.calls_near(
        Wanted(index, rep.id, *window(at, hours))
        for index, (at, speakers) in searches.items()
        for rep in speakers
    )
    candidates = {a.id: a for found_near in near.values() for a in found_near}
    people = book.people_of([*candidates.values(), *(p for p in placed if isinstance(p, Activity))])
    for index, (at, speakers) in searches.items():
        placed[index] = _closest(found[index], at, speakers, near.get(index, []), people, hours)
        hows[index] = BY_TIME
    calls = {i: (p, hows[i]) for i, p in enumerate(placed) if isinstance(p, Activity)}
    kept = _one_per_call(found, calls, people, reps, all_reps)
    outcomes: list[Outcome] = []
    for index, placement in enumerate(placed):
        if isinstance(placement, Unattached):
            outcomes.append(placement)
        elif index in kept:
            outcomes.append(kept[index])
    return outcomes


def _by_id(
    item: Found, words: set[str], stored: dict[str, Activity]
) -> Activity | Unattached | None:
    """The call the file names (the JSON's "activity", else a word of its path); None when
    it names none."""
    own = item.transcript.activity
    if own is not None:
        activity = stored.get(own)
        if activity is None:
            return Unattached(item, f"the activity {own} it names is not in the store")
        if not activity.is_call:
            return Unattached(
                item,
                f"the activity {own} it names is of kind {activity.kind}, not a call or meeting",
            )
        return activity
    calls = sorted({stored[w].id for w in words if w in stored and stored[w].is_call})
    if len(calls) > 1:
        return Unattached(item, f"its name holds several activity ids ({', '.join(calls)})")
    return stored[calls[0]] if calls else None


def _search(
    item: Found,
    index: int,
    all_reps: Roster,
    timezone: str | None,
    searches: dict[int, tuple[datetime, list[Person]]],
) -> Unattached | None:
    """Queue the search by time and reps for `item`, or say why it cannot be searched."""
    started = item.transcript.started_at or recorded_at(PurePosixPath(item.name))
    if started is None:
        return Unattached(
            item,
            "no activity id in its name, and no start time in the file or its name "
            "(such as GMT20240115-150012 or 2024-01-15 15.00.12)",
        )
    matched = (all_reps.match(s) for s in item.transcript.speakers)
    speakers = list({p.id: p for p in matched if p is not None}.values())
    if not speakers:
        named = ", ".join(item.transcript.speakers) or "none named"
        return Unattached(item, f"no activity id in its name, and no speaker is a rep ({named})")
    searches[index] = (to_utc(started, timezone), speakers)
    return None


def _closest(
    item: Found,
    at: datetime,
    reps: list[Person],
    near: list[Activity],
    people: dict[str, list[Person]],
    hours: float,
) -> Activity | Unattached:
    """Among the calls near `at`, one where a buyer speaks, then the closest in time."""
    if not near:
        names = " or ".join(p.name or p.id for p in reps)
        return Unattached(
            item, f"no call or meeting of {names} within {hours:g} h of {at:%Y-%m-%d %H:%M} UTC"
        )

    def rank(activity: Activity) -> tuple[bool, float, str]:
        roster = Roster()
        for person in people.get(activity.id, []):
            roster.add(person, by_first_name=True)
        buyer = any(roster.match(s) for s in item.transcript.speakers)
        return (not buyer, abs((activity.at - at).total_seconds()), activity.id)

    return min(near, key=rank)


def _one_per_call(
    found: list[Found],
    calls: dict[int, tuple[Activity, str]],
    people: dict[str, list[Person]],
    reps: dict[str, Person],
    all_reps: Roster,
) -> dict[int, Outcome]:
    """Keep one transcript per call (see the module docstring) and resolve its speakers; the
    outcome of each transcript that found a call, by its index."""
    order = sorted(
        calls, key=lambda i: (FORMAT_PREFERENCE.index(found[i].transcript.format), found[i].name)
    )
    taken: dict[str, str] = {}
    outcomes: dict[int, Outcome] = {}
    for index in order:
        (activity, how), item = calls[index], found[index]
        if activity.id in taken:
            reason = (
                f"the {activity.kind} {activity.id} gets its transcript from {taken[activity.id]}"
            )
            outcomes[index] = Unattached(item, reason)
            continue
        taken[activity.id] = item.name
        roster = _roster(activity, people.get(activity.id, []), reps, all_reps)
        roles = {s: p.role if (p := roster.match(s)) else "other" for s in item.transcript.speakers}
        unresolved = tuple(s for s, role in roles.items() if role == "other")
        outcomes[index] = Attached(item, activity.id, how, roles, unresolved)
    return outcomes


def _roster(
    activity: Activity, buyers: list[Person], reps: dict[str, Person], all_reps: Roster
) -> Roster:
    """The call's rep, its buyers (both also by first name), then every rep."""
    roster = Roster()
    if activity.rep in reps:
        roster.add(reps[activity.rep], by_first_name=True)
    for person in buyers:
        roster.add(person, by_first_name=True)
    roster.merge(all_reps)
    return roster


def to_utc(moment: datetime, timezone: str | None) -> datetime:
    """`moment` as a naive UTC time (the store's); a naive one is in `timezone` (UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone or "UTC"))
    return moment.astimezone(UTC).replace(tzinfo=None)
