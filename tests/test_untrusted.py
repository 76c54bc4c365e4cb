"""The sanitising boundary for CRM text, output kind by output kind: terminal, JSON on a
terminal, XML/SVG, spreadsheet cells (and reading the last back)."""

from __future__ import annotations

import io
import json
import unicodedata
import xml.etree.ElementTree as ET

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table

from pipeline_doctor.exporters.tables import spreadsheet_safe
from pipeline_doctor.untrusted import (
    FORMULA_START,
    for_json,
    for_spreadsheet,
    for_terminal,
    for_xml,
    unquote_spreadsheet,
)
from pipeline_doctor.views.terminal import SafeConsole
from tests.hostile.payloads import payloads

ACTED_ON = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # controls, format (bidi), separators, surrogates
KEPT_FORMAT = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}  # zero-width, shown


@settings(deadline=None)
@given(st.text())
def test_the_terminal_gets_no_control_character(text: str) -> None:
    shown = for_terminal(text)
    for char in shown:
        kind = unicodedata.category(char)
        assert (
            char in "\t\n"
            or kind not in ACTED_ON
            or char in KEPT_FORMAT
            or (
                kind == "Cf"
                and char
                not in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            )
        ), repr(char)
    assert for_terminal("Zoë Müller [bold]x[/]") == "Zoë Müller [bold]x[/]"


def test_the_console_writes_markup_and_escapes_as_text() -> None:
    out = io.StringIO()
    console = SafeConsole(file=out, width=200, force_terminal=True, color_system="truecolor")
    table = Table("name")
    table.add_row("[link=file:///etc/passwd]passwd[/link] \x1b]0;title\x07 \x1b[2J [/]")
    console.print("[bold red]loud[/] \x9b31m \u202eevil", style="bold")
    console.print(table)
    written = out.getvalue()
    assert "[bold red]loud[/]" in written
    assert "[link=file:///etc/passwd]passwd[/link]" in written
    assert "[/]" in written
    assert "\x1b]" not in written  # no OSC: no link, no title
    assert "\x1b[2J" not in written
    assert "\x9b" not in written
    assert "\u202e" not in written
    assert "\x1b[1m" in written  # the console's own styles still work


@settings(deadline=None)
@given(st.dictionaries(st.text(), st.text()))
def test_json_on_a_terminal_is_inert_and_reads_back_the_same(data: dict[str, str]) -> None:
    text = for_json(json.dumps(data, ensure_ascii=False))
    assert json.loads(text) == data
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") and c not in "\n" for c in text)


@settings(deadline=None)
@given(st.text())
def test_xml_gets_only_characters_it_allows(text: str) -> None:
    element = ET.fromstring(f"<t>{_xml_escape(for_xml(text))}</t>")
    assert element.text is None or "\ufffe" not in element.text


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(deadline=None)
@given(st.text())
def test_a_spreadsheet_cell_is_never_a_formula_and_reads_back(cell: str) -> None:
    written = for_spreadsheet(cell)
    assert not written or written[0] not in FORMULA_START or written == cell
    assert unquote_spreadsheet(written) == cell  # every cell, quoted or not, reads back


def test_numbers_stay_numbers_formulas_do_not() -> None:
    for number in ("-1.5", "+3", "1e5", "-.5", "+.5e-3", "42"):
        assert for_spreadsheet(number) == number
    for formula in ("=1+1", "+cmd|' /C calc'!A0", "-1+1", "@SUM(1)", "\t=1", "\r=1", "＝1"):
        assert for_spreadsheet(formula) == "'" + formula


@settings(deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(), st.sampled_from(payloads()))))
def test_the_export_quotes_cells_as_the_rule_does(cells: list[str | None]) -> None:
    batch = pa.RecordBatch.from_arrays([pa.array(cells, pa.string())], names=["c"])
    got = spreadsheet_safe(batch).column(0).to_pylist()
    assert got == [None if c is None else for_spreadsheet(c) for c in cells]
