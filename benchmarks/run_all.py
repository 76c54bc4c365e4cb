"""`make bench`: run every benchmark script in this folder; each prints one JSON line per figure.

Pass --quick to use small sizes only (a smoke run); the default sizes are the targets' sizes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        args = [sys.executable, str(script)] + (["--quick"] if quick else [])
        print(f"# {script.name}", flush=True)
        failures += subprocess.call(args) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
