"""Who a speaker is: names compared without case, accents or punctuation ("ANA FARIAS" is
Ana Farías; "Doe, Jane" is Jane Doe; "Jane Doe (Guest)" too), and emails without case.

A roster holds the people a speaker may be, each with a role, the first added winning a
name two share. A lone first name ("Jane") matches only among people added `by_first_name`,
and only when exactly one of them has it: call tools often show first names alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
EMAIL = re.compile(r"[^\s<>()\[\],;]+@[^\s<>()\[\],;]+\.[^\s<>()\[\],;]+")
WORDS = re.compile(r"\w+")


def name_key(name: str) -> str:
    """`name` as compared: bracketed notes dropped, "Last, First" turned round, accents and
    case removed, punctuation as spaces."""
    text = BRACKETED.sub(" ", name)
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(WORDS.findall(plain.casefold()))


def email_key(text: str) -> str | None:
    """The email address in `text`, lower-cased; None when there is none."""
    found = EMAIL.search(text)
    return found.group(0).casefold() if found else None


@dataclass(frozen=True)
class Person:
    """Someone a speaker may be: a rep or a contact, by id, with their role in a call."""

    id: str
    role: str  # "rep" | "buyer"
    name: str | None
    email: str | None


class Roster:
    """The people speakers are matched against."""

    def __init__(self) -> None:
        self._by_key: dict[str, Person] = {}
        self._by_first: dict[str, list[Person]] = {}

    def add(self, person: Person, *, by_first_name: bool = False) -> None:
        """Add `person` (a name or email already taken keeps its first owner)."""
        keys = [k for k in (name_key(person.name or ""), email_key(person.email or "")) if k]
        for key in keys:
            self._by_key.setdefault(key, person)
        if by_first_name and person.name and (words := name_key(person.name).split()):
            owners = self._by_first.setdefault(words[0], [])
            if all(owner.id != person.id for owner in owners):
                owners.append(person)

    def merge(self, other: Roster) -> None:
        """Add the people of `other` by name and email (not by first name)."""
        for key, person in other._by_key.items():
            self._by_key.setdefault(key, person)

    def match(self, speaker: str) -> Person | None:
        """The person `speaker` names: by email, whole name, or a lone first name that only
        one first-name person has; None when nobody."""
        email = email_key(speaker)
        if email is not None and email in self._by_key:
            return self._by_key[email]
        key = name_key(EMAIL.sub(" ", speaker))
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        owners = self._by_first.get(key, []) if " " not in key else []
        return owners[0] if len(owners) == 1 else None
