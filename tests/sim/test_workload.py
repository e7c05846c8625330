"""Workloads and their seeded generators."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.workload import DAY_SAMPLES, Workload, bursty, constant, diurnal


@pytest.mark.parametrize("generator", [constant, diurnal, bursty])
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42])
def test_defaults_match_the_utilisation_of_dedicated_servers(generator: object, seed: int) -> None:
    # REFERENCES.md: 6–12 % (secondary sources), 5–10 % (course notes) → 5–12 %.
    workload = generator() if generator is constant else generator(seed=seed)  # type: ignore[operator]
    assert 0.05 <= workload.mean_cpu <= 0.12
    assert len(workload) == DAY_SAMPLES and workload.interval_s == 300.0


@pytest.mark.parametrize("generator", [diurnal, bursty])
def test_same_seed_same_series_other_seed_other_series(generator: object) -> None:
    make = generator
    assert make(seed=5).cpu == make(seed=5).cpu  # type: ignore[operator]
    assert make(seed=5).cpu != make(seed=6).cpu  # type: ignore[operator]


def test_diurnal_peaks_at_the_requested_hour() -> None:
    workload = diurnal(0.3, 0.2, peak_hour=14, noise=0.0)
    peak_index = workload.cpu.index(workload.peak_cpu)
    assert peak_index * 300 / 3600 == pytest.approx(14.0)
    assert workload.peak_cpu == pytest.approx(0.5)


def test_bursty_reaches_the_burst_level() -> None:
    workload = bursty(0.05, 0.6, burst_probability=0.5, seed=1)
    assert workload.peak_cpu == pytest.approx(0.6)


def test_summary_statistics() -> None:
    workload = Workload(cpu=(0.1, 0.2, 0.3, 0.4), ram=(0.5, 0.5, 0.5, 1.0), interval_s=60)
    assert workload.mean_cpu == pytest.approx(0.25)
    assert workload.peak_cpu == 0.4
    assert workload.mean_ram == pytest.approx(0.625)
    assert workload.percentile_cpu(50) == 0.2
    assert workload.percentile_cpu(100) == 0.4
    assert workload.duration_s == 240
    assert workload.cpu_at(61) == 0.2
    assert workload.cpu_at(240) == 0.1  # wraps around
    assert workload.scaled(2).cpu == (0.2, 0.4, 0.6, 0.8)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"cpu": ()}, "vide"),
        ({"cpu": (0.1, 1.5)}, "n° 2 vaut 1.5"),
        ({"cpu": (0.1,), "ram": (0.1, 0.2)}, "même longueur"),
        ({"cpu": (0.1,), "interval_s": 0}, "intervalle invalide"),
    ],
)
def test_invalid_workloads_are_refused_in_french(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SimulationError, match=fragment):
        Workload(**kwargs)  # type: ignore[arg-type]


def test_constant_with_ram() -> None:
    workload = constant(0.1, samples=3, ram=0.25)
    assert workload.cpu == (0.1, 0.1, 0.1) and workload.ram == (0.25, 0.25, 0.25)
