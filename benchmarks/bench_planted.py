"""Recall and precision of each check against planted broken links over 10 seeds, and false
findings on healthy orgs (DESIGN section 8: at least 0.95; no broken link on a healthy org,
and no difference between won and lost deals on an attribute the simulation gives no effect).

    python benchmarks/bench_planted.py [--quick] [--seeds 10] [--deals 3000]

Prints a table, then one JSON line per planted kind."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline_doctor.checks import CheckContext, Finding, build_registry, run_check
from pipeline_doctor.checks.evaluate import PLANT_CHECKS, TARGET_KEYS, UNCAPPED, Score, score
from pipeline_doctor.simulate import PLANT_KINDS, Plant, SimulationConfig, simulate_into
from pipeline_doctor.store import Store

NO_EFFECT = (
    "deals.product", "deals.pipeline", "deals.amount", "reps.team", "accounts.employees",
    "accounts.annual_revenue", "accounts.region", "accounts.country", "accounts.reach",
)  # fmt: skip
"""Attributes the simulation's outcome model gives no effect on winning."""


def findings_of(store: Store, as_of: Any = None) -> list[Finding]:
    registry = build_registry(UNCAPPED)
    with CheckContext(store, as_of=as_of, checks=registry) as ctx:
        return [f for c in registry.values() for f in run_check(c, ctx).findings]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 seeds")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--deals", type=int, default=3000)
    args = parser.parse_args()
    seeds = range(1, 1 + (3 if args.quick else args.seeds))
    kinds = tuple(PLANT_CHECKS)
    totals = {k: [0, 0, 0] for k in kinds}
    healthy_false = dict.fromkeys(kinds, 0)
    healthy_links: list[str] = []
    false_drivers: list[str] = []
    drivers = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            plants = tuple(Plant(k) for k in kinds)
            with Store.open(Path(tmp) / f"p{seed}.duckdb") as store:
                config = SimulationConfig(
                    deals=args.deals, seed=seed, plants=plants, wording="held_out"
                )
                truth = simulate_into(store, config)
                found = findings_of(store, config.as_of)
            with Store.open(Path(tmp) / f"h{seed}.duckdb") as store:
                config = SimulationConfig(
                    deals=args.deals, seed=seed, plants=(), wording="held_out"
                )
                simulate_into(store, config)
                healthy = findings_of(store, config.as_of)
            for k in kinds:
                s = score(k, found, truth.plants)
                totals[k][0] += s.truth
                totals[k][1] += s.reported
                totals[k][2] += s.found
                key = TARGET_KEYS[PLANT_KINDS[k][1]]
                healthy_false[k] += score(k, healthy, (), key=key).reported
            healthy_links += [f"seed {seed}: {f.id}" for f in healthy if f.kind == "link"]
            found_drivers = [f for f in healthy if f.kind == "driver"]
            drivers += len(found_drivers)
            false_drivers += [
                f"seed {seed}: {f.id}"
                for f in found_drivers
                if str(f.scope.key).partition("=")[0] in NO_EFFECT
            ]
            print(f"# seed {seed} done", file=sys.stderr, flush=True)
    print(
        f"{'kind':28} {'check':28} {'truth':>6} {'found':>6} {'recall':>7} {'precision':>9} "
        f"{'healthy FP':>10}"
    )
    for k in kinds:
        s = Score(k, PLANT_CHECKS[k], *totals[k])
        print(
            f"{k:28} {s.check:28} {s.truth:>6} {s.found:>6} {s.recall:>7.2f} "
            f"{s.precision:>9.2f} {healthy_false[k]:>10}"
        )
    print(f"healthy orgs: {len(healthy_links)} broken links, {drivers} differences between won and "
          f"lost deals, {len(false_drivers)} of them on attributes with no effect")  # fmt: skip
    for line in healthy_links + false_drivers:
        print("  ", line)
    print(
        json.dumps(
            {
                "bench": "planted_healthy",
                "seeds": len(seeds),
                "broken_links": len(healthy_links),
                "drivers": drivers,
                "drivers_without_effect": len(false_drivers),
            }
        )
    )
    for k in kinds:
        s = Score(k, PLANT_CHECKS[k], *totals[k])
        print(
            json.dumps(
                {
                    "bench": "planted",
                    "kind": k,
                    "check": s.check,
                    "seeds": len(seeds),
                    "truth": s.truth,
                    "reported": s.reported,
                    "found": s.found,
                    "recall": round(s.recall, 3),
                    "precision": round(s.precision, 3),
                    "healthy_false_findings": healthy_false[k],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
