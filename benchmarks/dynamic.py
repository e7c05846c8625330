"""Time THR-MMT-0.8 on the PlanetLab day 20110303 (800 hosts, 1052 VMs, 24 h), beside CloudSim.

Run: ``.venv/bin/python benchmarks/dynamic.py [--policy thr-mmt] [--param 0.8] [--repeats 1]``.
Prints the wall time and the CPU time of the simulation (CPU time is the robust figure when the
machine is busy), the peak memory traced by ``tracemalloc`` during separate runs and the
process's maximum resident size, next to the 21 s CloudSim 3.0.3 takes on the project's 2-core
machines (REFERENCES.md). Loading the CSV is timed apart.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hvlab.sim.core.traces import load_planetlab
from hvlab.sim.dynamic import cloudsim_scenario, run_policy

TRACE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "planetlab"
CLOUDSIM_WALL_S = 21.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trace", default=str(TRACE / "20110303.csv"))
    parser.add_argument("--policy", default="thr-mmt")
    parser.add_argument("--param", type=float, default=0.8)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()

    start = time.perf_counter()
    traces = [w.cpu for w in load_planetlab(args.trace)]
    scenario = cloudsim_scenario(traces)
    load_s = time.perf_counter() - start

    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(args.repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_policy(scenario, args.policy, args.param)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    assert result is not None

    tracemalloc.start()
    run_policy(scenario, args.policy, args.param)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    traces_again = [w.cpu for w in load_planetlab(args.trace)]
    run_policy(cloudsim_scenario(traces_again), args.policy, args.param)
    _, peak_all = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"policy            {result.policy} ({result.hosts} hosts, {result.vms} VMs)")
    print(f"energy            {result.energy_kwh:.2f} kWh (CloudSim 3.0.3: 198.08 for THR-MMT-0.8)")
    print(f"migrations        {result.migrations} (CloudSim 3.0.3: 27,728)")
    print(f"SLATAH / PDM      {result.slatah:.4%} / {result.pdm:.4%}; SLAV {result.slav:.5%}")
    print(f"load CSV          {load_s:.2f} s")
    print(f"simulation wall   {best_wall:.2f} s   (CloudSim 3.0.3: {CLOUDSIM_WALL_S:.0f} s)")
    print(f"simulation CPU    {best_cpu:.2f} s")
    print(f"speed-up (wall)   {CLOUDSIM_WALL_S / best_wall:.1f} x")
    print(f"peak traced mem.  {peak / 2**20:.1f} MiB (tracemalloc, simulation only)")
    print(f"                  {peak_all / 2**20:.1f} MiB (tracemalloc, loading the CSV included)")
    print(f"max RSS           {max_rss_mib:.1f} MiB (whole process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
