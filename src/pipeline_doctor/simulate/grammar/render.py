"""Render a role for many rows at once: one template drawn per row, slots filled per template.

Rows are grouped by their template, so the work is a few Arrow joins per template, never a
Python step per row. A slot names a role (rendered recursively for the rows that need it) or
a data column given by the caller (a contact's first name, a proposed day)."""

from __future__ import annotations

import string
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.grammar.families import Family, Wording, in_wording

Data = Mapping[str, pa.Array]
"""Data slots: one string per document row, indexed like the rows passed to `render`."""


class Columns(Mapping[str, pa.Array]):
    """Data slots computed on first use (most roles need few of them)."""

    def __init__(self, makers: Mapping[str, Callable[[], pa.Array]]) -> None:
        self._makers = makers
        self._made: dict[str, pa.Array] = {}

    def __getitem__(self, key: str) -> pa.Array:
        if key not in self._made:
            self._made[key] = self._makers[key]()
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


Piece = tuple[str, str | None]
"""A template piece: literal text, then the slot that follows it (or None)."""

_MIX = np.uint64(0x9E3779B97F4A7C15)


def parse(template: str) -> tuple[Piece, ...]:
    """ "Hi {first}," -> (("Hi ", "first"), (",", None))."""
    return tuple((literal, field) for literal, field, _, _ in string.Formatter().parse(template))


class Grammar:
    """The roles of `families` that text written with `wording` may use, templates parsed."""

    def __init__(self, families: Iterable[Family], wording: Wording) -> None:
        templates: dict[str, list[str]] = {}
        for family in families:
            if in_wording(family, wording):
                templates.setdefault(family.role, []).extend(family.templates)
        self.wording = wording
        self.templates = {role: tuple(t) for role, t in templates.items()}
        self.parsed = {role: tuple(parse(t) for t in ts) for role, ts in self.templates.items()}
        self.plain = {
            role: pa.array(ts)
            for role, ts in self.templates.items()
            if all(slot is None for t in self.parsed[role] for _, slot in t)
        }


@dataclass(frozen=True)
class Picker:
    """Where choices come from: the random stream, or a fixed key per row. Rows sharing a key
    (one rep's mass email) get the same choices everywhere, batch after batch."""

    rng: np.random.Generator
    keys: np.ndarray | None = None

    def _hashed(self, rows: np.ndarray, salt: str) -> np.ndarray:
        assert self.keys is not None
        x = self.keys[rows].astype(np.uint64) + np.uint64(zlib.crc32(salt.encode()))
        x = x * _MIX
        x = x ^ (x >> np.uint64(29))
        x = x * _MIX
        return np.asarray(x ^ (x >> np.uint64(32)))

    def choose(self, k: int, rows: np.ndarray, salt: str) -> np.ndarray:
        """One index in [0, k) per row."""
        if self.keys is None:
            return self.rng.integers(0, k, len(rows))
        return np.asarray(self._hashed(rows, salt) % np.uint64(k)).astype(np.int64)

    def chance(self, p: float | np.ndarray, rows: np.ndarray, salt: str) -> np.ndarray:
        """True with probability `p` per row."""
        if self.keys is None:
            return np.asarray(self.rng.random(len(rows)) < p)
        u = (self._hashed(rows, salt) >> np.uint64(11)).astype(np.float64) / float(1 << 53)
        return np.asarray(u < p)


def _join(pieces: list[str | pa.Array], n: int) -> pa.Array:
    if not any(isinstance(p, pa.Array) for p in pieces):
        return pa.repeat("".join(str(p) for p in pieces), n).cast(pa.string())
    if len(pieces) == 1:
        return pieces[0]
    return pc.binary_join_element_wise(*pieces, "")


def render_unordered(
    grammar: Grammar, role: str, rows: np.ndarray, data: Data, pick: Picker, path: str = ""
) -> tuple[np.ndarray | None, pa.Array | pa.ChunkedArray]:
    """`role` written once for each of `rows`, grouped by template: (where each text belongs,
    as positions in `rows`, or None when in row order; the texts)."""
    salt = f"{path}/{role}"
    templates = grammar.parsed[role]
    choice = (
        np.zeros(len(rows), np.int64)
        if len(templates) == 1
        else pick.choose(len(templates), rows, salt)
    )
    if role in grammar.plain:
        return None, grammar.plain[role].take(choice)
    # radix sort: template numbers fit in 16 bits
    order = np.argsort(choice.astype(np.int16), kind="stable")
    counts = np.bincount(choice, minlength=len(templates))
    chunks: list[pa.Array] = []
    start = 0
    for t, count in enumerate(counts.tolist()):
        if not count:
            continue
        sub = rows[order[start : start + count]]
        pieces: list[str | pa.Array] = []
        for literal, slot in templates[t]:
            if literal:
                pieces.append(literal)
            if slot is None:
                continue
            if slot in data:
                pieces.append(data[slot].take(sub))
            else:
                pieces.append(render(grammar, slot, sub, data, pick, f"{salt}#{t}"))
        chunks.append(_join(pieces, count))
        start += count
    if not chunks:
        return None, pa.array([], pa.string())
    return order, pa.chunked_array(chunks, pa.string())


def render(
    grammar: Grammar, role: str, rows: np.ndarray, data: Data, pick: Picker, path: str = ""
) -> pa.Array:
    """`role` written once for each of `rows` (indices into the data columns), in row order."""
    where, text = render_unordered(grammar, role, rows, data, pick, path)
    if where is None:
        assert isinstance(text, pa.Array)
        return text
    inverse = np.empty(len(rows), np.int64)
    inverse[where] = np.arange(len(rows))
    taken = text.take(inverse)
    return taken.combine_chunks() if isinstance(taken, pa.ChunkedArray) else taken
