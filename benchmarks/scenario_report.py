"""Time and memory of ``hvlab sim scenario`` on generated scenarios, size by size.

Run: ``.venv/bin/python benchmarks/scenario_report.py [--hosts 16] [--vms 500 1000 …]``.
For each size, a fresh child process validates and builds the scenario, computes its report
(the summary by class of the reachability between VMs — every pair listed only up to
``FULL_PAIRS_MAX_VMS`` VMs —, every VM towards every other host for vMotion) and turns it into
JSON as ``--json`` does. The table gives the CPU time of each step (``time.process_time``, so a
loaded machine stretches it less than the wall clock) and the child's peak resident memory.
A size that takes longer than ``--timeout`` seconds of wall time is stopped and shown as such,
so the default run stays bounded. Note the machine's load (printed first) beside the figures.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (500, 1000, 2000, 5000, 10_000)


def generated(hosts: int, vms: int) -> dict[str, Any]:
    """Identical hosts with two 25 Gbit/s uplinks, VMs spread over three VLANs and one SAN."""
    names = [f"esx{index:02d}" for index in range(hosts)]
    return {
        "name": "généré",
        "hosts": [
            {
                "name": name,
                "cpu": {"vendor": "intel", "generation": "ice-lake"},
                "nics": [
                    {"name": "vmnic0", "speed_gbps": 25},
                    {"name": "vmnic1", "speed_gbps": 25},
                ],
                "vswitches": [
                    {
                        "name": "vSwitch0",
                        "uplinks": ["vmnic0", "vmnic1"],
                        "port_groups": [{"name": f"VLAN{v}", "vlan": v} for v in (10, 20, 30, 40)],
                    }
                ],
                "vmkernel": [
                    {
                        "name": "vmk1",
                        "port_group": "VLAN40",
                        "ip": f"10.0.40.{index + 1}/24",
                        "services": ["vmotion"],
                    }
                ],
            }
            for index, name in enumerate(names)
        ],
        "datastores": [{"name": "san", "type": "fc", "capacity_gib": 100 * vms, "hosts": names}],
        "vms": [
            {
                "name": f"vm{index:05d}",
                "host": names[index % hosts],
                "disks": [{"name": "d.vmdk", "datastore": "san", "size_gib": 40, "used_gib": 10}],
                "nics": [{"port_group": f"VLAN{(10, 20, 30)[index % 3]}"}],
            }
            for index in range(vms)
        ],
    }


def measure(hosts: int, vms: int) -> dict[str, Any]:
    """Build, report and serialise one scenario in this process; CPU seconds and peak memory."""
    from hvlab.sim.world.scenario import scenario_from_dict

    data = generated(hosts, vms)
    start = time.process_time()
    scenario = scenario_from_dict(data)
    built = time.process_time()
    report = scenario.report()
    reported = time.process_time()
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    serialised = time.process_time()
    summary = report.reachability_summary
    assert summary is not None
    return {
        "vms": vms,
        "build_s": built - start,
        "report_s": reported - built,
        "json_s": serialised - reported,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pairs": summary.pairs,
        "listed": len(report.reachability),
        "classes": len(summary.classes),
        "vmotion": len(report.vmotion),
        "json_mib": len(text.encode()) / 2**20,
    }


def _child(hosts: int, vms: int, timeout: float) -> dict[str, Any] | None:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--hosts", str(hosts), "--vms", str(vms)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=16)
    parser.add_argument("--vms", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="wall seconds allowed per size"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.hosts, args.vms[0])))
        return 0
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{args.hosts} hosts; load average (1, 5, 15 min): {load}; {os.cpu_count()} CPUs")
    header = (
        f"{'VMs':>6} {'build s':>8} {'report s':>9} {'JSON s':>7} {'peak MiB':>9} "
        f"{'pairs':>11} {'listed':>7} {'classes':>7} {'vMotion':>8} {'JSON MiB':>9}"
    )
    print(header)
    print("-" * len(header))
    previous: dict[str, Any] | None = None
    for vms in args.vms:
        row = _child(args.hosts, vms, args.timeout)
        if row is None:
            print(f"{vms:>6} stopped after {args.timeout:.0f} s of wall time")
            continue
        print(
            f"{row['vms']:>6} {row['build_s']:>8.3f} {row['report_s']:>9.3f} "
            f"{row['json_s']:>7.3f} {row['peak_mib']:>9.1f} {row['pairs']:>11} "
            f"{row['listed']:>7} {row['classes']:>7} {row['vmotion']:>8} {row['json_mib']:>9.1f}"
        )
        previous = row
    if previous is not None:
        print("(CPU seconds; peak resident memory of the child process, interpreter included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
