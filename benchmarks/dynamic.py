"""Time the dynamic consolidation: every policy on one PlanetLab day, then THR-MMT-0.8 scaled up.

Run: ``.venv/bin/python benchmarks/dynamic.py [--day 20110303] [--scales 1,2,5,10] [--policies …]``.

Each measurement runs in a fresh child process (so that its peak memory, the child's maximum
resident size, is its own) and prints the wall time and the CPU time of the simulation alone
(loading the CSV excluded), the energy and the migrations. The machine's load average is printed
first: the project's machine is shared, and under load the CPU time is the steadier figure.

CloudSim 3.0.3 on the same machine (built from its sources, see docs/guide/parite-cloudsim.md):
THR-MMT-0.8 takes 12.7 to 16.4 s of wall time on the day 20110303 when the machine is quiet,
THR-MC-0.8 14 to 30 s, and 470 s for the day scaled five times. The goals: every policy at least
5 times faster than CloudSim, and the day scaled ten times in under 25 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACES = ROOT.parent / "shared" / "data" / "planetlab"
POLICIES = ["npa", "dvfs"] + [
    f"{detector}-{selection}"
    for detector in ("thr", "iqr", "mad", "lr", "lrr")
    for selection in ("mmt", "mu", "mc", "rs")
]


def _child(day: Path, policy: str, scale: int) -> None:
    """Run one simulation and print its figures as JSON (in the child process)."""
    sys.path.insert(0, str(ROOT))
    from hvlab.sim.dynamic.cloudsim import planetlab_scenario, run_policy

    scenario = planetlab_scenario(day, scale=scale)
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_policy(scenario, policy, skip_unplaceable=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "policy": result.policy,
                "vms": result.vms,
                "hosts": result.hosts,
                "energy_kwh": result.energy_kwh,
                "migrations": result.migrations,
                "skipped": result.skipped_vms,
                "wall_s": wall,
                "cpu_s": cpu,
                "max_rss_mib": rss,
            }
        )
    )


def _measure(day: Path, policy: str, scale: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(day), policy, str(scale)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--day", default="20110303", help="PlanetLab day (default 20110303)")
    parser.add_argument("--policies", default=",".join(POLICIES), help="comma-separated list")
    parser.add_argument("--scales", default="1,2,5,10", help="scales for THR-MMT-0.8")
    args = parser.parse_args()
    day = TRACES / f"{args.day}.csv"
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min)")
    print(f"day {args.day}: every policy (VMs by quarters, files in sorted order)")
    print(
        f"{'policy':<16}{'energy kWh':>12}{'migrations':>12}{'wall s':>9}{'CPU s':>8}{'RSS MiB':>9}"
    )
    for policy in [p for p in args.policies.split(",") if p]:
        r = _measure(day, policy, 1)
        print(
            f"{r['policy']:<16}{r['energy_kwh']:>12.2f}{r['migrations']:>12}"
            f"{r['wall_s']:>9.2f}{r['cpu_s']:>8.2f}{r['max_rss_mib']:>9.0f}"
        )
    print(f"\nTHR-MMT-0.8 on day {args.day} scaled k times (VMs and hosts × k)")
    print(f"{'k':>3}{'VMs':>8}{'hosts':>7}{'energy kWh':>12}{'migrations':>12}{'wall s':>9}"
          f"{'CPU s':>8}{'RSS MiB':>9}")  # fmt: skip
    for scale in [int(k) for k in args.scales.split(",") if k]:
        r = _measure(day, "thr-mmt", scale)
        print(
            f"{scale:>3}{r['vms']:>8}{r['hosts']:>7}{r['energy_kwh']:>12.2f}{r['migrations']:>12}"
            f"{r['wall_s']:>9.2f}{r['cpu_s']:>8.2f}{r['max_rss_mib']:>9.0f}"
        )
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"\nload average at the end: {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
