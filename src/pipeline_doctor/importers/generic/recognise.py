"""Which columns of a flat "one row per deal" file feed which deal fields: recognised by their
names and confirmed, or found, by their values, each with the reason the suggested mapping
shows as a comment (so a user can tell a good guess from a bad one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline_doctor.importers.generic.profile import LISTED, ColumnProfile, Sample
from pipeline_doctor.importers.generic.vocab import NO, YES, alternatives, guess_value, norm
from pipeline_doctor.wording import agree, plural


@dataclass(frozen=True)
class Guess:
    """A source column recognised as a deal field, why, and what its unrecognised values
    most likely mean (an outcome column's other stages are open deals); `rule` when the
    field takes more than the column (a default, a row number)."""

    column: str
    why: str
    others: str | None = None
    rule: str | None = None  # the TOML written instead of the plain column name


@dataclass
class Recognised:
    """Deal field -> its guess; `notes`: columns that looked right by name but not by value."""

    guesses: dict[str, Guess] = field(default_factory=dict)
    misfits: dict[str, str] = field(default_factory=dict)  # field -> a column named like it

    def used(self) -> set[str]:
        return {g.column for g in self.guesses.values()}

    @property
    def notes(self) -> list[str]:
        """Fields left without a column although one was named like them."""
        return [
            f"{column!r} is named like the {field_name.replace('_', ' ')} but its values "
            "do not fit: not used"
            for field_name, column in self.misfits.items()
            if field_name not in self.guesses
        ]


EXACT: dict[str, tuple[str, ...]] = {
    "id": alternatives(
        "id | deal id | opportunity id | opportunity number | deal number | "
        "record id | opp id | deal no | opportunity no | deal ref | "
        "deal reference | row id"
    ),
    "outcome": alternatives(
        "outcome | result | status | won | win | won lost | win loss | is won | "
        "closed won | iswon | converted | is converted | conversion | y | "
        "subscribed | deal status | opportunity status | opportunity result | "
        "deal result | success | deal outcome | won or lost | win lose"
    ),
    "name": alternatives(
        "name | deal name | opportunity name | deal title | opportunity title | opportunity | "
        "deal | deal description"
    ),
    "account": alternatives(
        "account | account name | company | company name | organization | "
        "organisation | customer | customer name | client | client name"
    ),
    "product": ("product", "product name", "products", "item", "plan", "sku"),
    "currency": ("currency", "currency code", "currencyisocode", "currency iso code"),
    "competitor": ("competitor", "competitors", "main competitor", "main competitors"),
}
"""Normalised names that say what a column is."""

PHRASES: dict[str, tuple[str, ...]] = {
    "rep": alternatives(
        "owner | rep | sales rep | seller | salesperson | sales person | "
        "salesman | saleswoman | agent | account executive | ae | "
        "representative | closer | assigned to | assignee"
    ),
    "stage": ("stage", "phase", "stagename"),
    "expected_close": alternatives(
        "expected close | estimated close | target close | forecast close | "
        "projected close | expected closing"
    ),
    "closed_at": alternatives(
        "closed | close | closing date | won date | lost date | won time | "
        "lost time | decision date | closedate"
    ),
    "created_at": alternatives(
        "created | create date | creation | engage | engaged | start date | "
        "opened | open date | first contact | date added | createddate | "
        "entered"
    ),
    "amount": ("amount", "deal value", "value", "acv", "arr", "tcv", "mrr", "revenue", "price"),
    "source": ("source", "channel", "origin", "leadsource"),
    "budget": ("budget",),
    "authority": ("authority", "decision maker", "dm known", "economic buyer", "signatory"),
    "need": ("need", "needs", "pain", "requirement", "requirements"),
    "timing": ("timing", "timeline", "timeframe", "time frame", "urgency"),
    "lost_reason_text": alternatives(
        "lost reason | loss reason | reason lost | reason for loss | lossreason | "
        "lost because | why lost"
    ),
}
"""Words in a column's name that hint at a field (whole words, in order)."""

NOT = alternatives(
    "category | size | band | ratio | count | days | probability | idx | index | rate | "
    "past | by | created by | modified by"
)
"""Words that make a hinted name something else ("Deal Size Category", "Elapsed Days In
Sales Stage", "cons.price.idx", "Revenue From Client Past Two Years")."""

ID_FIRST = ("deal", "opportunity", "opp", "record", "row", "sale", "order", "transaction")
CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])\S{2,40}$")
BANT = ("budget", "authority", "need", "timing")


