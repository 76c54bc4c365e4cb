"""`diagnose` time and peak memory at given sizes, next to the same core aggregates written as
plain DuckDB SQL — the per-deal facts, the per-check aggregates and the won-against-lost
comparisons by attribute (the ratio is the figure; DESIGN section 8: within 3x, under 15 s at
1M deals).

    python benchmarks/bench_diagnose.py                 # 100k and 1M deals
    python benchmarks/bench_diagnose.py --quick         # 20k deals
    python benchmarks/bench_diagnose.py --deals 300000  # one size

Each measurement runs in its own process so peak RSS is its own. Orgs are simulated once per
size into $PIPELINE_DOCTOR_BENCH_CACHE (default: a folder in the system temp dir) and reused.
Prints a table and one JSON line per size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(
    os.environ.get(
        "PIPELINE_DOCTOR_BENCH_CACHE", Path(tempfile.gettempdir()) / "pipeline-doctor-bench"
    )
)

PLAIN_SQL = """
CREATE TEMP TABLE acts AS
SELECT deal, count(*) AS n_activities,
  sum((kind IN ('call','email','meeting'))::INT) AS n_touches,
  sum((kind IN ('call','email','meeting') AND direction = 'outbound')::INT) AS n_outbound,
  sum((kind IN ('call','email','meeting') AND (direction = 'inbound' OR outcome = 'replied'))::INT)
    AS n_inbound,
  sum((kind IN ('call','email','meeting') AND direction = 'outbound'
       AND outcome IN ('no_answer','voicemail','bounced','no_show'))::INT) AS n_unanswered,
  sum((kind = 'meeting' AND (outcome IS NULL OR outcome = 'held'))::INT) AS n_meetings,
  min(contact) AS contact_min, max(contact) AS contact_max, max("at") AS last_at
FROM activities WHERE deal IS NOT NULL GROUP BY deal;
CREATE TEMP TABLE hist AS
SELECT deal, sum((field = 'expected_close' AND new_value > old_value)::INT) AS n_pushes,
  sum((field = 'outcome' AND new_value = 'open' AND old_value IN ('won','lost'))::INT) AS n_reopens
FROM field_changes GROUP BY deal;
CREATE TEMP TABLE visits AS
SELECT sc.deal, d.outcome, sc.to_stage AS stage, s.stage_order, s.closed, sc."at" AS entered_at,
  lead(sc."at") OVER (PARTITION BY sc.deal ORDER BY sc."at", sc.to_stage) AS left_at
FROM stage_changes sc JOIN deals d ON d.id = sc.deal
LEFT JOIN stages s ON s.name = sc.to_stage AND s.pipeline = 'default';
CREATE TEMP TABLE facts AS
SELECT d.*, coalesce(a.n_outbound, 0) AS n_outbound, coalesce(a.n_inbound, 0) AS n_inbound,
  coalesce(a.n_unanswered, 0) AS n_unanswered, coalesce(a.n_meetings, 0) AS n_meetings,
  coalesce(h.n_pushes, 0) AS n_pushes, coalesce(h.n_reopens, 0) AS n_reopens, r.reached_order,
  r.entered_at
FROM deals d LEFT JOIN acts a ON a.deal = d.id LEFT JOIN hist h ON h.deal = d.id
LEFT JOIN (SELECT deal, max(CASE WHEN NOT closed THEN stage_order END) AS reached_order,
           max(entered_at) AS entered_at FROM visits GROUP BY deal) r ON r.deal = d.id;
SELECT rep, source, count(*), sum((outcome = 'won')::INT) FROM facts GROUP BY ALL;
SELECT stage, quantile_cont(epoch(left_at) - epoch(entered_at), 0.9) FROM visits
  WHERE outcome = 'won' AND left_at IS NOT NULL GROUP BY stage;
SELECT f.rep, count(*), sum((m.next_step IS NULL)::INT)
  FROM activities m JOIN facts f ON f.id = m.deal
  WHERE m.kind = 'meeting' GROUP BY f.rep;
SELECT a.industry, a.reach, a.price_sensitivity, count(*), sum((f.outcome = 'won')::INT)
  FROM facts f JOIN accounts a ON a.id = f.account GROUP BY ALL;
SELECT f.rep, count(DISTINCT c.id) FROM activities x JOIN contacts c ON c.id = x.contact
  JOIN facts f ON f.id = x.deal WHERE f.reached_order >= 3 GROUP BY f.rep;
SELECT outcome, sum((n_meetings = 0)::INT), sum((n_pushes >= 2)::INT) FROM facts GROUP BY outcome;
SELECT rep, count(*) FROM facts WHERE outcome = 'open' AND n_outbound > 3 * (n_inbound + 1)
  GROUP BY rep;
