"""VM selection: which VM leaves an overloaded host (MMT, RS, MU as in CloudSim 3.0.3).

* MMT — minimum migration time: the VM with the least RAM (first one on the host among equals);
* RS — random selection, seeded;
* MU — minimum utilisation: the VM using the smallest share of its own MIPS.

VMs already migrating are never chosen.
"""

from __future__ import annotations

__all__ = [
    "MinimumMigrationTime",
    "MinimumUtilization",
    "RandomSelection",
    "VmSelector",
]

import random
from dataclasses import dataclass, field
from typing import Protocol

from hvlab.sim.engine import DatacenterState


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
