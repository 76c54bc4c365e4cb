"""A scanner for words a sales manager would not write: internal keys, check ids, snake_case
tokens, "field value" labels, plural slips, unreadable figures, amounts without their currency.

`wording_problems(text)` takes any text a user reads (one finding's sentence, or the whole
rendered report or terminal output) and returns what is wrong with it, one line per problem.
`diagnosis_texts(dx)` collects every human-facing string the checks put in a diagnosis, and
`built_texts(dx)` the ones the diagnosis writes itself (headline, answer, trends), to feed it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, NamedTuple

from pipeline_doctor.checks.registry import BUILTIN_CHECKS
from pipeline_doctor.model.labels import FIELD_LABELS, VOCABULARY_MEANINGS
from pipeline_doctor.model.schema import DATA_TABLES
from pipeline_doctor.wording import figure

if TYPE_CHECKING:
    from pipeline_doctor.checks import Finding
    from pipeline_doctor.diagnosis import Diagnosis

CHECK_IDS = tuple(c.id for c in BUILTIN_CHECKS)

TABLES = (*(t.name for t in DATA_TABLES), "signal")
"""Prefixes of the internal `table.column` keys ("deals.source", "signal.single_contact")."""

_TYPED = re.compile(
    r"`[^`]*`"  # quoted code
    r"|--set\s+\S+"  # a setting the user types: --set check.parameter=value
    r"|\b(?:https?|file)://\S+|\bwww\.\S+"  # addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?<!\w)(?:[\w~.-]*/)+[\w.-]+"  # paths
    r"|\b[\w-]+\.(?:csv|tsv|toml|json|xlsx?|zip|html|duckdb|txt)\b"  # file names
)
"""What a user types or opens, where a snake_case token or a dot is right."""

_SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
_KEY = re.compile(rf"\b(?:{'|'.join(TABLES)})\.[a-z_]+")
_ASSIGN = re.compile(r"\b\w+ ?= ?\w")
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 ([A-Za-z]+s)\b")
_ONE_ADJ_PLURAL = re.compile(r"(?<![\d.,])\b1 ([\w-]+) ([A-Za-z]+s)\b")
_Y_PLURAL = re.compile(r"\b[a-z]*[b-df-hj-np-tv-xz]ys\b")  # not names: "Gladys"
_TINY_RATIO = re.compile(r"(?<![\d.])-?0\.0\d*×")
_UNKNOWN_DATES = re.compile(r"\?\s*(?:to|–|-)\s*\?")
_MISSING = re.compile(r"\bNone\b(?! of)|\b(?:nan|NaN)\b")
_REPEAT = re.compile(r"\b(\w+): \1\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\w.,])\d{4,}(?:\.\d+)?"
)

NOT_PLURAL = frozenset(
    re.findall(
        r"\w+",
        "is was has does this its less unless plus thus us bus yes as his process business "
        "analysis basis status focus across previous various serious bonus campus census series "
        "always perhaps whereas",
    )
)
"""Words ending in s that are not plurals ("1 deal was", "1 yes")."""

COUNTED = frozenset(
    re.findall(
        r"\w+",
        "deal rep activity call email meeting account lead contact value segment source "
        "attribute signal link finding quarter touch push answer reply referral customer stage "
        "day week month time win loss record field change question introduction point of in",
    )
)
"""Words after which a verb ending in s is right: "1 deal wins", "1 in 4"."""

_LABELS = sorted(set(FIELD_LABELS.values()), key=len, reverse=True)
_VALUES = sorted({v for meanings in VOCABULARY_MEANINGS.values() for v in meanings}
                 - {"known", "unknown"}, key=len, reverse=True)  # fmt: skip
_FIELD_VALUE = re.compile(  # a lookahead: "account price sensitivity price" overlaps
    rf"(?=\b(?P<pair>(?:{'|'.join(re.escape(x) for x in _LABELS)}) "
    rf"(?P<value>[A-Z][a-z]|(?:{'|'.join(_VALUES)})\b)))"
)
"""A field's label followed by a value: "industry Retail", "price sensitivity price", "lead
source Cold outbound", "rep Dana Ruiz" (a manager writes "Retail accounts", "price-sensitive
accounts", "Cold outbound deals", "Dana Ruiz's deals"; "budget unknown" is fine)."""


def _field_values(text: str) -> list[str]:
    found = []
    for m in _FIELD_VALUE.finditer(text):
        after = text[m.start("value") :]
        if any(after.startswith(label) for label in _LABELS):
            continue  # "account price sensitivity": a longer label, not a value
        found.append(m.group("pair"))
    return found


