"""SQL expressions for the fast path (`direct`): each cell's strict form, and the tests that
send a row back to the exact path.

A strict form is a subset of what the exact path accepts, on which both give the same value:
plain whole numbers of up to 15 digits, plain decimals, the booleans of `values.TRUE/FALSE`,
and plain ISO dates (what the exact path casts directly too). Any other text raises an error,
which sends the file to the exact path; that path then accepts or rejects it with a reason.
"""

from __future__ import annotations

import re

from pipeline_doctor.importers.core import values
from pipeline_doctor.importers.core.build import SCIENTIFIC_ID
from pipeline_doctor.importers.core.mapping import ANY
from pipeline_doctor.model.schema import Column
from pipeline_doctor.store.store import literal as literal  # values enter SQL only by it

YEAR = r"(?:[1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])"  # DuckDB reads year 0 as 1 BC
PLAIN_ISO = YEAR + r"-\d{2}-\d{2}(?:[ T](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?)?"
"""The dates of `dates.PLAIN_ISO` both readers cast alike: DuckDB also reads 24:00:00 (as the
next day) and year 0000, which Arrow refuses."""
PLAIN_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
MANGLED_ID = SCIENTIFIC_ID.removeprefix("^").removesuffix("$")
"""An id a spreadsheet turned into scientific notation."""
WHITESPACE = [c for c in range(0x110000) if chr(c).isspace()]
"""Every code point Python calls whitespace (a superset of what Arrow trims)."""
SPACE_CLASS = r"[\s\p{Z}\x{1c}-\x{1f}\x{85}]"
LARGEST_EXACT = 10**15
"""Whole numbers below this pass through a float64 unchanged, as the exact path reads them."""


def _raise(what: str) -> str:
    return f"error({literal(what)})"


def typed(col: Column, text: str, where: str) -> str:
    """SQL typing `text` (an expression) as `col`, raising on text outside its strict form."""
    bad = _raise(f"{where}: not in the strict form")
    if col.type == "string":
        return text
    if col.type == "int64":
        number = f"TRY_CAST({text} AS BIGINT)"
        plain = f"CAST({number} AS VARCHAR) = {text} AND abs({number}) < {LARGEST_EXACT}"
        form = f"CASE WHEN {text} IS NULL THEN NULL WHEN {plain} THEN {number} ELSE {bad} END"
        return form
    if col.type == "float64":
        number = f"TRY_CAST({text} AS DOUBLE)"
        plain = f"regexp_full_match({text}, {literal(PLAIN_NUMBER)}) AND isfinite({number})"
        return f"CASE WHEN {text} IS NULL THEN NULL WHEN {plain} THEN {number} ELSE {bad} END"
    if col.type == "boolean":
        true = ", ".join(literal(v) for v in values.TRUE)
        false = ", ".join(literal(v) for v in values.FALSE if v)
        return (
            f"CASE WHEN {text} IS NULL THEN NULL WHEN lower({text}) IN ({true}) THEN true "
            f"WHEN lower({text}) IN ({false}) THEN false ELSE {bad} END"
        )
    stamp = f"CAST({text} AS TIMESTAMP)"
    value = stamp if col.type == "timestamp" else f"CAST({stamp} AS DATE)"
    plain = f"regexp_full_match({text}, {literal(PLAIN_ISO)})"
    return f"CASE WHEN {text} IS NULL THEN NULL WHEN {plain} THEN {value} ELSE {bad} END"


def value_map(text: str, mapping: dict[str, str], where: str) -> str:
    """SQL for `transform.apply_value_map`: the exact key first, then the key in any case,
    then "*" (or the text itself); "" becomes null. Text it would trim, and non-ASCII text that
    matches no key exactly (its lower case may differ between the two readers), raise."""
    keys = [k for k in mapping if k != ANY]
    exact = " ".join(f"WHEN {text} = {literal(k)} THEN {literal(mapping[k])}" for k in keys)
    folded = " ".join(
        f"WHEN lower({text}) = {literal(k.lower())} THEN {literal(mapping[k])}" for k in keys
    )
    listed = ", ".join(literal(k) for k in keys) or "NULL"
    wide = f"strlen({text}) <> length({text})"  # bytes <> characters: not ASCII
    doubt = f"{untidy_text(text)} OR ({wide} AND {text} NOT IN ({listed}))"
    rest = literal(mapping[ANY]) if ANY in mapping else text
    return (
        f"nullif(CASE WHEN {text} IS NULL THEN NULL WHEN {doubt} THEN {_raise(where)} "
        f"{exact} {folded} ELSE {rest} END, '')"
    )


def repeated_header(cell: str, first_name: str) -> str:
    """True where `cell` (the first column) holds the header's first name, spaces aside."""
    pattern = f"{SPACE_CLASS}*{re.escape(first_name)}{SPACE_CLASS}*"
    return (
        f"CASE WHEN contains({cell}, {literal(first_name)}) "
        f"THEN regexp_full_match({cell}, {literal(pattern)}) ELSE false END"
    )


def untidy_text(cell: str) -> str:
    """True where a text cell has what the exact path would change or reject: whitespace at
    either end (it trims), a carriage return or a NUL byte (it reads them its own way). The
    first and last characters' codes are compared, not a trimmed copy (five times faster);
    the last is the first of the reversed text (a superset when a mark combines with it)."""
    first, last = f"ascii({cell})", f"ascii(reverse({cell}))"
    wide = ", ".join(str(c) for c in WHITESPACE if c >= 128)
    return (
        f"({cell} IS NOT NULL AND ({first} <= 32 OR {last} <= 32 "
        f"OR contains({cell}, chr(13)) OR contains({cell}, chr(0)) "
        f"OR (({first} >= 128 OR {last} >= 128) AND ({first} IN ({wide}) OR {last} IN ({wide})))))"
    )


def mangled_id(cell: str) -> str:
    """True where an id looks like a spreadsheet's scientific notation (1.23E+15)."""
    return (
        f"CASE WHEN contains({cell}, 'E+') OR contains({cell}, 'e+') "
        f"THEN regexp_full_match({cell}, {literal(MANGLED_ID)}) ELSE false END"
    )
