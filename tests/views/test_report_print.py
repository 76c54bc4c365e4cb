"""The demo org's report as a VP of Sales sees it in Chromium: the answer on the first screen,
chart text readable as rendered, no console errors, and a printed PDF (A4 and Letter) whose
pages are not blank and whose charts are never split across two pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.views.pdf import print_pdf
from pipeline_doctor.views.report_html import render_report
from pipeline_doctor.views.screenshot import CHROMIUM_ARGS, CHROMIUM_PATH, FIRST_SCREEN
from tests.views.test_report_browser import require_chromium

pytestmark = pytest.mark.browser
SMALLEST_TEXT_PX = 11


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The report of the org `pipeline-doctor demo` builds (its default configuration)."""
    from pipeline_doctor.cli.demo_cmd import DEFAULT_DEMO_DEALS
    from pipeline_doctor.diagnosis import run_diagnosis
    from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
    from pipeline_doctor.store import Store
    from pipeline_doctor.store.overview import overview

    folder = tmp_path_factory.mktemp("demo-report")
    with Store.open(folder / "demo.duckdb") as store:
        simulate_into(store, SimulationConfig(DEFAULT_DEMO_DEALS, seed=42, plants=DEFAULT_PLANTS))
        diagnosis = run_diagnosis(store, dated=True)
        html = render_report(overview(store), diagnosis)
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    return page, diagnosis


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


def _open(browser: Any, page_file: Path) -> tuple[Any, list[str]]:
    errors: list[str] = []
    page = browser.new_page(viewport={"width": FIRST_SCREEN[0], "height": FIRST_SCREEN[1]})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri(), wait_until="load")
    return page, errors


def _bottom(page: Any, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => e.getBoundingClientRect().bottom"))


def test_the_first_screen_holds_the_figures_the_answer_and_the_top_three_findings(
    browser: Any, demo_report: tuple[Path, Any]
) -> None:
    page, errors = _open(browser, demo_report[0])
    height = FIRST_SCREEN[1]
    assert _bottom(page, "#headline-figures") <= height
    assert _bottom(page, "#headline") <= height
    for n in (1, 2, 3):  # each top finding's title and its sentence with the proof
        assert _bottom(page, f"#finding-{n} .head") <= height, n
        assert _bottom(page, f"#finding-{n} .summary") <= height, n
    strip = page.inner_text("#headline-figures")
    for label in ("WIN RATE", "OPEN PIPELINE", "PIPELINE AT RISK", "MEDIAN DAYS TO WIN"):
        assert label in strip.upper()
    assert errors == []
    page.close()


def test_every_chart_text_is_at_least_11_px_as_rendered(
    browser: Any, demo_report: tuple[Path, Any]
) -> None:
    page, errors = _open(browser, demo_report[0])
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.chart svg text')]
            .filter(t => t.textContent.trim())
            .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize)
                       * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)])"""
    )
    assert len(sizes) > 100, "the demo report draws charts"
    small = [(text, round(px, 1)) for text, px in sizes if px < SMALLEST_TEXT_PX - 0.05]
    assert small == []
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.chart svg')]"
        ".map(s => s.getBoundingClientRect().width)"
    )
    column = page.eval_on_selector("main", "m => m.clientWidth - 56")
    assert min(widths) >= 0.9 * column, (min(widths), column)
    assert errors == []
    page.close()


def _chart_ends(browser: Any, page_file: Path) -> list[tuple[str, str]]:
    """Each chart's top-most text (its title) and bottom-most (an axis title), in page
    order."""
    page, _ = _open(browser, page_file)
    ends = page.evaluate(
        """() => [...document.querySelectorAll('.chart svg')].map(svg => {
            const texts = [...svg.querySelectorAll('text')]
                .filter(t => t.textContent.trim().length > 3)
                .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
            texts.sort((a, b) => a[1].top - b[1].top);
            return [texts[0][0], texts[texts.length - 1][0]];
        })"""
    )
    page.close()
    return [(str(a), str(b)) for a, b in ends]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages_text(pdf: Path) -> list[str]:
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    return [_squash(_run("pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"))
            for i in range(1, pages + 1)]  # fmt: skip


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("paper", "size"), [("A4", "(A4)"), ("Letter", "(letter)")])
def test_the_printed_pdf_keeps_every_chart_on_one_page(
    browser: Any, demo_report: tuple[Path, Any], tmp_path: Path, paper: str, size: str
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm not found: install poppler-utils (.ci/run does)")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(print_pdf(demo_report[0].read_text(encoding="utf-8"), paper))  # type: ignore[arg-type]
    assert size in _run("pdfinfo", str(pdf))
    pages = _pages_text(pdf)
    assert 3 <= len(pages) <= 80
    # every page carries ink: pdftoppm's greyscale rendering is not all white
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == len(pages)
    for image in images:
        pixels = image.read_bytes().split(b"\n", 3)[3]
        assert min(pixels) < 200, f"{image.name} is blank"
    # walking the pages in order, each chart's title and its last text are on one page
    page, at = 0, 0
    for title, last in _chart_ends(browser, demo_report[0]):
        start = _find(pages, _squash(title), page, at)
        end = _find(pages, _squash(last), start[0], start[1])
        assert start[0] == end[0], f"chart {title!r} split over pages {start[0] + 1}-{end[0] + 1}"
        page, at = start


def _find(pages: list[str], text: str, page: int, at: int) -> tuple[int, int]:
    for i in range(page, len(pages)):
        found = pages[i].find(text, at if i == page else 0)
        if found >= 0:
            return i, found + len(text)
    raise AssertionError(f"{text!r} not found in the PDF after page {page + 1}")


def test_report_pdf_through_the_cli(tmp_path: Path) -> None:
    require_chromium()
    from typer.testing import CliRunner

    from pipeline_doctor.cli.app import app

    db = tmp_path / "d.duckdb"
    runner = CliRunner()
    made = runner.invoke(app, ["demo", "--db", str(db), "--deals", "600", "--no-diagnose"])
    assert made.exit_code == 0, made.output
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    args = ["report", "--db", str(db), "-o", str(html), "--pdf", str(pdf), "--paper", "Letter"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "(letter)" in _run("pdfinfo", str(pdf))
    bad = runner.invoke(app, ["report", "--db", str(db), "-o", str(html), "--paper", "A3"])
    assert bad.exit_code != 0
    assert "--paper 'A3' is not known" in str(bad.exception)


def test_a_diagnosis_shows_itself_as_the_report_in_a_notebook(
    demo_report: tuple[Path, Any],
) -> None:
    import html

    diagnosis = demo_report[1]
    shown = diagnosis._repr_html_()
    assert shown.startswith("<iframe srcdoc=")
    page = html.unescape(shown.split('srcdoc="', 1)[1].rsplit('" style=', 1)[0])
    assert page.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in page[:2000]
    assert html.escape(diagnosis.headline, quote=False) in page
    assert 'id="headline-figures"' in page
    assert page.count('class="finding"') == len(diagnosis.findings)
