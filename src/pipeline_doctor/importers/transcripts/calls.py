"""The store's side of attaching: the calls and meetings a transcript may belong to and the
people who may speak in them, each read in one query however many files there are."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline_doctor.importers.transcripts.people import Person

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

CALL_KINDS = ("call", "meeting")
COLUMNS = ("id", "kind", "at", "rep", "account", "deal", "contact", "participants")


@dataclass(frozen=True)
class Activity:
    """A stored activity, with what ties it to people."""

    id: str
    kind: str
    at: datetime
    rep: str | None
    account: str | None
    deal: str | None
    contact: str | None
    participants: tuple[str, ...]

    @property
    def is_call(self) -> bool:
        return self.kind in CALL_KINDS


@dataclass(frozen=True)
class Wanted:
    """A search for the calls and meetings of `rep` from `lo` to `hi`, for query `query`."""

    query: int
    rep: str
    lo: datetime
    hi: datetime


def _activity(row: dict[str, Any]) -> Activity:
    participants = tuple(p for p in (row["participants"] or "").split(";") if p)
    return Activity(
        row["id"],
        row["kind"],
        row["at"],
        row["rep"],
        row["account"],
        row["deal"],
        row["contact"],
        participants,
    )


class CallBook:
    """Reads activities, reps and contacts from `store` as the attaching asks for them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def reps(self) -> list[Person]:
        """Every rep (managers included: they sell too)."""
        reps = self.store.table("reps").select("id", "name", "email").to_pyarrow().to_pylist()
        return [Person(r["id"], "rep", r["name"], r["email"]) for r in reps]

    def by_id(self, ids: Collection[str]) -> dict[str, Activity]:
        """The activities (of any kind) whose id is one of `ids`."""
        if not ids:
            return {}
        table = self.store.table("activities")
        rows = table.filter(table.id.isin(sorted(ids))).select(*COLUMNS).to_pyarrow().to_pylist()
        return {row["id"]: _activity(row) for row in rows}

    def calls_near(self, wanted: Iterable[Wanted]) -> dict[int, list[Activity]]:
        """For each search, the calls and meetings of its rep in its time range, in one
        query: the searches are joined to the activities as a table."""
        import ibis

        searches = list(wanted)
        if not searches:
            return {}
        ranges = ibis.memtable(
            pa.table(
                {
                    "query": pa.array([w.query for w in searches], pa.int64()),
                    "search_rep": pa.array([w.rep for w in searches], pa.string()),
                    "lo": pa.array([w.lo for w in searches], pa.timestamp("us")),
                    "hi": pa.array([w.hi for w in searches], pa.timestamp("us")),
                }
            )
        )
        table = self.store.table("activities")
        near = table.filter(table.kind.isin(CALL_KINDS)).join(
            ranges,
            [table.rep == ranges.search_rep, table.at >= ranges.lo, table.at <= ranges.hi],
        )
        found: dict[int, list[Activity]] = {}
        for row in near.select("query", *COLUMNS).to_pyarrow().to_pylist():
            found.setdefault(row["query"], []).append(_activity(row))
        return found

    def people_of(self, activities: Iterable[Activity]) -> dict[str, list[Person]]:
        """For each activity, its buyers: the contacts of its account and of its deal's
        account, its contact and its participants."""
        chosen = list(activities)
        deal_ids = {a.deal for a in chosen if a.deal}
        deal_accounts = self._deal_accounts(deal_ids)
        accounts = {a.account for a in chosen if a.account} | set(deal_accounts.values())
        named = {c for a in chosen for c in (a.contact, *a.participants) if c}
        contacts = self._contacts(accounts, named)
        by_account: dict[str, list[Person]] = {}
        by_id: dict[str, Person] = {}
        for row in contacts:
            person = Person(row["id"], "buyer", row["name"], row["email"])
            by_id[row["id"]] = person
            if row["account"]:
                by_account.setdefault(row["account"], []).append(person)
        people: dict[str, list[Person]] = {}
        for activity in chosen:
            mine = [by_id[c] for c in (activity.contact, *activity.participants) if c in by_id]
            for account in (activity.account, deal_accounts.get(activity.deal or "")):
                mine.extend(by_account.get(account or "", []))
            people[activity.id] = list({p.id: p for p in mine}.values())
        return people

    def _deal_accounts(self, deal_ids: set[str]) -> dict[str, str]:
        if not deal_ids:
            return {}
        deals = self.store.table("deals")
        rows = deals.filter(deals.id.isin(sorted(deal_ids))).select("id", "account")
        return {r["id"]: r["account"] for r in rows.to_pyarrow().to_pylist() if r["account"]}

    def _contacts(self, accounts: set[str], ids: set[str]) -> list[dict[str, Any]]:
        if not (accounts or ids):
            return []
        contacts = self.store.table("contacts")
        tests = [contacts.account.isin(sorted(accounts))] if accounts else []
        tests += [contacts.id.isin(sorted(ids))] if ids else []
        wanted = tests[0] if len(tests) == 1 else tests[0] | tests[1]
        rows = contacts.filter(wanted).select("id", "account", "name", "email")
        return list(rows.order_by("id").to_pyarrow().to_pylist())


def window(at: datetime, hours: float) -> tuple[datetime, datetime]:
    """The range from `hours` before `at` to `hours` after it."""
    return at - timedelta(hours=hours), at + timedelta(hours=hours)
