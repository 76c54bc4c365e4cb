"""Hostile CRM text: what buyers, prospects and damaged exports put in names, labels, subjects
and notes. `payloads()` gives at least 200 distinct strings, built from families (markup,
scripts, control characters C0/C1, bidirectional overrides, line separators, non-characters,
Rich markup, spreadsheet formulas, very long strings), each alone and inside ordinary text."""

from __future__ import annotations

C0 = [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]  # fmt: skip
SEPARATORS = ["\u2028", "\u2029", "\x85"]
NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0"]
TERMINAL = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned\x07",  # window title
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 link
    "\x1b[31mred\x1b[0m",
    "\x9b31mC1 red",
    "\x1bP+q\x1b\\",  # DCS
    "\r\x1b[Kfake line",
]
RICH_MARKUP = [
    "[bold red]loud[/]",
    "[/]",
    "[link=file:///etc/passwd]passwd[/link]",
    "[blink]x[/blink]",
    ":smiley: :warning:",
    "[",
    "]",
    "[[escaped]]",
    "\\[bold]",
]
HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "</textarea><script>confirm(4)</script>",
    "javascript:alert(5)",
    "&lt;b&gt;",
    "<!--",
    "]]><x/>",
    "{{ 7*7 }}",
    "{% raw %}",
]
FORMULAS = [
    '=HYPERLINK("https://evil.example/","click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "=1",
    "\uff1d1+1",
    "'=1",
]
SQL_AND_PATHS = ["'; DROP TABLE deals; --", '"', "''", "../../etc/passwd", "%s%n", "${jndi:x}"]
LONG = ["x" * 10_000, "é" * 5_000, "\u202e" * 500 + "abc", "[b]" * 2_000]


def families() -> dict[str, list[str]]:
    return {
        "c0": C0,
        "c1": C1,
        "bidi": BIDI,
        "separators": SEPARATORS,
        "noncharacters": NONCHARACTERS,
        "terminal": TERMINAL,
        "rich_markup": RICH_MARKUP,
        "html": HTML,
        "formulas": FORMULAS,
        "sql_paths": SQL_AND_PATHS,
        "long": LONG,
    }


def payloads() -> list[str]:
    """Every payload alone, and (except the long ones) inside ordinary text, de-duplicated."""
    out: list[str] = []
    for name, items in families().items():
        out += items
        if name != "long":
            out += [f"Acme {p} Corp" for p in items]
    return list(dict.fromkeys(out))
