"""Every family of the grammar, the data slots callers fill, and the rules the split obeys."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from pipeline_doctor.simulate.grammar.families import Family, Part, Wording
from pipeline_doctor.simulate.grammar.phrases_call import CALL
from pipeline_doctor.simulate.grammar.phrases_email import EMAIL
from pipeline_doctor.simulate.grammar.phrases_meeting import MEETING
from pipeline_doctor.simulate.grammar.phrases_shared import SHARED
from pipeline_doctor.simulate.grammar.render import Grammar, parse

FAMILIES: tuple[Family, ...] = (*SHARED, *EMAIL, *CALL, *MEETING)
"""The whole grammar. Phrasing families are `tuning` or `held_out`; facts are `shared`."""

DATA_SLOTS = frozenset(
    {
        # people, accounts and the seller
        "first", "buyer_name", "title", "account", "situation", "industry",
        "rep_first", "rep_name", "rep_title", "rep_phone", "company", "company_site",
        # days and times
        "past_day", "day", "time", "day2", "time2", "meeting_day", "step",
        # a quoted earlier message
        "q_date", "q_sent", "q_name", "q_email", "to_name", "to_email", "q_subject",
        # agenda items chosen by stage
        "a1", "a2", "a3", "a4",
    }
)  # fmt: skip
"""Slots the caller fills with per-row data; every other slot names a role."""


def families(part: Part | None = None) -> tuple[Family, ...]:
    """The grammar's families, or those of one part."""
    return tuple(f for f in FAMILIES if part is None or f.part == part)


@cache
def grammar(wording: Wording = "all") -> Grammar:
    """The roles text written with `wording` may use ("all": both parts)."""
    return Grammar(FAMILIES, wording)


def problems(catalogue: tuple[Family, ...] = FAMILIES) -> list[str]:
    """What breaks the grammar's rules: a slot that names nothing, a phrasing role missing from
    one part, a template in both parts, a family id used twice, a role with no template."""
    out: list[str] = []
    roles: dict[str, set[str]] = defaultdict(set)
    seen_ids: set[str] = set()
    text_part: dict[str, str] = {}
    for f in catalogue:
        roles[f.role].add(f.part)
        if f.id in seen_ids:
            out.append(f"family {f.id} defined twice")
        seen_ids.add(f.id)
        if not f.templates:
            out.append(f"family {f.id} has no template")
        for t in f.templates:
            if text_part.setdefault(t, f.part) != f.part:
                out.append(f"template {t!r} is in both {text_part[t]} and {f.part}")
    for f in catalogue:
        for t in f.templates:
            for _, slot in parse(t):
                if slot is not None and slot not in roles and slot not in DATA_SLOTS:
                    out.append(f"{f.id}: slot {{{slot}}} names no role and no data")
    for role, parts in roles.items():
        if "shared" in parts and len(parts) > 1:
            out.append(f"role {role} mixes shared and split families")
        if "shared" not in parts and parts != {"tuning", "held_out"}:
            out.append(f"role {role} has families only in {sorted(parts)}")
    return out
