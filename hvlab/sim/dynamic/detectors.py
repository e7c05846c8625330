"""Host overload detection: THR, IQR, MAD, LR and LRR (Beloglazov & Buyya 2012, CloudSim 3.0.3).

Each detector answers "is this host overloaded?" from the state of the datacentre, exactly as
CloudSim's ``PowerVmAllocationPolicyMigration*`` classes do:

* THR — the VMs' current demand exceeds ``threshold × host MIPS``;
* IQR / MAD — the threshold adapts: ``1 − s × IQR`` (or ``1 − s × MAD``) of the host's CPU
  history; fewer than 12 non-zero values → the fallback (THR 0.7);
* LR / LRR — a least-squares line through the last 10 history values, extrapolated by the
  migration time rounded up to intervals, times the safety parameter ``s``: overloaded when
  ``≥ 1``; fewer than 10 values → the fallback. In CloudSim the "robust" variant gives the same
  fit (its weights are never used, see the guide), and so does LRR here.

The statistics reproduce CloudSim's ``MathUtil`` (IQR by rounded ranks, median as Apache Commons
Math's percentile).
"""

from __future__ import annotations

__all__ = [
    "InterQuartileRange",
    "LocalRegression",
    "LocalRegressionRobust",
    "MedianAbsoluteDeviation",
    "OverloadDetector",
    "StaticThreshold",
    "iqr",
    "mad",
    "median",
]

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from hvlab.errors import SimulationError
from hvlab.sim.dynamic.engine import DatacenterState


class OverloadDetector(Protocol):
    """Decides whether a host is overloaded."""

    @property
    def name(self) -> str:
        """Short name (``thr``, ``iqr``, …)."""
        ...

    def is_overloaded(self, state: DatacenterState, host: int) -> bool:
        """Whether ``host`` (with the VMs now on it, tentative ones included) is overloaded."""
        ...

    def is_overloaded_with(self, state: DatacenterState, host: int, vm: int) -> bool:
        """Whether ``host`` would be overloaded once ``vm`` is added to it."""
        ...


#: History values LR and LRR fit their line through.
_LR_LENGTH = 10


def _java_round(value: float) -> int:
    return math.floor(value + 0.5)


def iqr(values: Sequence[float]) -> float:
    """Interquartile range as CloudSim's ``MathUtil.iqr`` (ranks ``round(q·(n+1)) − 1``)."""
    data = sorted(values)
    n = len(data)
    q1 = _java_round(0.25 * (n + 1)) - 1
    q3 = _java_round(0.75 * (n + 1)) - 1
    return data[q3] - data[q1]


def median(values: Sequence[float]) -> float:
    """Median as Apache Commons Math's ``Percentile(50)`` (CloudSim's ``MathUtil.median``)."""
    data = sorted(values)
    n = len(data)
    if n == 0:
        return math.nan
    if n == 1:
        return data[0]
    pos = 50 * (n + 1) / 100
    if pos < 1:
        return data[0]
    if pos >= n:
        return data[-1]
    low = math.floor(pos)
    lower = data[low - 1]
    upper = data[low]
    return lower + (pos - low) * (upper - lower)


def mad(values: Sequence[float]) -> float:
    """Median absolute deviation (CloudSim's ``MathUtil.mad``)."""
    if not values:
        return 0.0
    centre = median(values)
    return median([abs(centre - v) for v in values])


def _count_non_zero_beginning(values: Sequence[float]) -> int:
    count = 0
    for value in values:
        if value == 0:
            break
        count += 1
    return count


def _linear_fit(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    xs = range(1, n + 1)
    mean_x = (n + 1) / 2
    mean_y = sum(values) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True))
    slope = sxy / sxx
    return mean_y - slope * mean_x, slope


