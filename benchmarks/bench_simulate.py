"""Throughput and memory of the sample-organisation simulator, one child process per size.

    python benchmarks/bench_simulate.py [--sizes 10000,100000,1000000] [--quick]

Each size runs in a fresh child process (so peak RSS is that size's alone) that simulates into
a new temporary DuckDB file, with the simulator's defaults for that size, and prints one JSON
line: {"bench": "simulate", "deals", "activities", "rows", "seconds", "deals_per_s",
"rows_per_s", "peak_rss_mb"}. The temporary files are deleted afterwards."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_FLAG = "--child-deals"


def child(deals: int, seed: int) -> int:
    """Simulate `deals` deals into a fresh store and print the measurement as JSON."""
    from pipeline_doctor.simulate import SimulationConfig, simulate_into
    from pipeline_doctor.store import Store

    with tempfile.TemporaryDirectory(prefix="bench_simulate_") as tmp:
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            started = time.perf_counter()
            simulate_into(store, SimulationConfig(deals=deals, seed=seed))
            seconds = time.perf_counter() - started
            counts = store.counts()
        rows = sum(counts.values())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "bench": "simulate",
                    "deals": counts["deals"],
                    "activities": counts["activities"],
                    "rows": rows,
                    "seconds": round(seconds, 2),
                    "deals_per_s": round(counts["deals"] / seconds, 1),
                    "rows_per_s": round(rows / seconds, 1),
                    "peak_rss_mb": round(peak_mb, 1),
                }
            ),
            flush=True,
        )
    return 0


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        msg = f"sizes must be integers separated by commas: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if not sizes or any(s < 10 for s in sizes):
        raise argparse.ArgumentTypeError("give at least one size, each of 10 deals or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("10000,100000,1000000"),
        help="comma-separated deal counts (default 10000,100000,1000000)",
    )
    parser.add_argument("--quick", action="store_true", help="only 10000 deals")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(CHILD_FLAG, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_deals is not None:
        return child(args.child_deals, args.seed)
    sizes = [10_000] if args.quick else args.sizes
    failed = 0
    for size in sizes:
        cmd = [sys.executable, __file__, CHILD_FLAG, str(size), "--seed", str(args.seed)]
        done = subprocess.run(cmd, check=False)
        if done.returncode != 0:
            print(f"simulating {size} deals failed (exit {done.returncode})", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
