"""Time building and reporting a generated scenario (hosts × VMs), as ``hvlab sim scenario`` does.

Run: ``.venv/bin/python benchmarks/scenario_report.py [--hosts 8] [--vms 200]``.
Prints the time to validate and build the scenario, and to compute its report (every pair of VMs
for reachability, every VM towards every other host for vMotion).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hvlab.sim.world.scenario import scenario_from_dict


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
                "name": f"vm{index:03d}",
                "host": names[index % hosts],
                "disks": [{"name": "d.vmdk", "datastore": "san", "size_gib": 40, "used_gib": 10}],
                "nics": [{"port_group": f"VLAN{(10, 20, 30)[index % 3]}"}],
            }
            for index in range(vms)
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--vms", type=int, default=200)
    args = parser.parse_args()
    data = generated(args.hosts, args.vms)
    start = time.perf_counter()
    scenario = scenario_from_dict(data)
    built = time.perf_counter()
    report = scenario.report()
    done = time.perf_counter()
    print(f"{args.hosts} hosts, {args.vms} VMs")
    print(f"build:  {built - start:.3f} s")
    print(
        f"report: {done - built:.3f} s ({len(report.reachability)} VM pairs, "
        f"{len(report.vmotion)} vMotion checks)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
