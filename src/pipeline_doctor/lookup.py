"""Finding the record a user named on the command line (a rep, a deal): by its id or its whole
name, case and accents ignored; when nothing matches, the names that come close (a first name
alone, a typo) are offered, never taken, so a command never runs on a record the user did not
mean. Close names are found by `difflib` (the standard library's similarity ratio)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

from pipeline_doctor.errors import PipelineDoctorError

SUGGESTED = 3
"""Close names offered in the error."""


def folded(text: str) -> str:
    """`text` compared loosely: accents dropped, case folded, outer spaces stripped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def resolve(named: Mapping[str, str | None], wanted: str, what: str, hint: str) -> str:
    """The id in `named` (id -> name) that `wanted` names: the id itself (in any case) or the
    whole name; an error when the name is shared (naming the ids) or nothing matches (naming
    the close ones, else saying `hint`). `what` is the record's kind in words ("rep")."""
    if wanted in named:
        return wanted
    key = folded(wanted)
    by_id = [i for i in named if folded(i) == key]
    if len(by_id) == 1:
        return by_id[0]
    matches = sorted(i for i, name in named.items() if name and folded(name) == key)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise PipelineDoctorError(
            f"{len(matches)} {what}s are called {wanted!r}.",
            f"Name one by its id: {', '.join(matches[:10])}.",
        )
    close = _close(named, key)
    if close:
        offered = " or ".join(f"{named[i]!r} ({i})" for i in close)
        raise PipelineDoctorError(
            f"There is no {what} called {wanted!r}.", f"Did you mean {offered}?"
        )
    raise PipelineDoctorError(f"There is no {what} called {wanted!r}.", hint)


def _close(named: Mapping[str, str | None], key: str) -> list[str]:
    """Ids whose name has `key` as one of its words (a first name), then similar names."""
    names = {i: folded(name) for i, name in named.items() if name}
    by_word = sorted(i for i, name in names.items() if key in name.split())
    if by_word:
        return by_word[:SUGGESTED]
    ids_of: dict[str, str] = {}
    for i, name in names.items():
        ids_of.setdefault(name, i)
    similar = difflib.get_close_matches(key, list(ids_of), n=SUGGESTED, cutoff=0.6)
    return [ids_of[name] for name in similar]