def _check_parameter(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or math.isnan(value) or value < 0:
        raise SimulationError(
            f"Paramètre de la politique {name} invalide : {str(value).replace('.', ',')}. "
            "Donnez un nombre positif."
        )


@dataclass(frozen=True)
class StaticThreshold:
    """THR: overloaded when the demand exceeds ``threshold`` of the host's MIPS.

    Attributes:
        threshold: the utilisation threshold (0.8 in the paper's THR-MMT-0.8).
    """

    threshold: float = 0.8
    name: str = field(default="thr", init=False)
    #: A larger demand on a fuller host is never less overloaded (lets evacuations stop early).
    monotone: ClassVar[bool] = True

    def __post_init__(self) -> None:
        _check_parameter("THR", self.threshold)

    def is_overloaded(self, state: DatacenterState, host: int) -> bool:
        """``PowerVmAllocationPolicyMigrationStaticThreshold.isHostOverUtilized``."""
        if not state.host_vms[host]:
            return False
        return state.requested_mips(host) / state.host_cap[host] > self.threshold

    def is_overloaded_with(self, state: DatacenterState, host: int, vm: int) -> bool:
        """Same test with ``vm`` appended to the host's VMs (no tentative allocation needed)."""
        total = state.requested_mips(host) + state.vm_request[vm]
        return total / state.host_cap[host] > self.threshold


class _AdaptiveDetector(ABC):
    """What the adaptive detectors (IQR, MAD, LR, LRR) share, as CloudSim's classes do: an empty
    host is never overloaded, and while the host's history is too short to judge (:meth:`_judges`)
    the ``fallback`` decides; otherwise :meth:`_overloaded` does."""

    fallback: StaticThreshold

    def is_overloaded(self, state: DatacenterState, host: int) -> bool:
        """``PowerVmAllocationPolicyMigration<policy>.isHostOverUtilized``."""
        if not state.host_vms[host]:
            return False
        return self._check(state, host, None)

    def is_overloaded_with(self, state: DatacenterState, host: int, vm: int) -> bool:
        """Same test with ``vm`` appended to the host's VMs (its history, demand and RAM count)."""
        return self._check(state, host, vm)

    def _check(self, state: DatacenterState, host: int, vm: int | None) -> bool:
        history = state.host_history(host, vm)
        if not self._judges(history):
            if vm is None:
                return self.fallback.is_overloaded(state, host)
            return self.fallback.is_overloaded_with(state, host, vm)
        return self._overloaded(state, host, vm, history)

    @abstractmethod
    def _judges(self, history: Sequence[float]) -> bool:
        """Whether ``history`` is long enough for this detector (else the fallback decides)."""

    @abstractmethod
    def _overloaded(
        self, state: DatacenterState, host: int, vm: int | None, history: Sequence[float]
    ) -> bool:
        """The detector's own test, ``vm`` (if any) counted on ``host``."""


@dataclass(frozen=True)
class InterQuartileRange(_AdaptiveDetector):
    """IQR: threshold ``1 − s × IQR`` of the host's CPU history.

    Attributes:
        safety: the safety parameter ``s`` (1.5 in IQR-MMT-1.5).
        fallback: used while the history has fewer than 12 non-zero values.
    """

    safety: float = 1.5
    fallback: StaticThreshold = field(default_factory=lambda: StaticThreshold(0.7))
    name: str = field(default="iqr", init=False)

    def __post_init__(self) -> None:
        _check_parameter("IQR", self.safety)

    def _spread(self, history: Sequence[float]) -> float:
        return iqr(history)

    def _judges(self, history: Sequence[float]) -> bool:
        return _count_non_zero_beginning(history) >= 12

    def _overloaded(
        self, state: DatacenterState, host: int, vm: int | None, history: Sequence[float]
    ) -> bool:
        upper = 1 - self.safety * self._spread(history)
        requested = state.requested_mips(host)
        if vm is not None:
            requested += state.vm_request[vm]
        return requested / state.host_cap[host] > upper


@dataclass(frozen=True)
class MedianAbsoluteDeviation(InterQuartileRange):
    """MAD: threshold ``1 − s × MAD`` of the host's CPU history (MAD-MMT-2.5: ``s = 2.5``)."""

    safety: float = 2.5
    name: str = field(default="mad", init=False)

    def _spread(self, history: Sequence[float]) -> float:
        return mad(history)


@dataclass(frozen=True)
class LocalRegression(_AdaptiveDetector):
    """LR: extrapolate the last 10 history values by a least-squares line.

    Attributes:
        safety: the safety parameter ``s`` (1.2 in LR-MMT-1.2).
        fallback: used while the history has fewer than 10 values.
    """

    safety: float = 1.2
    fallback: StaticThreshold = field(default_factory=lambda: StaticThreshold(0.7))
    name: str = field(default="lr", init=False)

    def __post_init__(self) -> None:
        _check_parameter("LR", self.safety)

    def _judges(self, history: Sequence[float]) -> bool:
        return len(history) >= _LR_LENGTH

    def _overloaded(
        self, state: DatacenterState, host: int, vm: int | None, history: Sequence[float]
    ) -> bool:
        length = _LR_LENGTH
        oldest_first = [history[length - i - 1] for i in range(length)]
        intercept, slope = _linear_fit(oldest_first)
        rams = [state.vm_ram[v] for v in state.host_vms[host]]
        if vm is not None:
            rams.append(state.vm_ram[vm])
        migration_s = max(rams) / (state.host_bw_mbps[host] / 16.0)
        intervals = math.ceil(migration_s / state.interval_s)
        predicted = (intercept + slope * (length + intervals)) * self.safety
        return predicted >= 1


@dataclass(frozen=True)
class LocalRegressionRobust(LocalRegression):
    """LRR: CloudSim's robust local regression; its bisquare weights are never applied (they
    are only used when 40 % of them are zero, which tricube weights never are), so the fit is
    LR's."""

    name: str = field(default="lrr", init=False)
