"""Time FFD and BFD placement for 1,000 / 10,000 / 100,000 seeded VMs (prints figures).

Run: ``.venv/bin/python benchmarks/placement.py``. Each size is timed a few times and the best run
is kept; both the CPU time of the process (robust when the machine is busy) and the wall time are
printed. The last column compares growth with n log n: CPU ``t(n) / (n log n)`` relative to the
smallest size (1.0 = exactly n log n; a quadratic algorithm would grow tenfold per step).
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hvlab.sim.core.placement import PlacementItem, place
from hvlab.sim.core.traces import load_planetlab

SIZES = (1_000, 10_000, 100_000)
HOST_CPU = 32.0
HOST_RAM_GIB = 256.0
SEED = 2026


def _vms(count: int, seed: int = SEED) -> list[PlacementItem]:
    rng = random.Random(seed)
    return [
        PlacementItem(f"vm{i}", rng.choice((1, 2, 2, 4, 4, 8)) * rng.uniform(0.2, 1.0),
                      rng.choice((1, 2, 4, 8, 16, 32)))
        for i in range(count)
    ]  # fmt: skip


def _best_time(
    items: list[PlacementItem], algorithm: str, repeats: int
) -> tuple[float, float, int, int]:
    best_cpu = best_wall = math.inf
    hosts = bound = 0
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = place(items, host_cpu=HOST_CPU, host_ram_gib=HOST_RAM_GIB, algorithm=algorithm)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        best_wall = min(best_wall, time.perf_counter() - start_wall)
        hosts, bound = result.hosts_used, result.lower_bound
    return best_cpu, best_wall, hosts, bound


def main() -> None:
    print(f"Python {sys.version.split()[0]}, hosts {HOST_CPU:g} cores / {HOST_RAM_GIB:g} GiB, "
          f"target 0.8, seed {SEED}")  # fmt: skip
    print(
        f"{'algorithm':>9} {'VMs':>8} {'CPU (s)':>8} {'wall (s)':>9} {'hosts':>6} {'bound':>6} "
        f"{'t/(n log n)':>12}"
    )
    for algorithm in ("ffd", "bfd"):
        reference = 0.0
        for count in SIZES:
            items = _vms(count)
            cpu_s, wall_s, hosts, bound = _best_time(items, algorithm, 3 if count <= 10_000 else 1)
            per_nlogn = cpu_s / (count * math.log(count))
            reference = reference or per_nlogn
            print(
                f"{algorithm:>9} {count:>8,} {cpu_s:>8.3f} {wall_s:>9.3f} {hosts:>6} {bound:>6} "
                f"{per_nlogn / reference:>12.2f}"
            )
    planetlab = Path(__file__).resolve().parent.parent.parent / "shared/data/planetlab/20110303.csv"
    if planetlab.is_file():
        start = time.perf_counter()
        day = load_planetlab(planetlab)
        print(
            f"PlanetLab 20110303: {len(day)} traces loaded in {time.perf_counter() - start:.3f} s"
        )


if __name__ == "__main__":
    main()
