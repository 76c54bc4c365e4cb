"""Salesforce record ids: 15-character (case-sensitive) and 18-character (with a checksum
suffix) forms name the same record. Ids are never case-folded; 15-character ids are extended
to 18 so both forms meet. "000000000000000AAA" means "no record"."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
EMPTY = ("000000000000000AAA", "000000000000000")


def to18(record_id: str) -> str:
    """The 18-character form of a 15-character id (others unchanged)."""
    if len(record_id) != 15:
        return record_id
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(record_id[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += _SUFFIX[bits]
    return record_id + suffix


def is_id_column(name: str) -> bool:
    return name == "Id" or name.endswith("Id")


def clean_ids(values: pa.Array) -> pa.Array:
    """Empty lookups to null, 15-character ids to 18."""
    values = pc.if_else(
        pc.is_in(values, value_set=pa.array(EMPTY)), pa.scalar(None, pa.string()), values
    )
    short = pc.equal(pc.utf8_length(values), 15)
    if not pc.any(short).as_py():
        return values
    unique = pc.unique(pc.filter(values, short)).to_pylist()
    extended = pa.array([to18(v) for v in unique], type=pa.string())
    index = pc.index_in(values, value_set=pa.array(unique, type=pa.string()))
    return pc.if_else(pc.is_valid(index), pc.take(extended, index), values)
