"""VM selection: which VM leaves an overloaded host (MMT, RS, MU as in CloudSim 3.0.3).

* MMT — minimum migration time: the VM with the least RAM (first one on the host among equals);
* RS — random selection, seeded;
* MU — minimum utilisation: the VM using the smallest share of its own MIPS;
* MC — maximum correlation: the VM whose CPU history is best explained (highest R²) by a linear
  regression on the other VMs' histories; MMT when the histories are too short.

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

import math
import random
from dataclasses import dataclass, field
from typing import Protocol

from hvlab.sim.dynamic.engine import DatacenterState


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


def _r_squared(target: list[float], regressors: list[list[float]]) -> float:
    """R² of the least-squares fit (with intercept) of ``target`` on ``regressors``.

    Raises:
        ValueError: not enough samples for the number of regressors.
    """
    samples = len(target)
    columns = [[1.0] * samples, *regressors]
    size = len(columns)
    if samples - size <= 0:
        raise ValueError("degrees of freedom must be positive")
    # Normal equations solved by Gauss-Jordan elimination with partial pivoting.
    matrix = [
        [sum(a * b for a, b in zip(ci, cj, strict=True)) for cj in columns]
        + [sum(a * y for a, y in zip(ci, target, strict=True))]
        for ci in columns
    ]
    for col in range(size):
        pivot = max(range(col, size), key=lambda row: abs(matrix[row][col]))
        if matrix[pivot][col] == 0:
            return math.nan
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        head = matrix[col][col]
        matrix[col] = [value / head for value in matrix[col]]
        for row in range(size):
            if row != col and matrix[row][col] != 0:
                factor = matrix[row][col]
                matrix[row] = [
                    a - factor * b for a, b in zip(matrix[row], matrix[col], strict=True)
                ]
    beta = [matrix[row][size] for row in range(size)]
    mean = sum(target) / samples
    total = sum((y - mean) ** 2 for y in target)
    if total == 0:
        return math.nan
    residual = 0.0
    for index, y in enumerate(target):
        fitted = sum(b * column[index] for b, column in zip(beta, columns, strict=True))
        residual += (y - fitted) ** 2
    return 1 - residual / total


@dataclass(frozen=True)
class MaximumCorrelation:
    """MC: the VM most correlated with the others (``PowerVmSelectionPolicyMaximumCorrelation``).

    Each VM's history is regressed on the other VMs' histories (over the shortest history); the
    VM with the highest R² leaves first. With too few samples for the regression, the fallback
    chooses (MMT, as in CloudSim's runners).

    Attributes:
        fallback: the selector used when the regression is impossible.
    """

    fallback: MinimumMigrationTime = field(default_factory=MinimumMigrationTime)
    name: str = field(default="mc", init=False)

    def select(self, state: DatacenterState, host: int) -> int | None:
        """The movable VM of ``host`` with the highest coefficient of determination."""
        movable = [vm for vm in state.host_vms[host] if not state.vm_in_migration[vm]]
        if not movable:
            return None
        length = min(len(state.vm_history[vm]) for vm in movable)
        data = [list(state.vm_history[vm])[:length] for vm in movable]
        best_index = 0
        best = 5e-324  # Java's Double.MIN_VALUE: a VM must have a positive R² to be chosen
        try:
            for index, series in enumerate(data):
                others = [other for j, other in enumerate(data) if j != index]
                metric = _r_squared(series, others)
                if metric > best:
                    best = metric
                    best_index = index
        except ValueError:
            return self.fallback.select(state, host)
        return movable[best_index]
