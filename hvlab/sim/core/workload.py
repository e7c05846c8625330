"""Workloads: demand over time (CPU share and RAM share), and seeded generators.

A `Workload` is a time series sampled every ``interval_s`` seconds. ``cpu[i]`` is the share
of the machine's CPU used during sample ``i`` (a fraction in [0, 1] of the server or VM that runs
it) and ``ram[i]`` the share of its memory in use (empty: all of it, i.e. 1.0).

The generators `constant`, `diurnal` and `bursty` take a seed and always return
the same series for the same arguments. Their defaults describe **one application on its own
physical server**: a mean CPU utilisation between 5 and 12 %, the range reported for
non-virtualised servers (6–12 %, secondary sources; the course notes say 5–10 %, REFERENCES.md).

Examples:
    >>> w = diurnal(seed=1)
    >>> len(w), w.interval_s
    (288, 300.0)
    >>> 0.05 <= w.mean_cpu <= 0.12
    True
"""

from __future__ import annotations

__all__ = [
    "DAY_SAMPLES",
    "Workload",
    "bursty",
    "constant",
    "diurnal",
]

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.fr import number

#: Samples in one day at the PlanetLab (and CloudSim) interval of 300 s.
DAY_SAMPLES = 288


def _check_series(name: str, label: str, values: Sequence[float]) -> None:
    for index, value in enumerate(values):
        if not 0.0 <= value <= 1.0:  # also rejects NaN
            raise SimulationError(
                f"Charge « {name} » : la valeur {label} n° {index + 1} vaut {value!r} ; "
                "elle doit être une fraction entre 0 et 1 (0,25 pour 25 %)."
            )


