"""Consolidation policies: what the engine calls at time 0 and at every step.

* :class:`StaticPolicy` — no migration: NPA (every host at full power all day) and DVFS (power
  follows the load), VMs placed first-fit as CloudSim's ``PowerVmAllocationPolicySimple``;
* :class:`MigrationPolicy` — dynamic consolidation as CloudSim's
  ``PowerVmAllocationPolicyMigrationAbstract.optimizeAllocation``: find the overloaded hosts,
  pick VMs off them until they are not overloaded, place those VMs by power-aware best-fit
  decreasing, then evacuate the least-used hosts one by one (all their VMs or none) so that
  they can be switched off.

Power-aware best fit (``findHostForVm``): among the hosts that can take the VM and would not be
overloaded with it, choose the one whose power grows least; a host that was off is not checked
for overload and its idle power is not counted (CloudSim's choices, see the guide).
"""

from __future__ import annotations

__all__ = ["MigrationPolicy", "StaticPolicy"]

from dataclasses import dataclass, field

from hvlab.sim.dynamic.detectors import OverloadDetector
from hvlab.sim.dynamic.engine import DatacenterState
from hvlab.sim.dynamic.hostsearch import PowerAwareSearch
from hvlab.sim.dynamic.selection import VmSelector


@dataclass
class StaticPolicy:
    """VMs stay where they were placed first-fit at time 0.

    Attributes:
        non_power_aware: charge every host its maximum power all the time (NPA) instead of the
            power of its load (DVFS).
    """

    non_power_aware: bool = False
    migrations: bool = field(default=False, init=False)

    def initial_host(self, state: DatacenterState, vm: int) -> int | None:
        """The first host that can take the VM (``PowerVmAllocationPolicySimple``)."""
        for host in range(state.n_hosts):
            if state.is_suitable(host, vm):
                return host
        return None

    def optimize(self, state: DatacenterState) -> list[tuple[int, int]]:
        """No migration."""
        return []


@dataclass
class MigrationPolicy:
    """Dynamic consolidation with an overload detector and a VM selector.

    Attributes:
        detector: decides which hosts are overloaded (THR, IQR, MAD, LR, LRR).
        selector: picks the VMs leaving an overloaded host (MMT, RS, MU).
    """

    detector: OverloadDetector
    selector: VmSelector
    migrations: bool = field(default=True, init=False)
    non_power_aware: bool = field(default=False, init=False)
    _search: PowerAwareSearch | None = field(default=None, init=False, repr=False)
    _fails_from: float = field(default=float("inf"), init=False, repr=False)

    def _index(self, state: DatacenterState) -> PowerAwareSearch:
        """The index of hosts, rebuilt from the state after an update, listening to changes."""
        if self._search is None or self._search.state is not state:
            self._search = PowerAwareSearch(state)
        self._search.prepare()
        state.on_change = self._search.changed
        return self._search

    def initial_host(self, state: DatacenterState, vm: int) -> int | None:
        """Power-aware best fit over every host (no host has been updated yet)."""
        if self._search is None or self._search.state is not state:
            self._index(state)
        assert self._search is not None
        return self._search.find(vm, set(), self.detector.is_overloaded_with)

    def find_host(
        self, state: DatacenterState, vm: int, excluded: set[int], *, include_off: bool = True
    ) -> int | None:
        """``findHostForVm``: the suitable, not-overloaded host whose power grows least.

        Ties go to the lowest host number; the overload test runs on the hosts in order of cost,
        and not on a host with no MIPS allocated (as in CloudSim). See
        :class:`~hvlab.sim.dynamic.hostsearch.PowerAwareSearch`.
        """
        assert self._search is not None
        return self._search.find(
            vm, excluded, self.detector.is_overloaded_with, include_off=include_off
        )

    def _place(
        self, state: DatacenterState, vms: list[int], excluded: set[int], all_or_nothing: bool
    ) -> list[tuple[int, int]]:
        include_off = not all_or_nothing
        request = state.vm_request
        ordered = sorted(vms, key=lambda vm: -request[vm])
        placed: list[tuple[int, int]] = []
        shortcut = all_or_nothing and getattr(self.detector, "monotone", False)
        for vm in ordered:
            if shortcut and request[vm] >= self._fails_from:
                host = None
            else:
                host = self.find_host(state, vm, excluded, include_off=include_off)
            if host is None:
                if shortcut and not placed:
                    # During the evacuations hosts only fill up and exclusions only grow, so
                    # with a threshold detector a demand that found no host now never will.
                    self._fails_from = min(self._fails_from, request[vm])
                if all_or_nothing:
                    for done_vm, done_host in placed:
                        state.vm_destroy(done_host, done_vm)
                    return []
                continue
            state.vm_create(host, vm)
            placed.append((vm, host))
        return placed

    def optimize(self, state: DatacenterState) -> list[tuple[int, int]]:
        """``optimizeAllocation``: the migrations to start now (the state is left unchanged)."""
        detector = self.detector
        overloaded = [
            h
            for h in range(state.n_hosts)
            if state.host_vms[h] and detector.is_overloaded(state, h)
        ]
        self._index(state)
        state.checkpoint()
        try:
            leaving: list[int] = []
            for host in overloaded:
                while True:
                    vm = self.selector.select(state, host)
                    if vm is None:
                        break
                    leaving.append(vm)
                    state.vm_destroy(host, vm)
                    if not detector.is_overloaded(state, host):
                        break
            over = set(overloaded)
            migrations = self._place(state, leaving, over, all_or_nothing=False)
            migrations.extend(self._evacuate_underloaded(state, over))
        finally:
            state.on_change = None
            state.restore()
        return migrations

    def _evacuate_underloaded(
        self, state: DatacenterState, over: set[int]
    ) -> list[tuple[int, int]]:
        """``getMigrationMapFromUnderUtilizedHosts``."""
        n_hosts = state.n_hosts
        utilisation = [state.utilisation(h) for h in range(n_hosts)]
        switched_off = {h for h in range(n_hosts) if utilisation[h] == 0}
        not_under = over | switched_off
        not_target = over | switched_off
        order = sorted(
            (h for h in range(n_hosts) if 0 < utilisation[h] < 1), key=lambda h: utilisation[h]
        )
        migrations: list[tuple[int, int]] = []
        self._fails_from = float("inf")
        start = 0
        migrating = state.vm_in_migration
        while len(not_under) < n_hosts:
            while start < len(order) and order[start] in not_under:
                start += 1
            host = None
            for index in range(start, len(order)):
                candidate = order[index]
                if candidate in not_under:
                    continue
                if not _all_out_or_any_in(state, candidate):
                    host = candidate
                    break
            if host is None:
                break
            not_under.add(host)
            not_target.add(host)
            movable = [vm for vm in state.host_vms[host] if not migrating[vm]]
            if not movable:
                continue
            placed = self._place(state, movable, not_target, all_or_nothing=True)
            not_under.update(target for _, target in placed)
            migrations.extend(placed)
        return migrations


def _all_out_or_any_in(state: DatacenterState, host: int) -> bool:
    """``areAllVmsMigratingOutOrAnyVmMigratingIn``: the first VM that is not leaving decides."""
    inbound = state.host_in[host]
    for vm in state.host_vms[host]:
        if not state.vm_in_migration[vm]:
            return False
        if vm in inbound:
            return True
    return True
