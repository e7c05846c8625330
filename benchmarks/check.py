"""How long ``hvlab check`` takes on the whole course. Prints figures; asserts nothing.

Each run is the command as an author types it (a new process: imports included), then the time
of each check as the report gives it. Goal (issue 23): the whole course in 15 s or less on the
project's 2-core machine. The machine's load is printed beside the figures (other engineers share
it).

Usage::

    .venv/bin/python benchmarks/check.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run() -> tuple[float, dict[str, float], int]:
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "hvlab", "check", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    total = time.perf_counter() - start
    report = json.loads(completed.stdout)
    return total, report["seconds"], len(report["problems"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    totals: list[float] = []
    per_check: dict[str, list[float]] = {}
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        total, seconds, problems = _run()
        totals.append(total)
        for name, value in seconds.items():
            per_check.setdefault(name, []).append(value)
        print(f"run {run}: {total:.2f} s wall ({problems} problems), load average {load:.2f}")
    print(f"\nhvlab check, whole course, {args.runs} runs (cores: {os.cpu_count()})")
    print(f"  wall time: median {statistics.median(totals):.2f} s, max {max(totals):.2f} s")
    print("  per check (median; the labs run alongside the others):")
    for name, values in per_check.items():
        print(f"    {name:<9} {statistics.median(values):6.2f} s")
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
