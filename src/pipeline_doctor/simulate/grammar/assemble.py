"""Join pieces of text into documents: pieces are added for some rows at a position, and each
document is its pieces in position order (an email's greeting, sentences, signature...).

A piece belongs to a paragraph (`para`): neighbours in the same paragraph are joined by
`inner`, a change of paragraph by `outer`. Separators are chosen when joining, so a missing
piece never leaves a stray space or an empty paragraph."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class Documents:
    """`n` documents built from pieces."""

    def __init__(self, n: int, inner: str = " ", outer: str = "\n\n") -> None:
        self.n = n
        self._inner, self._outer = inner, outer
        self._pos: list[float] = []
        self._rows: list[np.ndarray] = []
        self._para: list[np.ndarray] = []
        self._text: list[pa.Array | pa.ChunkedArray] = []

    def add(
        self,
        rows: np.ndarray,
        pos: float,
        text: pa.Array | pa.ChunkedArray,
        para: int | np.ndarray = 0,
    ) -> None:
        """Put `text` (one value per row of `rows`, rows in any order) at `pos` in those
        documents, in paragraph `para` (one for all, or one per row)."""
        if not len(rows):
            return
        self._pos.append(pos)
        self._rows.append(np.asarray(rows, np.int64))
        self._para.append(np.broadcast_to(np.asarray(para, np.int64), (len(rows),)))
        self._text.append(text)

    def words_per_row(self) -> np.ndarray:
        """Words added so far to each document."""
        if not self._rows:
            return np.zeros(self.n, np.int64)
        counts = words(_chunks(self._text).combine_chunks())
        return np.bincount(np.concatenate(self._rows), counts, minlength=self.n).astype(np.int64)

    def join(self) -> pa.Array:
        """One string per document ("" for a document with no piece)."""
        if not self._rows:
            return pa.repeat("", self.n).cast(pa.string())
        # where each piece goes: its document's slot, after the document's earlier pieces
        # (in position order); a counting sort, as documents are numbered 0..n-1
        groups = sorted(range(len(self._pos)), key=self._pos.__getitem__)
        counts = np.zeros(self.n, np.int64)
        ranks = []
        for i in groups:
            rows = self._rows[i]
            here = np.bincount(rows, minlength=self.n)
            repeats = _repeats_before(rows) if here.max() > 1 else 0
            ranks.append(counts[rows] + repeats)
            counts += here
        starts = np.cumsum(counts) - counts
        rows = np.concatenate([self._rows[i] for i in groups])
        dest = starts[rows] + np.concatenate(ranks)
        order = np.empty(len(rows), np.int64)
        order[dest] = np.arange(len(rows))
        rows = rows[order]
        para = np.concatenate([self._para[i] for i in groups])[order]
        pieces = _chunks([self._text[i] for i in groups])
        self._text = []  # free the pieces as soon as they are gathered
        values = pieces.take(order).combine_chunks()
        del pieces
        # pieces -> paragraphs (joined by `inner`) -> documents (joined by `outer`)
        new_para = np.r_[True, (rows[1:] != rows[:-1]) | (para[1:] != para[:-1])]
        starts = np.flatnonzero(new_para)
        para_offsets = np.r_[starts, len(rows)].astype(np.int32)
        paragraphs = pc.binary_join(
            pa.ListArray.from_arrays(pa.array(para_offsets), values), self._inner
        )
        doc_offsets = np.zeros(self.n + 1, np.int32)
        doc_offsets[1:] = np.cumsum(np.bincount(rows[starts], minlength=self.n))
        return pc.binary_join(
            pa.ListArray.from_arrays(pa.array(doc_offsets), paragraphs), self._outer
        )


def _repeats_before(rows: np.ndarray) -> np.ndarray:
    """For each entry, how many earlier entries hold the same row (0 when rows are distinct)."""
    order = np.argsort(rows, kind="stable")
    ordered = rows[order]
    index = np.arange(len(rows))
    run_start = np.maximum.accumulate(np.where(np.r_[True, ordered[1:] != ordered[:-1]], index, 0))
    out = np.empty(len(rows), np.int64)
    out[order] = index - run_start
    return out


def _chunks(parts: list[pa.Array | pa.ChunkedArray]) -> pa.ChunkedArray:
    """All parts, end to end, without copying."""
    flat: list[pa.Array] = []
    for part in parts:
        flat.extend(part.chunks if isinstance(part, pa.ChunkedArray) else [part])
    return pa.chunked_array(flat, pa.string())


def words(text: pa.Array) -> np.ndarray:
    """Words per value (runs of non-space characters)."""
    counts = pc.list_value_length(pc.utf8_split_whitespace(text))
    return np.asarray(counts.fill_null(0).to_numpy(zero_copy_only=False), np.int64)
