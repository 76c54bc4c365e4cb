"""Import throughput on the sample organisation exported to CSV, and the round trip: export the
simulated org, re-import it with the generated mapping, diagnose both, compare the findings.

    python benchmarks/bench_roundtrip.py                # 1M deals (about 47M CSV rows)
    python benchmarks/bench_roundtrip.py --quick        # 20k deals
    python benchmarks/bench_roundtrip.py --deals 100000

The baseline, measured in the same run, is DuckDB's own read_csv counting the rows of the same
files (parsing only: no checks, no rejects, nothing written). Import and diagnosis each run in
their own process so peak RSS is their own. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_diagnose import CACHE, ensure_org

TARGET_ROWS_PER_S = 500_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_export(deals: int) -> Path:
    """The org of `deals` deals exported to CSV once (cached next to the org)."""
    folder = CACHE / f"csv_{deals}"
    if (folder / "mapping.toml").exists():
        return folder
    from pipeline_doctor.exporters.tables import export_tables
    from pipeline_doctor.store import Store

    with Store.open(ensure_org(deals)) as store:
        export_tables(store, folder, "csv")
    return folder


def baseline_seconds(folder: Path) -> tuple[float, int]:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        counted = con.execute(
            "SELECT count(*) FROM read_csv(?, all_varchar = true, header = true)", [str(path)]
        ).fetchone()
        rows += int(counted[0]) if counted else 0
    con.close()
    return time.perf_counter() - started, rows


def worker_import(folder: Path, db: Path) -> None:
    from pipeline_doctor.importers.core.mapping import load_mapping
    from pipeline_doctor.importers.generic.read import import_csv
    from pipeline_doctor.store import Store

    db.unlink(missing_ok=True)
    started = time.perf_counter()
    with Store.open(db) as store:
        result = import_csv(
            store, sorted(folder.glob("*.csv")), load_mapping(folder / "mapping.toml")
        )
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows_read": result.rows_read,
                "rows_loaded": result.rows_loaded,
                "rows_rejected": result.rows_rejected,
                "peak_mb": _peak_mb(),
            }
        )
    )


def worker_findings(db: Path) -> None:
    from pipeline_doctor.diagnosis.run import run_diagnosis
    from pipeline_doctor.store import Store

    with Store.open(db) as store:
        diagnosis = run_diagnosis(store)
    findings = sorted(
        [
            f.check,
            f.scope.key or "",
            f.title,
            f.evidence.affected,
            f.evidence.population,
            None if f.impact.money is None else round(f.impact.money, 2),
        ]
        for f in diagnosis.findings
    )
    print(json.dumps({"findings": findings}))


def _run(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 deals")
    parser.add_argument("--worker", choices=("import", "findings"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "import":
        worker_import(args.folder, args.db)
        return 0
    if args.worker == "findings":
        worker_findings(args.db)
        return 0
    deals = 20_000 if args.quick else args.deals
    folder = ensure_export(deals)
    size_mb = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
    base_s, base_rows = baseline_seconds(folder)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        copy = Path(tmp) / "reimported.duckdb"
        imported = _run("--worker", "import", "--folder", str(folder), "--db", str(copy))
        same = (
            _run("--worker", "findings", "--db", str(ensure_org(deals)))["findings"]
            == _run("--worker", "findings", "--db", str(copy))["findings"]
        )
    seconds = float(imported["seconds"])  # type: ignore[arg-type]
    rows = int(imported["rows_read"])  # type: ignore[call-overload]
    record = {
        "bench": "import_roundtrip",
        "deals": deals,
        "csv_mb": round(size_mb),
        "rows": rows,
        "baseline_rows": base_rows,
        "import_s": round(seconds, 1),
        "import_rows_per_s": round(rows / seconds),
        "baseline_s": round(base_s, 1),
        "baseline_rows_per_s": round(base_rows / base_s),
        "ratio_vs_duckdb": round(seconds / base_s, 1),
        "peak_mb": round(float(imported["peak_mb"])),  # type: ignore[arg-type]
        "rejected": imported["rows_rejected"],
        "same_findings": same,
        "target_rows_per_s": TARGET_ROWS_PER_S,
    }
    print(
        f"{'deals':>10} {'rows':>12} {'CSV MB':>8} {'import s':>9} {'rows/s':>9} "
        f"{'DuckDB s':>9} {'ratio':>6} {'peak MB':>8} {'same findings':>14}"
    )
    print(
        f"{deals:>10,} {rows:>12,} {size_mb:>8,.0f} {seconds:>9.1f} {rows / seconds:>9,.0f} "
        f"{base_s:>9.1f} {seconds / base_s:>6.1f} {record['peak_mb']:>8,} {same!s:>14}"
    )
    print(json.dumps(record))
    return 0 if same and base_rows == rows else 1


if __name__ == "__main__":
    sys.exit(main())