class Text(NamedTuple):
    """One string a user reads, where it comes from, and whether it is the CRM's own value
    (a name in a table cell), where a number need not be an amount."""

    where: str
    text: str
    data: bool = False


def _plural_word(word: str) -> bool:
    return word.lower() not in NOT_PLURAL and not word.endswith(("ss", "us", "is"))


def _readable(text: str) -> str:
    return _TYPED.sub(" ", text)


def wording_problems(
    text: str,
    *,
    currency: str | None = None,
    rep_ids: Collection[str] = (),
    repeats: bool = True,
) -> list[str]:
    """What a manager would not write in `text`: snake_case tokens, check ids, `table.column`
    keys, `key = value` pairs, "field value" labels ("industry Retail"), "1 deals",
    "activitys", tiny ratios ("0.0×", "0.0062×"), "? to ?" dates, None/nan, a label repeating
    its key ("team: team"), words said twice in a row ("had one contact had one contact"), rep
    ids (`rep_ids`: those that differ from the rep's name) and, when `currency` is known,
    amounts written without it (`money_problems`). What a user types (`--set …`, paths, file
    names, addresses) is left alone. `repeats=False` leaves out words said twice, for a whole
    rendered page, where a chart and its table share a title."""
    readable = _readable(text)
    found: list[str] = []
    for check_id in CHECK_IDS:
        if re.search(rf"\b{check_id}\b", readable):
            found.append(f"check id {check_id!r}")
    found += [f"internal key {m.group()!r}" for m in _KEY.finditer(readable)]
    found += [
        f"snake_case token {m.group()!r}"
        for m in _SNAKE.finditer(readable)
        if m.group() not in CHECK_IDS
    ]
    found += [f"key = value {m.group()!r}" for m in _ASSIGN.finditer(readable)]
    found += [f"field and value {x!r}" for x in _field_values(readable)]
    for m in _ONE_PLURAL.finditer(readable):
        if _plural_word(m.group(1)):
            found.append(f"plural after 1 {m.group()!r}")
    for m in _ONE_ADJ_PLURAL.finditer(readable):
        middle = m.group(1).lower()
        if middle not in COUNTED and not middle.endswith("s") and _plural_word(m.group(2)):
            found.append(f"plural after 1 {m.group()!r}")
    found += [f"misspelt plural {m.group()!r}" for m in _Y_PLURAL.finditer(readable)]
    found += [f"unreadable ratio {m.group()!r}" for m in _TINY_RATIO.finditer(readable)]
    found += [f"unknown dates {m.group()!r}" for m in _UNKNOWN_DATES.finditer(readable)]
    found += [f"missing value shown as {m.group()!r}" for m in _MISSING.finditer(readable)]
    found += [f"label repeats its key {m.group()!r}" for m in _REPEAT.finditer(readable)]
    if repeats:
        found += [f"said twice {p!r}" for p in _said_twice(readable)]
    for rep in rep_ids:
        if re.search(rf"(?<![\w-]){re.escape(rep)}(?![\w-])", readable):
            found.append(f"rep id {rep!r}")
    if currency:
        found += money_problems(text, currency)
    return found


def _said_twice(text: str, shortest: int = 4, within: int = 3, reach: int = 60) -> list[str]:
    """Runs of `shortest` words or more (figures included) said again within `within` words
    of their end: "win rate, had one contact or none involved had one contact or none
    involved", or a title its summary repeats ("X win 6% against 41% — X win 6% (…)").
    Parallel sentences with their own figures ("X win 6% (…) against 41%; Y win 50% (…)
    against 24%") differ in their figures and pass."""
    words = [w.strip(".,") for w in re.findall(r"[\w'%.,–-]+", text.lower())]
    out: list[str] = []
    for i in range(len(words)):
        for j in range(i + shortest, min(len(words), i + reach)):
            run = 0
            while j + run < len(words) and i + run < j and words[i + run] == words[j + run]:
                run += 1
            if run >= shortest and j - (i + run) <= within:
                said = " ".join(words[i : i + run])
                if not any(said in o for o in out):
                    out.append(said)
                break
    return out


_COUNT_WORD = re.compile(r"\s*(?:of\b|[A-Za-z-]+s\b|[A-Za-z-]+,? [A-Za-z-]+s\b)")
_NOT_COUNT = re.compile(r"\s*(?:win|wins|is|was|has|against)\b")


