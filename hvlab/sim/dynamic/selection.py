"""VM selection: which VM leaves an overloaded host (MMT, RS, MU as in CloudSim 3.0.3).

* MMT — minimum migration time: the VM with the least RAM (first one on the host among equals);
* RS — random selection, seeded;
* MU — minimum utilisation: the VM using the smallest share of its own MIPS;
* MC — maximum correlation: the VM whose CPU history is best explained (highest R²) by a linear
  regression on the other VMs' histories (Commons Math's OLS, to the last bit); MMT when the
  regression cannot be computed.

VMs already migrating are never chosen.
"""

from __future__ import annotations

__all__ = [
    "MaximumCorrelation",
    "MinimumMigrationTime",
    "MinimumUtilization",
    "RandomSelection",
    "VmSelector",
]

import random
from dataclasses import dataclass, field
from itertools import islice
from operator import mul
from typing import Protocol

from hvlab.sim.dynamic.engine import DatacenterState
from hvlab.sim.dynamic.regression import (
    RegressionError,
    centre,
    drop_from_inverse,
    invert_covariance,
    ols_r_squared,
    r_squared_from_inverse,
)

#: Java's ``Double.MIN_VALUE``: a VM must have a positive R² to be chosen over the first one.
_JAVA_MIN_VALUE = 5e-324


class VmSelector(Protocol):
    """Chooses the next VM to move off an overloaded host."""

    @property
    def name(self) -> str:
        """Short name (``mmt``, ``rs``, ``mu``)."""
        ...

    def select(self, state: DatacenterState, host: int) -> int | None:
        """A VM of ``host`` that is not migrating, or ``None``."""
        ...


@dataclass(frozen=True)
class MinimumMigrationTime:
    """MMT: the VM with the smallest RAM (``PowerVmSelectionPolicyMinimumMigrationTime``)."""

    name: str = field(default="mmt", init=False)

    def select(self, state: DatacenterState, host: int) -> int | None:
        """The first VM of the host with the least RAM."""
        best: int | None = None
        least = float("inf")
        ram = state.vm_ram
        migrating = state.vm_in_migration
        for vm in state.host_vms[host]:
            if not migrating[vm] and ram[vm] < least:
                least = ram[vm]
                best = vm
        return best


@dataclass(frozen=True)
class MinimumUtilization:
    """MU: the VM using the smallest share of its MIPS
    (``PowerVmSelectionPolicyMinimumUtilization``)."""

    name: str = field(default="mu", init=False)

    def select(self, state: DatacenterState, host: int) -> int | None:
        """The first VM of the host with the smallest ``demand / MIPS``."""
        best: int | None = None
        least = float("inf")
        for vm in state.host_vms[host]:
            if state.vm_in_migration[vm]:
                continue
            share = state.vm_request[vm] / state.vm_mips[vm]
            if share < least:
                least = share
                best = vm
        return best