def header(name: str) -> str:
    """A column name normalised, camelCase split: "OwnerId" -> "owner id"."""
    return norm(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name))


def _has(name: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {header(name)} "
    return any(f" {p} " in padded for p in phrases)


def _hinted(field_name: str, p: ColumnProfile) -> bool:
    return _has(p.name, PHRASES[field_name]) and not _has(p.name, NOT)


def _by_hint(sample: Sample, field_name: str) -> list[ColumnProfile]:
    """The columns named like `field_name`, best hint first (the phrases are in order)."""
    ranked = []
    for phrase in PHRASES[field_name]:
        ranked += [p for p in sample.columns if _has(p.name, (phrase,)) and p not in ranked]
    return [p for p in ranked if not _has(p.name, NOT)]


def _empty(p: ColumnProfile, rows: int) -> str:
    return f", empty on {plural(rows - p.filled, 'row')} (not recorded)" if p.filled < rows else ""


def _mostly(count: int, p: ColumnProfile) -> bool:
    return p.filled > 0 and count >= 0.9 * p.filled


def _id(sample: Sample, found: Recognised) -> None:
    named = [
        p
        for p in sample.columns
        if header(p.name) in EXACT["id"]
        or re.fullmatch(rf"(?:{'|'.join(ID_FIRST)}) (?:id|number|no|ref|key)", header(p.name))
    ]
    unique = [p for p in named if p.distinct == p.filled == sample.rows]
    if unique:
        why = f"named like an id and unique on each of the {plural(sample.rows, 'row')} read"
        found.guesses["id"] = Guess(unique[0].name, why)
        return
    if named:
        p = named[0]
        repeats = p.filled - p.distinct
        empty = (
            f" and {plural(sample.rows - p.filled, 'row')} have none"
            if p.filled < sample.rows
            else ""
        )
        found.guesses["id"] = Guess(
            p.name,
            f"named like an id, but {plural(repeats, 'row')} "
            f"{agree(repeats, 'repeats', 'repeat')} an earlier row's id{empty}: "
            "such rows are rejected. If each row is a deal of its own, use "
            "id = { row_number = true }",
        )
        return
    for p in sample.columns:
        codes = all(CODE.match(v) for v, _ in p.top)
        if p.distinct == p.filled == sample.rows and codes and sample.rows > 1:
            why = f"values shaped like ids ({p.top[0][0]}, ...), unique on each of the rows read"
            found.guesses["id"] = Guess(p.name, why)
            return


def _outcome_labels(p: ColumnProfile) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {"won": [], "lost": [], "open": []}
    for value, _ in p.top:
        target = guess_value("outcome", value, nullable=False)
        if target:
            labels[target].append(value)
    return labels


def _outcome(sample: Sample, found: Recognised) -> None:
    best: tuple[tuple[bool, int, float], ColumnProfile, dict[str, list[str]]] | None = None
    for p in sample.columns:
        if not 1 <= p.distinct <= LISTED or p.name in found.used():
            continue
        labels = _outcome_labels(p)
        explicit = any(norm(v) not in YES + NO for v in labels["won"] + labels["lost"])
        named = 2 if header(p.name) in EXACT["outcome"] else int(_hinted("stage", p))
        # under an outcome's name any won or lost label will do (yes/no, 1/0, an export of
        # won deals only); under a stage's name an explicit one; unnamed, explicit both
        if named == 2:
            fits = bool(labels["won"] or labels["lost"])
        elif named == 1:
            fits = explicit
        else:
            fits = explicit and bool(labels["won"] and labels["lost"])
        if not fits:
            continue
        counts = dict(p.top)
        share = sum(counts[v] for vs in labels.values() for v in vs) / max(1, p.filled)
        if best is None or (explicit, named, share) > best[0]:
            best = ((explicit, named, share), p, labels)
    if best is None:
        return
    (_, named, _), p, labels = best
    read = "; ".join(f"{k}: {', '.join(v[:4])}" for k, v in labels.items() if v)
    why = ("named like an outcome; " if named == 2 else "") + f"its values read as {read}"
    stage_like = named == 1 or bool(labels["open"]) or p.distinct >= 4
    found.guesses["outcome"] = Guess(p.name, why, "open" if stage_like else None)


def _hint(
    sample: Sample,
    found: Recognised,
    field_name: str,
    fits: Callable[[ColumnProfile], bool],
    why: Callable[[ColumnProfile], str],
) -> None:
    """The best column hinted at by name for `field_name` whose values fit."""
    for p in _by_hint(sample, field_name):
        if p.name in found.used():
            continue
        if fits(p):
            found.guesses[field_name] = Guess(p.name, why(p))
            return
        found.misfits.setdefault(field_name, p.name)


def _dates(sample: Sample, found: Recognised) -> None:
    def why(p: ColumnProfile) -> str:
        return f"named like it; dates from {p.first} to {p.last}{_empty(p, sample.rows)}"

    for name in ("expected_close", "closed_at", "created_at"):
        _hint(sample, found, name, lambda p: _mostly(p.dates, p), why)


def _categorical(p: ColumnProfile) -> bool:
    return p.filled > 0 and not _mostly(p.numbers, p) and not _mostly(p.dates, p)


def _values(p: ColumnProfile) -> str:
    shown = ", ".join(v for v, _ in p.top[:3]) + (", ..." if p.distinct > 3 else "")
    return f"{p.distinct} values ({shown})"


def _owners(p: ColumnProfile, rows: int) -> str:
    empty = (
        f", empty on {plural(rows - p.filled, 'row')} (those go to one rep)"
        if p.filled < rows
        else ""
    )
    people = plural(p.distinct, "person", "people")
    return f"named like an owner: {people} on {plural(p.filled, 'row')}{empty}"


def recognise(sample: Sample) -> Recognised:
    """The deal fields the columns of `sample` look like they hold, each with its reason."""
    found = Recognised()
    rows = sample.rows
    _id(sample, found)
    _outcome(sample, found)
    outcome = found.guesses.get("outcome")
    if outcome is not None and _hinted("stage", sample.column(outcome.column)):
        found.guesses["stage"] = Guess(outcome.column, "the deal's stage, as the CRM names it")
    else:
        _hint(sample, found, "stage", _categorical, lambda p: f"named like it; {_values(p)}")
    _dates(sample, found)
    _hint(
        sample,
        found,
        "amount",
        lambda p: _mostly(p.numbers, p),
        lambda p: f"named like it; numbers on {plural(p.numbers, 'row')}{_empty(p, rows)}",
    )
    _hint(
        sample,
        found,
        "rep",
        lambda p: not _mostly(p.dates, p) and p.filled > 0,
        lambda p: _owners(p, rows),
    )
    _hint(sample, found, "source", _categorical, lambda p: f"named like it; {_values(p)}")
    for name in BANT:
        _hint(
            sample,
            found,
            name,
            lambda p: _categorical(p) and p.distinct <= LISTED,
            lambda p: f"named like it (BANT qualification); {_values(p)}",
        )
    _hint(sample, found, "lost_reason_text", _categorical, lambda p: "named like it")
    _exact_names(sample, found)
    return found


def _exact_names(sample: Sample, found: Recognised) -> None:
    for name in ("name", "account", "product", "currency", "competitor"):
        for p in sample.columns:
            if header(p.name) in EXACT[name] and p.name not in found.used() and p.filled:
                found.guesses[name] = Guess(p.name, "named like it")
                break
