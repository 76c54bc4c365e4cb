"""`pipeline-doctor --help` must answer at once: no heavy library is imported to show it."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("ibis", "duckdb", "pyarrow", "pandas", "numpy", "sklearn", "vl_convert", "playwright")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from pipeline_doctor.cli.app import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []
