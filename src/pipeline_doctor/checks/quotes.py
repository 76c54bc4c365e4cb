"""Quoted moments as evidence: the worst few emails or calls of each rep (measured with the
rest of a check), attached to the findings about that rep, or the team's worst to a team
finding. The words come from the stored analyses (`conversations.moments`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis

from pipeline_doctor.checks.findings import Quote
from pipeline_doctor.conversations.moments import decode

if TYPE_CHECKING:
    from pipeline_doctor.checks.judgement import Judgement

PER_REP = 6
"""Activities read per rep (and for the team): more than are quoted, since one template sent
to many gives the same sentences again."""
PER_ACTIVITY = 2
"""Moments quoted from one activity."""
MOST = 4
"""Distinct moments quoted per finding."""


def worst_per_rep(facts: Any, flagged: Any, score: Any, per_rep: int = PER_REP) -> Any:
    """The `per_rep` flagged activities of each rep with the highest `score` and any moment,
    as rows of rep, id, deal, at, moments (an Ibis table)."""
    t = facts.filter(flagged & facts.moments.notnull()).mutate(_score=score)
    rank = ibis.row_number().over(group_by=t.rep, order_by=[ibis.desc(t._score), t.id])
    t = t.mutate(_rank=rank)
    return t.filter(t._rank < per_rep).select("rep", "id", "deal", "at", "moments")


def _quotes(rows: list[dict[str, Any]]) -> list[Quote]:
    """Up to `MOST` moments, each sentence once (the first activity that says it)."""
    out: list[Quote] = []
    seen: set[str] = set()
    for r in rows:
        at = r.get("at")
        for m in decode(r.get("moments"))[:PER_ACTIVITY]:
            if m["text"] in seen or len(out) == MOST:
                continue
            seen.add(m["text"])
            out.append(
                Quote(
                    activity=str(r["id"]),
                    deal=None if r.get("deal") is None else str(r["deal"]),
                    date=at.date().isoformat() if at is not None else None,
                    text=str(m["text"]),
                    why=str(m["why"]),
                )
            )
    return out


def attach_quotes(j: Judgement, rows: list[dict[str, Any]]) -> Judgement:
    """Each rep finding gets its rep's quoted moments; a team finding the first of all."""
    by_rep: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_rep.setdefault(str(r["rep"]), []).append(r)
    for i, f in enumerate(j.findings):
        mine = by_rep.get(str(f.scope.key), []) if f.scope.kind == "rep" else rows[:PER_REP]
        if mine:
            j.findings[i] = f.model_copy(update={"quotes": _quotes(mine)})
    return j
