"""The report printed to PDF by headless Chromium's own print (`--print-to-pdf`): the same
engine the browser tests use, no Python browser driver needed at run time. The report's print
stylesheet keeps charts and cards whole; `paper` sets the page size (A4 or Letter)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.views.screenshot import CHROMIUM_ARGS, CHROMIUM_PATH

Paper = Literal["A4", "Letter"]
PRINT_SECONDS = 180


def chromium() -> str:
    """The Chromium to print with, or a clear error saying how to get one."""
    for candidate in (CHROMIUM_PATH, "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    raise PipelineDoctorError(
        "Printing the report to PDF needs Chromium, and none was found.",
        "Install it (Debian/Ubuntu: apt install chromium), or open the HTML report in any "
        "browser and print it to PDF from there.",
    )


def with_paper(html: str, paper: Paper) -> str:
    """The report with its page size set for print."""
    return html.replace("@page {", f"@page {{ size: {paper};", 1)


def print_pdf(html: str, paper: Paper = "A4") -> bytes:
    """The PDF of `html` as Chromium prints it on `paper`."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="pipeline-doctor-pdf-") as folder:
        page, out = Path(folder, "report.html"), Path(folder, "report.pdf")
        page.write_text(with_paper(html, paper), encoding="utf-8")
        command = [
            browser, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, timeout=PRINT_SECONDS, check=False)
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
            raise PipelineDoctorError(
                "Chromium could not print the report to PDF.",
                "Its last words: " + " / ".join(tail) if tail else "It printed nothing.",
            )
        return out.read_bytes()
