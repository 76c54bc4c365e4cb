"""Finding the deal a user named: by id, or by name (case and accents ignored)."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.facts.profile import rows


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def resolve_deal(deals: Any, wanted: str) -> str:
    """The id of the deal `wanted` names (its id, or its whole name); a clear error naming the
    candidates when the name is shared or nothing matches."""
    by_id = rows(deals.filter(deals.id == wanted).select("id").limit(1))
    if by_id:
        return str(by_id[0]["id"])
    named = rows(deals.filter(deals.name.notnull()).select("id", "name"))
    key = _folded(wanted)
    matches = [r for r in named if _folded(str(r["name"])) == key]
    if len(matches) == 1:
        return str(matches[0]["id"])
    if matches:
        ids = ", ".join(sorted(str(r["id"]) for r in matches)[:10])
        raise PipelineDoctorError(
            f"{len(matches)} deals are called {wanted!r}.", f"Name one by its id: {ids}."
        )
    names = {_folded(str(r["name"])): str(r["name"]) for r in named}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = (
        "Did you mean " + " or ".join(repr(names[c]) for c in close) + "?"
        if close
        else "Use a deal's id or its whole name (`pipeline-doctor diagnose` lists deals)."
    )
    raise PipelineDoctorError(f"There is no deal {wanted!r} in the store.", hint)
