"""The mistakes real text has: typing slips in emails, mis-heard words and lost or stray
question marks in speech-to-text. Applied to a small share of rows, one slip per row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

TYPOS = (
    ("the ", "teh "),
    ("and ", "adn "),
    ("with ", "wiht "),
    ("because", "becuase"),
    ("receive", "recieve"),
    ("calendar", "calender"),
    ("tomorrow", "tommorow"),
    ("definitely", "definately"),
    ("separate", "seperate"),
    ("their", "thier"),
    ("until", "untill"),
    ("which", "wich"),
    ("don't", "dont"),
    ("I'm", "Im"),
    ("your", "yuor"),
    ("meeting", "meetign"),
    ("really", "realy"),
    ("forward", "foward"),
    ("questions", "quesitons"),
    ("process", "proccess"),
    ("team", "taem"),
    (". ", ".  "),
    ("you ", "you  "),
)
"""(correct, slip) pairs; a row whose text lacks the correct form is left as it is."""

MISHEARD = (
    ("their", "there"),
    ("we're", "were"),
    ("to ", "two "),
    ("for ", "four "),
    ("right", "write"),
    ("you're", "your"),
    ("it's", "its"),
    (", ", " "),
)
"""Speech-to-text confusions."""


def replace_some(
    text: pa.Array,
    rate: float,
    pairs: tuple[tuple[str, str], ...],
    rng: np.random.Generator,
    rows: np.ndarray | None = None,
) -> pa.Array:
    """Apply one (old, new) replacement, the first occurrence only, to a `rate` share of
    `rows` (default: all rows)."""
    rows = np.arange(len(text)) if rows is None else rows
    chosen = rows[rng.random(len(rows)) < rate]
    if not len(chosen):
        return text
    kind = rng.integers(0, len(pairs), len(chosen))
    order = np.argsort(kind, kind="stable")
    counts = np.bincount(kind, minlength=len(pairs))
    parts = []
    start = 0
    for k, count in enumerate(counts.tolist()):
        rows = chosen[order[start : start + count]]
        old, new = pairs[k]
        parts.append(pc.replace_substring(text.take(rows), old, new, max_replacements=1))
        start += count
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    mask = np.zeros(len(text), bool)
    mask[chosen] = True
    return pc.replace_with_mask(text, pa.array(mask), pa.concat_arrays(parts).take(inverse))


def typos(
    text: pa.Array, rate: float, rng: np.random.Generator, rows: np.ndarray | None = None
) -> pa.Array:
    return replace_some(text, rate, TYPOS, rng, rows)


def misheard(
    text: pa.Array, rate: float, rng: np.random.Generator, rows: np.ndarray | None = None
) -> pa.Array:
    return replace_some(text, rate, MISHEARD, rng, rows)
