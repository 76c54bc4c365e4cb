"""Open an HTML file in headless Chromium (Debian's package): collect console errors and take
a full-page screenshot. Used by the browser tests and `make demo-screenshot`.

Playwright drives the system Chromium at CHROMIUM_PATH; nothing is downloaded."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_PATH = os.environ.get("PIPELINE_DOCTOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@dataclass
class PageCheck:
    """What the browser saw: console errors, page errors, failed requests, visible text."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    """alert/confirm/prompt opened by the page (dismissed): a script that ran."""
    requests_outside: list[str] = field(default_factory=list)
    text: str = ""
    visible_finding_ids: list[str] = field(default_factory=list)


FIRST_SCREEN = (1400, 1800)
"""The first screen a reader sees, in CSS pixels (width, height)."""


def open_in_chromium(
    html: Path,
    screenshot: Path | None = None,
    width: int = 1200,
    first_screen: Path | None = None,
) -> PageCheck:
    """Load `html` from disk in headless Chromium and report what happened; optionally take
    a full-page `screenshot` and a picture of the `first_screen` (1400×1800)."""
    from playwright.sync_api import sync_playwright

    seen = PageCheck()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on(
                "console",
                lambda m: seen.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: seen.page_errors.append(str(e)))

            def on_dialog(dialog: Any) -> None:
                seen.dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith(("file:", "data:"))
                    else seen.requests_outside.append(r.url)
                ),
            )
            page.goto(html.resolve().as_uri(), wait_until="load")
            seen.text = page.inner_text("body")
            seen.visible_finding_ids = [
                el.get_attribute("id") or ""
                for el in page.query_selector_all(".finding")
                if el.is_visible()
            ]
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
            if first_screen is not None:
                page.set_viewport_size({"width": FIRST_SCREEN[0], "height": FIRST_SCREEN[1]})
                page.screenshot(path=str(first_screen))
        finally:
            browser.close()
    return seen


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    first = target.with_name(f"{target.stem}-first-screen{target.suffix}")
    result = open_in_chromium(source, target, first_screen=first)
    print(f"Screenshots of {source}: the whole page in {target}, the first screen in {first}")
    if result.console_errors or result.page_errors:
        print("Console errors:", *result.console_errors, *result.page_errors, sep="\n  ")
        sys.exit(1)
