"""What a host can still take: free vCPUs and free memory under a target utilisation.

Shared by maintenance mode and HA, which both look for "the host with the most room" the way
vSphere does (DRS for maintenance, HA for restarts). Capacity follows
:meth:`hvlab.sim.core.datacenter.Cluster.place_vms` exactly: a host offers its usable cores ×
overcommit × target and (its RAM − the hypervisor's reservation) × overcommit × target; a VM
reserves its vCPUs, and its configured memory **plus the hypervisor's per-VM overhead**, charged
in full to every VM (those already on the host, those planned, and the one that must fit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hvlab.sim.core.datacenter import Host
from hvlab.sim.core.vm import VM


@dataclass(frozen=True)
class Headroom:
    """Free capacity of one host (negative when it is already over its target)."""

    host: Host
    vcpus: float
    ram_gib: float

    def fits(self, vm: VM) -> bool:
        """Whether ``vm`` fits in this free capacity (its own per-VM memory overhead included)."""
        overhead_gib = self.host.per_vm_overhead_gib
        return vm.vcpus <= self.vcpus + 1e-9 and vm.ram_gib + overhead_gib <= self.ram_gib + 1e-9


def headroom(
    host: Host,
    *,
    target: float = 0.8,
    cpu_overcommit: float = 4.0,
    ram_overcommit: float = 1.0,
    planned: Sequence[VM] = (),
) -> Headroom:
    """Free vCPUs and GiB of ``host`` under ``target`` and the overcommit ratios, once the
    ``planned`` VMs (about to arrive) are counted too."""
    overhead_gib = host.per_vm_overhead_gib
    vcpus = host.usable_cores * cpu_overcommit * target - host.allocated_vcpus
    ram_gib = host.base_ram_gib * ram_overcommit * target - host.committed_ram_gib
    vcpus -= sum(vm.vcpus for vm in planned)
    ram_gib -= sum(vm.ram_gib + overhead_gib for vm in planned)
    return Headroom(host=host, vcpus=vcpus, ram_gib=ram_gib)


def roomiest(
    hosts: Sequence[Host],
    vm: VM,
    *,
    target: float = 0.8,
    cpu_overcommit: float = 4.0,
    ram_overcommit: float = 1.0,
    planned: Mapping[str, Sequence[VM]] | None = None,
) -> Host | None:
    """The host with the most free memory (then free vCPUs) that can take ``vm``; None if none.

    ``planned`` maps a host name to the VMs already promised to it.
    """
    planned = planned or {}
    candidates = [
        room
        for room in (
            headroom(
                h,
                target=target,
                cpu_overcommit=cpu_overcommit,
                ram_overcommit=ram_overcommit,
                planned=planned.get(h.name, ()),
            )
            for h in hosts
        )
        if room.fits(vm)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda room: (room.ram_gib, room.vcpus))
    return best.host
