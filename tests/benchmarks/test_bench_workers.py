"""The benchmark scripts still run against today's code (they are not part of the suite's
timing, but a script that broke silently measures nothing): a tiny org through the same
worker entry points `make bench` uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _worker(script: str, *args: str, cache: Path) -> dict[str, object]:
    env = {**os.environ, "PIPELINE_DOCTOR_BENCH_CACHE": str(cache)}
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=BENCHMARKS,
    )
    parsed: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return parsed


def test_the_roundtrip_worker_lists_the_findings_of_a_cached_org(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        os.environ["PIPELINE_DOCTOR_BENCH_CACHE"] = str(tmp_path)
        import bench_diagnose

        bench_diagnose.CACHE = tmp_path
        db = bench_diagnose.ensure_org(400)
    finally:
        sys.path.remove(str(BENCHMARKS))
        os.environ.pop("PIPELINE_DOCTOR_BENCH_CACHE", None)
    assert db.suffix == ".duckdb"
    assert db.exists()
    assert list(tmp_path.glob("*partial*")) == []
    found = _worker("bench_roundtrip.py", "--worker", "findings", "--db", str(db), cache=tmp_path)
    findings = found["findings"]
    assert isinstance(findings, list)
    assert findings
    assert all(len(row) == 6 for row in findings)