@dataclass(frozen=True)
class Workload:
    """Demand over time of one application or VM.

    Args:
        cpu: CPU share per sample, fractions in [0, 1].
        ram: memory share per sample, fractions in [0, 1]; empty means 1.0 throughout.
        interval_s: seconds between two samples.
        name: an optional label (the trace's VM name for PlanetLab).

    Raises:
        SimulationError: an empty series, a value outside [0, 1], a non-positive interval, or a
            RAM series of another length than the CPU series.
    """

    cpu: tuple[float, ...]
    ram: tuple[float, ...] = ()
    interval_s: float = 300.0
    name: str = ""

    def __post_init__(self) -> None:
        if not self.cpu:
            raise SimulationError(
                f"Charge « {self.name} » vide : donnez au moins une valeur d'utilisation CPU."
            )
        if not self.interval_s > 0:
            raise SimulationError(
                f"Charge « {self.name} » : intervalle invalide ({self.interval_s!r} s). "
                "Donnez un nombre de secondes positif (300 pour PlanetLab)."
            )
        if self.ram and len(self.ram) != len(self.cpu):
            raise SimulationError(
                f"Charge « {self.name} » : {len(self.ram)} valeurs de mémoire pour "
                f"{len(self.cpu)} valeurs CPU ; les deux séries doivent avoir la même longueur."
            )
        _check_series(self.name, "CPU", self.cpu)
        _check_series(self.name, "mémoire", self.ram)

    def __len__(self) -> int:
        return len(self.cpu)

    @property
    def duration_s(self) -> float:
        """Length of the series, in seconds (samples × interval)."""
        return len(self.cpu) * self.interval_s

    @property
    def mean_cpu(self) -> float:
        """Mean CPU share over the series."""
        return math.fsum(self.cpu) / len(self.cpu)

    @property
    def peak_cpu(self) -> float:
        """Highest CPU share of the series."""
        return max(self.cpu)

    @property
    def mean_ram(self) -> float:
        """Mean memory share over the series (1.0 when no RAM series is given)."""
        return math.fsum(self.ram) / len(self.ram) if self.ram else 1.0

    @property
    def peak_ram(self) -> float:
        """Highest memory share of the series (1.0 when no RAM series is given)."""
        return max(self.ram) if self.ram else 1.0

    def percentile_cpu(self, percent: float) -> float:
        """CPU share not exceeded during ``percent`` % of the samples (nearest rank).

        Args:
            percent: in [0, 100], e.g. 95.

        Raises:
            SimulationError: ``percent`` outside [0, 100].
        """
        if not 0 <= percent <= 100:
            raise SimulationError(
                f"Centile invalide : {percent!r}. Donnez une valeur entre 0 et 100 "
                "(95 par exemple)."
            )
        ordered = sorted(self.cpu)
        rank = max(1, math.ceil(percent / 100 * len(ordered)))
        return ordered[rank - 1]

    def cpu_at(self, time_s: float) -> float:
        """CPU share at ``time_s`` seconds from the start (the sample in force, repeating)."""
        index = int(time_s // self.interval_s) % len(self.cpu)
        return self.cpu[index]

    def ram_at(self, time_s: float) -> float:
        """Memory share at ``time_s`` seconds from the start (1.0 without RAM series)."""
        if not self.ram:
            return 1.0
        return self.ram[int(time_s // self.interval_s) % len(self.ram)]

    def scaled(self, factor: float) -> Workload:
        """The same workload with every CPU share multiplied by ``factor`` (capped at 1)."""
        if factor < 0:
            raise SimulationError(f"Facteur d'échelle négatif : {factor!r}. Il doit être ≥ 0.")
        return Workload(
            cpu=tuple(min(1.0, c * factor) for c in self.cpu),
            ram=self.ram,
            interval_s=self.interval_s,
            name=self.name,
        )

    def to_dict(self) -> dict[str, object]:
        """The series and its summary, ready for JSON."""
        return {
            "name": self.name,
            "interval_s": self.interval_s,
            "cpu": list(self.cpu),
            "ram": list(self.ram),
            "mean_cpu": self.mean_cpu,
            "peak_cpu": self.peak_cpu,
        }


def _clip(value: float) -> float:
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


#: The most samples a generated workload may have (about 4.75 years at 300 s).
MAX_SAMPLES = 500_000


def _check_samples(samples: int, interval_s: float) -> None:
    if isinstance(samples, int) and samples > MAX_SAMPLES:
        raise SimulationError(
            f"Trop d'échantillons : {number(samples, 0)}, la limite est "
            f"{number(MAX_SAMPLES, 0)} ({DAY_SAMPLES} pour une journée à 300 s)."
        )
    if samples < 1:
        raise SimulationError(
            f"Nombre d'échantillons invalide : {samples!r}. Il en faut au moins 1 "
            f"({DAY_SAMPLES} pour une journée à 300 s)."
        )
    if not interval_s > 0:
        raise SimulationError(f"Intervalle invalide : {interval_s!r} s. Il doit être positif.")


def constant(
    level: float = 0.08,
    *,
    samples: int = DAY_SAMPLES,
    interval_s: float = 300.0,
    ram: float | None = None,
    name: str = "constante",
) -> Workload:
    """A flat workload: the same CPU share at every sample.

    Args:
        level: the CPU share, in [0, 1]. Default 8 %, inside the 5–12 % of a dedicated server.
        samples: number of samples (288 = one day at 300 s).
        interval_s: seconds between samples.
        ram: constant memory share, or ``None`` for 1.0 throughout.
        name: a label.

    Returns:
        The workload.
    """
    _check_samples(samples, interval_s)
    return Workload(
        cpu=(float(level),) * samples,
        ram=() if ram is None else (float(ram),) * samples,
        interval_s=interval_s,
        name=name,
    )


def diurnal(
    mean: float = 0.08,
    amplitude: float = 0.05,
    *,
    peak_hour: float = 14.0,
    noise: float = 0.01,
    samples: int = DAY_SAMPLES,
    interval_s: float = 300.0,
    seed: int = 0,
    name: str = "diurne",
) -> Workload:
    """A day-and-night workload: a sine wave over 24 h plus Gaussian noise, clipped to [0, 1].

    ``cpu(t) = mean + amplitude × cos(2π (t − peak_hour) / 24 h) + N(0, noise)``.

    The defaults (mean 8 %, ±5 %, peak at 14:00, noise σ = 1 %) give an office application on a
    dedicated server: mean between 5 and 12 %, peaks around 13 %. They are teaching assumptions
    that match the published range (REFERENCES.md).

    Args:
        mean: mean CPU share.
        amplitude: half the gap between the daily peak and trough.
        peak_hour: hour of the day (0–24) of the peak.
        noise: standard deviation of the Gaussian noise added to each sample.
        samples: number of samples (288 = one day at 300 s).
        interval_s: seconds between samples.
        seed: seed of the random generator (same seed, same series).
        name: a label.

    Returns:
        The workload.
    """
    _check_samples(samples, interval_s)
    rng = random.Random(seed)
    day_s = 86_400.0
    values = tuple(
        _clip(
            mean
            + amplitude * math.cos(2 * math.pi * (i * interval_s - peak_hour * 3600.0) / day_s)
            + rng.gauss(0.0, noise)
        )
        for i in range(samples)
    )
    return Workload(cpu=values, interval_s=interval_s, name=name)


def bursty(
    base: float = 0.04,
    burst: float = 0.45,
    *,
    burst_probability: float = 0.02,
    burst_samples: int = 3,
    noise: float = 0.01,
    samples: int = DAY_SAMPLES,
    interval_s: float = 300.0,
    seed: int = 0,
    name: str = "en rafales",
) -> Workload:
    """A quiet workload with random bursts (a batch job, a report, a backup).

    Each sample outside a burst starts one with probability ``burst_probability``; a burst lasts
    ``burst_samples`` samples at ``burst``. Outside bursts the share is ``base`` plus Gaussian
    noise. Expected mean ≈ ``base + p·k/(1 + p·k) × (burst − base)`` with ``p·k`` =
    probability × length: with the defaults (4 %, bursts at 45 % starting with probability 2 %,
    3 samples long), about 6 %, inside the 5–12 % of a dedicated server (teaching assumption).

    Args:
        base: CPU share between bursts.
        burst: CPU share during a burst.
        burst_probability: chance that a burst starts at a given quiet sample.
        burst_samples: length of a burst, in samples.
        noise: standard deviation of the Gaussian noise on quiet samples.
        samples: number of samples (288 = one day at 300 s).
        interval_s: seconds between samples.
        seed: seed of the random generator (same seed, same series).
        name: a label.

    Returns:
        The workload.
    """
    _check_samples(samples, interval_s)
    if not 0 <= burst_probability <= 1:
        raise SimulationError(
            f"Probabilité de rafale invalide : {burst_probability!r}. Donnez une valeur entre 0 "
            "et 1 (0,02 pour 2 %)."
        )
    rng = random.Random(seed)
    values: list[float] = []
    remaining = 0
    for _ in range(samples):
        if remaining == 0 and rng.random() < burst_probability:
            remaining = max(1, burst_samples)
        if remaining:
            values.append(_clip(burst))
            remaining -= 1
        else:
            values.append(_clip(base + rng.gauss(0.0, noise)))
    return Workload(cpu=tuple(values), interval_s=interval_s, name=name)
