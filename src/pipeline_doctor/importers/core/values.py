"""Vectorised parsing of text cells into canonical types, with a per-cell failure mask.

Each parser takes a string array (null = empty cell) and returns the typed array and a
boolean mask of cells that had text but could not be parsed; the caller turns the mask into
rejects. Numbers accept thousand separators, currency symbols, decimal commas (when the
file's decimal mark is ","), and scientific notation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

_CURRENCY = r"[$€£¥₹₽¢]|\b(?:USD|EUR|GBP|MXN|COP|PEN|BRL|CAD|AUD|CHF|JPY)\b"
_SPACES = "[\\s\u00a0\u202f']"  # (narrow) no-break spaces and the Swiss apostrophe
_POINT = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$"
_COMMA = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?(?:[eE][+-]?\d+)?$"
TRUE = ("1", "true", "t", "yes", "y", "x", "si", "sí", "verdadero", "wahr", "vrai", "checked")
FALSE = ("0", "false", "f", "no", "n", "", "falso", "falsch", "faux", "unchecked")


@dataclass(frozen=True)
class Parsed:
    """Typed values and the mask of cells whose text could not be parsed."""

    values: pa.Array
    bad: pa.Array
    reason: str = "bad_value"
    expected: str = ""


def _as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    return values


def _bad(values: pa.Array, parsed: pa.Array) -> pa.Array:
    return pc.and_(pc.is_valid(values), pc.is_null(parsed))


def parse_string(values: pa.Array) -> Parsed:
    values = _as_array(values)
    trimmed = pc.utf8_trim_whitespace(values)
    return Parsed(trimmed, _bad(values, trimmed))


def _number_text(values: pa.Array, decimal: str) -> pa.Array:
    """Canonical float text ("1234.5") for cells that are numbers, null for the rest."""
    text = pc.replace_substring_regex(values, _CURRENCY, "")
    text = pc.replace_substring_regex(text, _SPACES, "")
    negative = pc.and_(pc.starts_with(text, "("), pc.ends_with(text, ")"))
    text = pc.if_else(negative, pc.utf8_slice_codeunits(text, 1, -1), text)
    text = pc.if_else(negative, pc.binary_join_element_wise("-", text, ""), text)
    pattern = _COMMA if decimal == "," else _POINT
    ok = pc.and_(pc.match_substring_regex(text, pattern), pc.match_substring_regex(text, r"\d"))
    text = pc.if_else(ok, text, pa.scalar(None, pa.string()))
    if decimal == ",":
        text = pc.replace_substring(text, ".", "")
        text = pc.replace_substring(text, ",", ".")
    else:
        text = pc.replace_substring(text, ",", "")
    return text


def parse_float(values: pa.Array, decimal: str = ".") -> Parsed:
    values = _as_array(values)
    number = pc.cast(_number_text(values, decimal), pa.float64())
    finite = pc.if_else(pc.is_finite(number), number, pa.scalar(None, pa.float64()))
    return Parsed(finite, _bad(values, finite), "bad_number", "a number")


def parse_int(values: pa.Array, decimal: str = ".") -> Parsed:
    floats = parse_float(values, decimal).values
    whole = pc.and_(pc.equal(pc.floor(floats), floats), pc.less(pc.abs(floats), 2.0**62))
    ints = pc.cast(pc.if_else(whole, floats, pa.scalar(None, pa.float64())), pa.int64())
    return Parsed(ints, _bad(_as_array(values), ints), "bad_number", "a whole number")


def parse_bool(values: pa.Array) -> Parsed:
    values = _as_array(values)
    low = pc.utf8_lower(pc.utf8_trim_whitespace(values))
    true = pc.is_in(low, value_set=pa.array(TRUE))
    false = pc.is_in(low, value_set=pa.array(FALSE))
    result = pc.if_else(true, True, pc.if_else(false, False, pa.scalar(None, pa.bool_())))
    return Parsed(result, _bad(values, result), "bad_boolean", "true/false, yes/no or 1/0")
