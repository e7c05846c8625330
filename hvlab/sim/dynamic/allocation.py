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

from hvlab.sim.core.power import spec_power_w
from hvlab.sim.dynamic.detectors import OverloadDetector
from hvlab.sim.dynamic.engine import DatacenterState
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
    _power_now: list[float] = field(default_factory=list, init=False, repr=False)

    _active: list[int] = field(default_factory=list, init=False, repr=False)
    _off: list[list[int]] = field(default_factory=list, init=False, repr=False)
    _off_set: set[int] = field(default_factory=set, init=False, repr=False)
    _fails_from: float = field(default=float("inf"), init=False, repr=False)

    def _prepare(self, state: DatacenterState) -> None:
        """Split hosts into those with VMs or load and those switched off and empty.

        All the empty, switched-off hosts of one model look the same to ``findHostForVm``
        (same power increase, no overload test), so only the first one of each model needs
        to be considered: that is what makes the search fast.
        """
        self._power_now = [state.power_now_w(h) for h in range(state.n_hosts)]
        self._active = []
        self._off = [[] for _ in state.host_types]
        self._off_set = set()
        for host in range(state.n_hosts):
            if state.host_vms[host] or state.host_umips[host] != 0:
                self._active.append(host)
            else:
                self._off[state.host_type[host]].append(host)
                self._off_set.add(host)

    def _switch_on(self, host: int, state: DatacenterState) -> None:
        if host in self._off_set:
            self._off_set.discard(host)
            self._off[state.host_type[host]].remove(host)
            self._active.append(host)

    def initial_host(self, state: DatacenterState, vm: int) -> int | None:
        """Power-aware best fit over every host (no host has been updated yet)."""
        if vm == 0 or not self._power_now:
            self._prepare(state)
        host = self.find_host(state, vm, set())
        if host is not None:
            self._switch_on(host, state)
        return host

    def find_host(
        self, state: DatacenterState, vm: int, excluded: set[int], *, include_off: bool = True
    ) -> int | None:
        """``findHostForVm``: the suitable, not-overloaded host whose power grows least.

        Ties go to the lowest host number. The overload test is only run on the hosts that
        would win on power, in order, which gives the same answer as testing them all.
        """
        request = state.vm_request[vm]
        pe = state.host_pe
        avail = state.host_avail
        hosts = [
            h
            for h in self._active
            if avail[h] >= request and pe[h] >= request and h not in excluded
        ]
        if include_off:
            for group in self._off:
                for host in group:
                    if host not in excluded:
                        if avail[host] >= request and pe[host] >= request:
                            hosts.append(host)
                        break
        if state.vm_instantiating[vm]:
            hosts = [h for h in hosts if state.is_suitable(h, vm)]
        power_now = self._power_now
        cap = state.host_cap
        tables = state.host_power
        allocated = state.allocated_mips
        cached = state._asum
        candidates: list[tuple[float, int]] = []
        for h in hosts:
            used = cached[h]
            if used is None:
                used = allocated(h)
            after = (used + request) / cap[h]
            candidates.append((spec_power_w(tables[h], after) - power_now[h], h))
        if not candidates:
            return None
        detector = self.detector
        umips = state.host_umips
        best = min(candidates)[1]
        if umips[best] == 0 or not detector.is_overloaded_with(state, best, vm):
            return best
        candidates.sort()
        for _, host in candidates[1:]:
            if umips[host] != 0 and detector.is_overloaded_with(state, host, vm):
                continue
            return host
        return None

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
            self._switch_on(host, state)
            placed.append((vm, host))
        return placed

    def optimize(self, state: DatacenterState) -> list[tuple[int, int]]:
        """``optimizeAllocation``: the migrations to start now (the state is left unchanged)."""
        self._prepare(state)
        detector = self.detector
        state.checkpoint()
        try:
            overloaded = [h for h in self._active if detector.is_overloaded(state, h)]
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
            for candidate in order[start:]:
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
