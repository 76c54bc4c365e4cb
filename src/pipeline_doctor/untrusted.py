"""CRM text is written by people outside the company (buyers' names, email subjects, notes,
stage labels) and is stored exactly as received. Each kind of output makes it safe in one
place, with one function here:

- the terminal (`for_terminal`, applied to every piece of text a console writes, see
  `views.terminal`): no control character reaches it, so no escape sequence clears the screen,
  sets the window title or plants a link; Rich markup is not parsed in CRM text at all;
- charts (`for_xml`, applied to a whole chart spec before rendering): characters XML forbids
  are dropped, so the SVG renderer neither panics nor fails;
- CSV exports (`for_spreadsheet`, on every text cell): a cell a spreadsheet would evaluate as
  a formula is prefixed with an apostrophe, following OWASP's CSV-injection guidance, while
  numbers stay numbers;
- HTML is escaped by the report's template engine (autoescape), as before.
"""

from __future__ import annotations

import re
from typing import Any

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Directional marks and overrides: they reorder what a terminal shows (Trojan Source)."""
_TERMINAL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ufffe\uffff]")
"""C0 controls but tab and newline, DEL, C1 controls (ESC, CSI, OSC ... start sequences),
bidirectional controls and the two non-characters."""
_SEPARATORS = re.compile("[\u2028\u2029]")
"""Unicode line and paragraph separators: shown as a space (terminals, and the JavaScript of
the chart renderer, treat them as line ends)."""
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's Char production, and C1 controls (allowed but discouraged)."""

FORMULA_START = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
"""First characters that make a spreadsheet evaluate a cell (OWASP: = + - @ tab CR; and the
full-width forms some spreadsheets read the same way)."""
QUOTE = "'"
NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
"""A plain number: a spreadsheet reads it as that number, so it is never quoted."""
_NUMBER = re.compile(NUMBER)


def for_terminal(text: str) -> str:
    """`text` without anything a terminal would act on rather than show."""
    return _TERMINAL.sub("", _SEPARATORS.sub(" ", text))


_JSON_INERT = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029\ufffe\uffff]")


def for_json(text: str) -> str:
    """JSON text whose strings carry no raw character a terminal acts on: those JSON does not
    escape itself (DEL, C1, bidirectional controls, separators) become \\uXXXX escapes, which
    read back as the same data. (JSON escapes C0 controls already; outside strings JSON text
    is ASCII, so only string contents change.)"""
    return _JSON_INERT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def for_xml(text: str) -> str:
    """`text` with only characters XML (and so SVG) allows."""
    return _NOT_XML.sub("", _SEPARATORS.sub(" ", text))


def xml_safe(value: Any) -> Any:
    """`value` (a chart spec: dicts, lists, strings, numbers) with every string `for_xml`."""
    if isinstance(value, str):
        return for_xml(value)
    if isinstance(value, dict):
        return {for_xml(str(k)): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(v) for v in value]
    return value


def needs_quote(cell: str) -> bool:
    """Whether a spreadsheet would evaluate `cell` (a formula, not a number), or the cell
    already starts with the apostrophe (quoted too, so that reading it back is exact)."""
    if not cell:
        return False
    if cell[0] == QUOTE:
        return True
    return cell[0] in FORMULA_START and _NUMBER.fullmatch(cell) is None


def for_spreadsheet(cell: str) -> str:
    """`cell` as a spreadsheet shows it without evaluating it: an apostrophe before a formula
    (or before a leading apostrophe); `unquote_spreadsheet` gives the cell back."""
    return QUOTE + cell if needs_quote(cell) else cell


def unquote_spreadsheet(cell: str) -> str:
    """The cell `for_spreadsheet` was given."""
    return cell[1:] if cell.startswith(QUOTE) else cell
