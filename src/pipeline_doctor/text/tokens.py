"""Word tokens of many bodies at once, hashed, with names, numbers and links normalised away.

Template copies differ in the merge fields: the buyer's name, their company, figures, dates,
links. So, before shingling:

- a token is a run of letters, digits, apostrophes, "@" and "/"; any other character (space,
  punctuation) separates tokens; bytes of non-ASCII characters count as letters;
- a token with "@" or "/" (an address, a link) is a LINK token;
- a token with a digit ("10", "Q3", "4567") is a NUMBER token;
- a capitalised word that does not start a sentence or a line ("Hi Anna", "at Acme Cloud") is a
  NAME token, and so is a capitalised word starting one right before such a NAME ("John Smith"
  on a signature line; also "Hi Anna", which costs nothing: every copy loses the same "hi");
- consecutive tokens of one of these kinds merge into one ("Eve O'Neil", "+1 555 123 4567",
  "john@acme.com"), so copies with names and numbers of different lengths leave the same
  sequence; every other word is lower-cased.

Limits: a lone name at the start of a sentence stays a word ("Anna, thanks ..."), costing that
copy a few shingles; non-ASCII capitals are not recognised as names, and non-ASCII punctuation
(curly quotes, dashes) sticks to the word next to it; a mid-sentence capitalised word that is
not a name ("our CRM") becomes a NAME in every copy alike, which is harmless.

Everything runs in numpy over the UTF-8 bytes of about a megabyte of bodies at a time, the
character classes computed by `bytes.translate`: the same rules as regular expressions cost
about 30 µs a body in Python, the whole budget for 100,000 bodies.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
_CHUNK_BYTES = 1 << 20

_SPLITMIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_SPLITMIX_2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(0x100000001B3)
"""Odd, so it has an inverse mod 2^64: a token's hash is sum(byte_i * BASE^(i - start))."""
LINK, NUMBER, NAME = (np.uint64(v) for v in (0x51A7E0001, 0x51A7E0002, 0x51A7E0003))


def _table(*members: bytes, high: bool = False) -> bytes:
    """A `bytes.translate` table mapping the given bytes (and bytes >= 0x80 if `high`) to 1."""
    chosen = set(b"".join(members))
    return bytes(int(i in chosen or (high and i >= 0x80)) for i in range(256))


_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = b"0123456789"
_WORD = _table(_LETTERS, _DIGITS, b"'@/", high=True)
_UPPER = _table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = _table(_DIGITS)
_LINK = _table(b"@/")
_BOUNDARY = _table(b".!?:;\n\x00")


class Tokens(NamedTuple):
    """Token hashes of all bodies, in order; `body[i]` is the index of token i's body."""

    hashes: U64
    body: I64


def mix(x: U64) -> U64:
    """splitmix64's finaliser: spreads any 64-bit input over all 64 bits (arrays only)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _SPLITMIX_1
    x = x ^ (x >> np.uint64(27))
    x = x * _SPLITMIX_2
    return x ^ (x >> np.uint64(31))


def tokenise(bodies: Sequence[str]) -> Tokens:
    """The normalised tokens of every body (see the module docstring), hashed to 64 bits."""
    hashes: list[U64] = []
    owners: list[I64] = []
    for first, chunk in _chunks(bodies):
        h, owner = _tokenise_chunk(chunk)
        hashes.append(h)
        owners.append(owner + first)
    if not hashes:
        return Tokens(np.zeros(0, np.uint64), np.zeros(0, np.int64))
    return Tokens(np.concatenate(hashes), np.concatenate(owners))


def _chunks(bodies: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    start, size = 0, 0
    for i, body in enumerate(bodies):
        size += len(body) + 1
        if size >= _CHUNK_BYTES:
            yield start, list(bodies[start : i + 1])
            start, size = i + 1, 0
    if start < len(bodies):
        yield start, list(bodies[start:])


@cache
def _powers(n: int) -> tuple[U64, U64]:
    """BASE^i and BASE^-i mod 2^64 for i < n."""
    inverse = pow(int(_BASE), -1, 1 << 64)
    up = np.full(n, _BASE, np.uint64)
    up[0] = 1
    down = np.full(n, np.uint64(inverse), np.uint64)
    down[0] = 1
    return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


def _tokenise_chunk(bodies: list[str]) -> tuple[U64, I64]:
    text = "\x00".join(bodies)
    if text.count("\x00") != len(bodies) - 1:  # a NUL inside a body would shift the owners
        text = "\x00".join(b.replace("\x00", " ") for b in bodies)
    data = text.encode("utf-8", "replace")
    n = len(data)
    word: Mask = np.frombuffer(data.translate(_WORD), np.bool_)
    edges = np.flatnonzero(np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    if len(starts) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    separators = np.flatnonzero(np.frombuffer(data, np.uint8) == 0)
    new_body = np.bincount(np.searchsorted(starts, separators), minlength=len(starts) + 1)
    owner = np.cumsum(new_body[:-1], dtype=np.int64)
    up, down = _powers(1 << max(21, (n - 1).bit_length()))  # few sizes, so few cached tables
    weighted = np.frombuffer(data.lower(), np.uint8) * up[:n]
    prefix = np.r_[np.uint64(0), np.cumsum(weighted, dtype=np.uint64)]
    lengths = (ends - starts).astype(np.uint64)
    sums = (prefix[ends] - prefix[starts]) * down[starts]
    hashes = mix(sums ^ (lengths << np.uint64(56)))
    kind = _kinds(data, starts)
    hashes = np.where(kind != 0, kind, hashes)
    repeat = np.r_[False, (kind[1:] != 0) & (kind[1:] == kind[:-1]) & (owner[1:] == owner[:-1])]
    return hashes[~repeat], owner[~repeat]


def _kinds(data: bytes, starts: I64) -> U64:
    """LINK, NUMBER, NAME or 0 (a plain word) for each token. Digits, "@", "/" and sentence
    ends are rare, so each is located once and mapped to its token by a binary search."""
    link = _tokens_holding(data.translate(_LINK), starts)
    digit = _tokens_holding(data.translate(_DIGIT), starts)
    upper = np.frombuffer(data.translate(_UPPER), np.bool_)[starts]
    # a sentence starts after ". ! ? : ;", a line break or the start of the body
    after_boundary = np.zeros(len(starts), np.bool_)
    boundary = np.flatnonzero(np.frombuffer(data.translate(_BOUNDARY), np.bool_))
    follows = np.searchsorted(starts, boundary)
    after_boundary[follows[follows < len(starts)]] = True
    after_boundary[0] = True
    name = upper & ~after_boundary
    # a capitalised word starting a sentence or line before a name is part of it ("John Smith")
    name[:-1] |= upper[:-1] & name[1:]
    kind: U64 = np.where(link, LINK, np.where(digit, NUMBER, np.where(name, NAME, 0))).astype(
        np.uint64
    )
    return kind


def _tokens_holding(mask: bytes, starts: I64) -> Mask:
    """Which tokens hold a byte the translated `mask` marks (marked bytes are word bytes)."""
    holding = np.zeros(len(starts), np.bool_)
    where = np.flatnonzero(np.frombuffer(mask, np.bool_))
    holding[np.searchsorted(starts, where, side="right") - 1] = True
    return holding