def money_problems(text: str, currency: str) -> list[str]:
    """Amounts of four digits or more written without `currency` ("1,250,000" where "1,250,000
    USD" is meant). A number followed by its currency (or another one, or "(mixed
    currencies)"), by what it counts ("8,800 deals", "1,373 of 4,465 closed deals"), the start
    of a range whose end is fine, a year, a date and a number closing a table cell (a line
    break, two spaces or a rule after it, as in a rendered table) are fine."""
    readable = _readable(text)
    found = []
    for m in _NUMBER.finditer(readable):
        token, before, rest = m.group(), readable[: m.start()], readable[m.end() :]
        if re.fullmatch(r"(?:19|20)\d\d", token) or re.match(r"-\d\d", rest):
            continue  # a year, or an ISO date
        if re.match(r"[–-]\d", rest) or re.search(r"\d of $", before):
            continue  # the start of a range (judged by its end), or "12 of 1,204"
        if re.match(r"\s{2,}|[ \t]*[│|\n]", rest):
            continue  # a table cell, judged by its column (a count needs no currency)
        rest = rest.lstrip("+")
        if re.match(rf"\s*(?:{re.escape(currency)}\b|\(mixed currencies\)|[A-Z]{{3}}\b)", rest):
            continue
        if _COUNT_WORD.match(rest) and not _NOT_COUNT.match(rest):
            continue
        context = readable[max(0, m.start() - 30) : m.end() + 20]
        found.append(f"amount without its currency {token!r} in …{context}…")
    return found


def finding_texts(f: Finding) -> Iterator[Text]:
    """Every string of a finding a user reads, the metric also as the views show it."""
    yield Text(f"{f.id} title", f.title)
    yield Text(f"{f.id} summary", f.summary)
    yield Text(f"{f.id} action", f.action)
    yield Text(f"{f.id} metric.name", f.metric.name)
    yield Text(f"{f.id} metric.baseline_label", f.metric.baseline_label)
    m = f.metric
    shown = f"{m.name}: {figure(m.value, m.unit)}"
    if m.baseline is not None:
        shown += f" against {figure(m.baseline, m.unit)} ({m.baseline_label})"
    yield Text(f"{f.id} metric as shown", shown)
    yield Text(f"{f.id} scope.label", f.scope.label)
    yield Text(f"{f.id} impact.how", f.impact.how)
    for b in f.breakdowns:
        yield Text(f"{f.id} breakdown {b.name} title", b.title)
        for c in b.columns:
            yield Text(f"{f.id} breakdown {b.name} column {c.name}", c.label)
        for r in b.rows:
            for key, cell in r.items():
                if isinstance(cell, str):
                    yield Text(f"{f.id} breakdown {b.name} cell {key}", cell, data=True)
    for d in f.deals:
        yield Text(f"{f.id} deal {d.id} note", d.note)


def diagnosis_texts(dx: Diagnosis) -> list[Text]:
    """Every human-facing string the checks put in a diagnosis: each finding's, and each
    check's reason, judged, not judged and left out."""
    out = [t for f in dx.findings for t in finding_texts(f)]
    for c in dx.checks:
        if c.reason:
            out.append(Text(f"{c.check} reason", c.reason))
        for part in ("judged", "not_judged", "left_out"):
            out += [Text(f"{c.check} {part}", s) for s in getattr(c, part)]
    return [t for t in out if t.text]


def built_texts(dx: Diagnosis) -> list[Text]:
    """The strings the diagnosis writes itself (diagnosis/rank.py and its helpers): headline,
    answer, the headline figures, the trend and each finding's direction."""
    out = [Text("headline", dx.headline)]
    out += [Text(f"answer {i}", a) for i, a in enumerate(dx.answer)]
    out += [Text(f"note {i}", n) for i, n in enumerate(dx.notes)]
    for fig in dx.figures:
        out += [Text(f"figure {fig.name} {part}", getattr(fig, part) or "")
                for part in ("label", "detail", "note")]  # fmt: skip
    if dx.trend is not None:
        out += [Text("trend statement", s) for s in dx.trend.statements]
        out.append(Text("trend note", dx.trend.note or ""))
    out += [Text(f"{t.finding} trend", t.text) for t in dx.finding_trends]
    return [t for t in out if t.text]


def problems_in(
    texts: list[Text], *, currency: str | None = None, rep_ids: Collection[str] = ()
) -> list[str]:
    """`wording_problems` of each text, as "where: problem — text" lines (amounts are not
    looked for in the CRM's own values)."""
    return [
        f"{t.where}: {problem} — {t.text!r}"
        for t in texts
        for problem in wording_problems(
            t.text, currency=None if t.data else currency, rep_ids=rep_ids
        )
    ]
