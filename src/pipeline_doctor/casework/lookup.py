"""Finding the deal a user named: by id, or by name (case and accents ignored)."""

from __future__ import annotations

from typing import Any

from pipeline_doctor.facts.profile import rows
from pipeline_doctor.lookup import resolve


def resolve_deal(deals: Any, wanted: str) -> str:
    """The id of the deal `wanted` names (its id in any case, or its whole name); a clear error
    naming the candidates when the name is shared or nothing matches."""
    by_id = rows(deals.filter(deals.id == wanted).select("id").limit(1))
    if by_id:
        return str(by_id[0]["id"])
    named = {str(r["id"]): r["name"] for r in rows(deals.select("id", "name"))}
    hint = (
        "Use a deal's id or its whole name: `pipeline-doctor qualify-out --all --out deals.csv`, "
        "`diagnose --format json` and the report list deals with their ids."
    )
    return resolve(named, wanted, "deal", hint)
