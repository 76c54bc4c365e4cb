"""Writing many documents at once: roles added to chosen rows, at a position and in a
paragraph, then joined (see `assemble.Documents`)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pipeline_doctor.simulate.grammar.assemble import Documents
from pipeline_doctor.simulate.grammar.cast import Cast
from pipeline_doctor.simulate.grammar.noise import typos
from pipeline_doctor.simulate.grammar.render import Data, Grammar, Picker, render, render_unordered

GREETING, BODY, SECOND, CLOSING, MOBILE, FOOTER, QUOTE = range(7)
"""Paragraphs of an email, in order."""


class Writer:
    """Adds roles to documents for chosen rows."""

    def __init__(self, g: Grammar, data: Data, docs: Documents, rng: np.random.Generator) -> None:
        self.g, self.data, self.docs, self.rng = g, data, docs, rng

    def add(
        self,
        role: str,
        rows: np.ndarray,
        pos: float,
        pick: Picker,
        para: int | np.ndarray = BODY,
        typo_rate: float = 0.0,
    ) -> None:
        """`role` at `pos` of `rows`, in paragraph `para` (one for all rows or one per row),
        with typing slips in a `typo_rate` share of them."""
        if not len(rows):
            return
        where, text = render_unordered(self.g, role, rows, self.data, pick, f"{pos}")
        if typo_rate:
            whole = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
            text = typos(whole, typo_rate, self.rng)
        paras = np.broadcast_to(np.asarray(para), (len(rows),))
        if where is not None:
            rows, paras = rows[where], paras[where]
        self.docs.add(rows, pos, text, paras)

    def mix(self, roles: dict[str, float], rows: np.ndarray, pos: float, para: np.ndarray) -> None:
        """Each row gets one of `roles`, drawn with the given weights."""
        p = np.array(list(roles.values()))
        kind = self.rng.choice(len(p), len(rows), p=p / p.sum())
        for k, role in enumerate(roles):
            self.add(role, rows[kind == k], pos, Picker(self.rng), para[kind == k])


def some(p: float, rows: np.ndarray, pick: Picker, salt: str) -> np.ndarray:
    """The rows drawn with probability `p`."""
    return np.asarray(rows[pick.chance(p, rows, salt)])


def situations(g: Grammar, cast: Cast, account: np.ndarray, pick: Picker) -> pa.Array:
    """What each row's account is going through, in words of its industry."""
    code = cast.industry_code[account]
    docs = Documents(len(code))
    for c in np.unique(code).tolist():
        rows = np.flatnonzero(code == c)
        docs.add(rows, 0, render(g, f"situation.{cast.industries[c]}", rows, {}, pick))
    return docs.join()