CREATE TEMP TABLE wide AS SELECT f.*, r.team, a.industry, a.region, a.country, a.reach,
  a.price_sensitivity, a.innovation_appetite, a.employees, a.annual_revenue
  FROM facts f LEFT JOIN reps r ON r.id = f.rep LEFT JOIN accounts a ON a.id = f.account;
"""

WON_LOST = "count(*) FILTER (outcome = 'won'), count(*) FILTER (outcome = 'lost')"
GROUPS = {
    "product": "product",
    "rep": "rep",
    "team": "team",
    "source": "source",
    "budget": "budget",
    "region": "region",
    "reach": "reach",
    "size": "(employees < 250)",
    "amount": "(amount <= (SELECT quantile_cont(amount, 0.5) FROM wide))",
    "age": "(epoch(created_at) > (SELECT quantile_cont(epoch(created_at), 0.5) FROM wide))",
}
PLAIN_SQL += (
    " UNION ALL ".join(
        f"SELECT '{name}', {expr}::VARCHAR, {WON_LOST} FROM wide GROUP BY 2"
        for name, expr in GROUPS.items()
    )
    + ";"
)
"""The won-against-lost comparisons: win and loss counts per value of each attribute."""


def _peak_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: the latter can carry over the parent's
    peak across fork/exec, which made both measurements report the simulator's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, db: str) -> None:
    """Measure one run in this process and print {seconds, peak_mb} as JSON."""
    started = time.perf_counter()
    if kind in ("diagnose", "dated"):
        from pipeline_doctor.diagnosis import run_diagnosis
        from pipeline_doctor.store import Store

        with Store.open(db, create=False) as store:
            store.execute("SET enable_progress_bar = false")
            run_diagnosis(store, dated=kind == "dated")
    else:
        import duckdb

        con = duckdb.connect(db, read_only=True)
        con.execute("SET enable_progress_bar = false")
        for statement in PLAIN_SQL.split(";"):
            if statement.strip():
                con.execute(statement).fetchall()
        con.close()
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}))


def ensure_org(deals: int) -> Path:
    """Simulate an org of `deals` deals once and keep it in the cache folder."""
    CACHE.mkdir(parents=True, exist_ok=True)
    from pipeline_doctor.model.schema import SCHEMA_VERSION
    from pipeline_doctor.simulate import SimulationConfig, simulate_into
    from pipeline_doctor.store import Store

    path = CACHE / f"org_{deals}_v{SCHEMA_VERSION}.duckdb"
    if path.exists():
        return path
    tmp = path.with_name(f"{path.stem}.partial.duckdb")  # renamed once complete
    tmp.unlink(missing_ok=True)
    with Store.open(tmp) as store:
        simulate_into(store, SimulationConfig(deals=deals, seed=1))
    tmp.rename(path)
    return path


def measure(kind: str, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--deals", type=int, action="append")
    parser.add_argument("--worker", choices=("diagnose", "dated", "sql"))
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.db)
        return 0
    sizes = args.deals or ([20_000] if args.quick else [100_000, 1_000_000])
    print(
        f"{'deals':>10} {'activities':>12} {'diagnose s':>11} {'SQL s':>7} {'ratio':>6} "
        f"{'diagnose MB':>12} {'SQL MB':>7} {'dated s':>8} {'dated ratio':>12}"
    )
    for deals in sizes:
        db = ensure_org(deals)
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        activities = con.execute("SELECT count(*) FROM activities").fetchone()[0]  # type: ignore[index]
        con.close()
        sql = measure("sql", db)
        dx = measure("diagnose", db)
        dated = measure("dated", db)  # what diagnose and report run: findings dated too
        ratio = dx["seconds"] / sql["seconds"]
        print(
            f"{deals:>10,} {activities:>12,} {dx['seconds']:>11.2f} {sql['seconds']:>7.2f} "
            f"{ratio:>6.2f} {dx['peak_mb']:>12.0f} {sql['peak_mb']:>7.0f} "
            f"{dated['seconds']:>8.2f} {dated['seconds'] / sql['seconds']:>12.2f}"
        )
        print(
            json.dumps(
                {
                    "bench": "diagnose",
                    "deals": deals,
                    "activities": activities,
                    "diagnose_s": round(dx["seconds"], 3),
                    "sql_s": round(sql["seconds"], 3),
                    "ratio": round(ratio, 2),
                    "diagnose_peak_mb": round(dx["peak_mb"]),
                    "sql_peak_mb": round(sql["peak_mb"]),
                    "dated_s": round(dated["seconds"], 3),
                    "dated_ratio": round(dated["seconds"] / sql["seconds"], 2),
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
