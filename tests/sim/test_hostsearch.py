"""The indexed host search gives exactly the host of CloudSim's full scan (``findHostForVm``).

The reference below is CloudSim 3.0.3's ``PowerVmAllocationPolicyMigrationAbstract.findHostForVm``
written out plainly: every host in order, the suitable ones, the overload test on those with MIPS
allocated, the strictly smallest power increase (so the first host among equals). The index must
return the same host on random datacentres, through sequences of placements, undone placements
and growing exclusions — including the many exact ties that integer-percentage traces produce.
"""

from __future__ import annotations

import random

import pytest

from hvlab.sim.core.hardware import HP_ML110_G4_SERVER, HP_ML110_G5_SERVER, ServerModel
from hvlab.sim.core.power import LinearPowerModel, spec_power_w
from hvlab.sim.dynamic.engine import DatacenterState, DynamicScenario, VmType
from hvlab.sim.dynamic.hostsearch import PowerAwareSearch

LINEAR = ServerModel(
    "linéaire", cores=4, core_mhz=2000.0, ram_gib=8.0, power=LinearPowerModel(200.0, 120.0)
)
VM_TYPES = (
    VmType("a", 2500.0, 870.0),
    VmType("b", 2000.0, 1740.0),
    VmType("c", 1000.0, 1740.0),
    VmType("d", 500.0, 613.0),
)


def _reference(
    state: DatacenterState,
    power_now: list[float],
    vm: int,
    excluded: set[int],
    overloaded: set[int],
    include_off: bool,
) -> int | None:
    request = state.vm_request[vm]
    best: int | None = None
    least = float("inf")
    for host in range(state.n_hosts):
        if host in excluded:
            continue
        if not include_off and not state.host_vms[host] and state.host_umips[host] == 0:
            continue
        if state.host_pe[host] < request or state.host_avail[host] < request:
            continue
        used = state.allocated_mips(host)
        if used != 0 and host in overloaded:
            continue
        power = spec_power_w(state.host_power[host], (used + request) / state.host_cap[host])
        if power - power_now[host] < least:
            least = power - power_now[host]
            best = host
    return best


def _datacentre(rng: random.Random, hosts: int, vms: int) -> DatacenterState:
    models = [HP_ML110_G4_SERVER, HP_ML110_G5_SERVER, LINEAR]
    scenario = DynamicScenario(
        hosts=tuple(models[i % 3] if rng.random() < 0.2 else models[i % 2] for i in range(hosts)),
        vms=tuple(rng.choice(VM_TYPES) for _ in range(vms)),
        traces=tuple((0.5,) * 4 for _ in range(vms)),
    )
    state = DatacenterState(scenario)
    state.vm_instantiating = [False] * vms
    # Integer percentages, as in PlanetLab: equal demands, hence exact ties, are frequent.
    state.vm_request = [rng.choice([5, 10, 10, 20, 25, 40, 50]) / 100 * m for m in state.vm_mips]
    for vm in range(vms // 2):
        host = rng.randrange(hosts // 2)
        if state.is_suitable(host, vm):
            state.vm_create(host, vm)
            state.vm_host[vm] = host
    # As after an update: utilisation at the last update = what is allocated now.
    state.host_umips = [state.allocated_mips(h) for h in range(hosts)]
    return state


@pytest.mark.parametrize("seed", range(40))
def test_the_index_chooses_the_host_of_the_full_scan(seed: int) -> None:
    rng = random.Random(seed)
    hosts = rng.choice([6, 20, 60, 150])
    state = _datacentre(rng, hosts, vms=hosts * 3)
    search = PowerAwareSearch(state)
    search.prepare()
    state.on_change = search.changed
    power_now = [state.power_now_w(h) for h in range(hosts)]
    excluded: set[int] = set()
    include_off = rng.random() < 0.7
    overloaded = {h for h in range(hosts) if rng.random() < 0.3}
    placed: list[tuple[int, int]] = []
    waiting = [vm for vm in range(state.n_vms) if state.vm_host[vm] is None]
    rng.shuffle(waiting)
    for vm in waiting[:60]:
        if rng.random() < 0.2:
            excluded.add(rng.randrange(hosts))  # exclusions only grow
        expected = _reference(state, power_now, vm, excluded, overloaded, include_off)
        got = search.find(vm, excluded, lambda _s, h, _v: h in overloaded, include_off=include_off)
        assert got == expected
        if got is not None:
            state.vm_create(got, vm)
            placed.append((vm, got))
        if placed and rng.random() < 0.15:
            for done_vm, done_host in placed:  # an all-or-nothing evacuation undone
                state.vm_destroy(done_host, done_vm)
            placed.clear()


def test_ties_go_to_the_lowest_host_number() -> None:
    scenario = DynamicScenario(
        hosts=(HP_ML110_G5_SERVER,) * 6,
        vms=(VM_TYPES[3],) * 7,
        traces=((0.5,) * 4,) * 7,
    )
    state = DatacenterState(scenario)
    state.vm_instantiating = [False] * 7
    state.vm_request = [100.0] * 7
    for vm, host in ((0, 1), (1, 3), (2, 5)):
        state.vm_create(host, vm)
    state.host_umips = [state.allocated_mips(h) for h in range(6)]
    search = PowerAwareSearch(state)
    search.prepare()
    # Hosts 1, 3 and 5 carry the same load: the same cost; off hosts 0, 2, 4 cost less.
    assert search.find(6, set(), lambda *_: False) == 0
    assert search.find(6, set(), lambda *_: False, include_off=False) == 1
    assert search.find(6, {0, 1, 2}, lambda _s, h, _v: h == 3, include_off=False) == 5