@dataclass
class RandomSelection:
    """RS: a VM drawn at random (``PowerVmSelectionPolicyRandomSelection``), seeded.

    Attributes:
        seed: the seed of the generator.
    """

    seed: int = 0
    name: str = field(default="rs", init=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def select(self, state: DatacenterState, host: int) -> int | None:
        """A random VM of the host that is not migrating."""
        movable = [vm for vm in state.host_vms[host] if not state.vm_in_migration[vm]]
        if not movable:
            return None
        return movable[self._rng.randrange(len(movable))]


#: Two R² closer than this (relative to 1) are told apart by the exact computation.
_R2_MARGIN = 1e-7


@dataclass(frozen=True)
class MaximumCorrelation:
    """MC: the VM most correlated with the others (``PowerVmSelectionPolicyMaximumCorrelation``).

    Each movable VM's CPU history (the ``m`` most recent values, ``m`` the shortest history) is
    regressed on the other movable VMs' histories, with an intercept, as Commons Math's
    ``OLSMultipleLinearRegression`` does (:func:`~hvlab.sim.dynamic.regression.ols_r_squared`,
    to the last bit); the VM with the highest R² leaves, the first one among equals, and only
    if its R² is positive (else the first VM). When the regression cannot be computed — a
    single movable VM, no history, fewer values than VMs, or a singular matrix — the fallback
    chooses (MMT, as in CloudSim's runners).

    Speed: every R² is first estimated at once from the covariance matrix
    (:func:`~hvlab.sim.dynamic.regression.r_squared_all`); the exact regressions are run only
    for the VMs within ``1e-7`` of the best, or for all of them when the histories are
    degenerate (a constant history, near-collinear ones) — the cases where Commons Math's
    rounding or its exceptions decide.

    Attributes:
        fallback: the selector used when the regression is impossible.
    """

    fallback: MinimumMigrationTime = field(default_factory=MinimumMigrationTime)
    name: str = field(default="mc", init=False)
    _cache: _CovarianceCache = field(
        default_factory=lambda: _CovarianceCache(), init=False, repr=False, compare=False
    )

    def select(self, state: DatacenterState, host: int) -> int | None:
        """The movable VM of ``host`` with the highest coefficient of determination."""
        migrating = state.vm_in_migration
        movable = [vm for vm in state.host_vms[host] if not migrating[vm]]
        if not movable:
            return None
        histories = state.vm_history
        length = min(len(histories[vm]) for vm in movable)
        count = len(movable)
        if count < 2 or length == 0 or count > length:
            return self.fallback.select(state, host)
        data = [list(islice(histories[vm], length)) for vm in movable]
        estimates = self._cache.estimates(state, host, movable, data)
        if estimates is None:
            candidates = list(range(count))
        else:
            best = max(estimates)
            if best <= _R2_MARGIN:
                candidates = list(range(count))
            else:
                candidates = [i for i, r in enumerate(estimates) if r >= best - _R2_MARGIN]
                if len(candidates) == 1:
                    return movable[candidates[0]]
        try:
            metrics = {
                i: ols_r_squared(data[i], [d for j, d in enumerate(data) if j != i])
                for i in candidates
            }
        except RegressionError:
            return self.fallback.select(state, host)
        best_index = 0
        best_metric = _JAVA_MIN_VALUE
        for i in candidates:
            if metrics[i] > best_metric:
                best_metric = metrics[i]
                best_index = i
        return movable[best_index]


class _CovarianceCache:
    """What MC reuses while the histories do not change (until the next history sample).

    The centred history of each VM, the cross-product of each pair of VMs, and for each host
    the VMs and the inverse of their covariance matrix at its last choice, so that the next
    choice on the same host (one VM fewer) is a rank-one downdate.
    """

    def __init__(self) -> None:
        self.key: tuple[int, int] = (-1, -1)
        self.centred: dict[int, list[float]] = {}
        self.pairs: dict[tuple[int, int], float] = {}
        self.last: dict[int, tuple[tuple[int, ...], list[float], list[list[float]]]] = {}

    def estimates(
        self, state: DatacenterState, host: int, vms: list[int], data: list[list[float]]
    ) -> list[float] | None:
        """Every VM's R² from the covariance shortcut, or ``None`` for degenerate histories."""
        key = (state.history_version, len(data[0]))
        if key != self.key:
            self.key = key
            self.centred.clear()
            self.pairs.clear()
            self.last.clear()
        n = len(vms)
        last = self.last.get(host)
        if last is not None and len(last[0]) == n + 1:
            old_vms, old_diag, old_inverse = last
            for k in range(n + 1):
                if old_vms[:k] + old_vms[k + 1 :] == tuple(vms):
                    inverse = drop_from_inverse(old_inverse, k)
                    diag = old_diag[:k] + old_diag[k + 1 :]
                    self.last[host] = (tuple(vms), diag, inverse)
                    return [1.0 - 1.0 / (diag[i] * inverse[i][i]) for i in range(n)]
        centred: list[list[float]] = []
        for vm, values in zip(vms, data, strict=True):
            found = self.centred.get(vm)
            if found is None:
                found = self.centred[vm] = centre(values)
            centred.append(found)
        cov = [[0.0] * n for _ in range(n)]
        for i in range(n):
            row = cov[i]
            for j in range(i, n):
                a, b = vms[i], vms[j]
                pair = (a, b) if a <= b else (b, a)
                value = self.pairs.get(pair)
                if value is None:
                    value = self.pairs[pair] = sum(map(mul, centred[i], centred[j]))
                row[j] = cov[j][i] = value
        full = invert_covariance(cov)
        if full is None:
            self.last.pop(host, None)
            return None
        self.last[host] = (tuple(vms), [cov[i][i] for i in range(n)], full)
        return r_squared_from_inverse(cov, full)
