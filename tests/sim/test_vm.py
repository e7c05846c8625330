"""VMs: configuration checks, demand and life cycle."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import VirtualDisk
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.core.workload import Workload


def test_full_life_cycle() -> None:
    vm = VM("web1", vcpus=2, ram_mib=4096)
    assert vm.state is VMState.OFF
    vm.power_on().suspend().resume().start_migration().finish_migration()
    vm.crash().restart().power_off()
    assert vm.state is VMState.OFF
    assert vm.history == [
        VMState.OFF,
        VMState.RUNNING,
        VMState.SUSPENDED,
        VMState.RUNNING,
        VMState.MIGRATING,
        VMState.RUNNING,
        VMState.CRASHED,
        VMState.RUNNING,
    ]


@pytest.mark.parametrize(
    ("prepare", "operation"),
    [
        ([], "suspend"),
        ([], "start_migration"),
        (["power_on"], "power_on"),
        (["power_on", "suspend"], "start_migration"),
        (["power_on", "crash"], "resume"),
    ],
)
def test_illegal_transitions_are_refused_in_french(prepare: list[str], operation: str) -> None:
    vm = VM("db1")
    for step in prepare:
        getattr(vm, step)()
    state = vm.state
    with pytest.raises(SimulationError) as info:
        getattr(vm, operation)()
    message = str(info.value)
    assert "« db1 »" in message and f"« {state.label} »" in message
    assert "Opérations possibles" in message
    assert vm.state is state  # unchanged


def test_transition_by_state() -> None:
    vm = VM("a")
    assert vm.can(VMState.RUNNING) and not vm.can(VMState.SUSPENDED)
    with pytest.raises(SimulationError, match="impossible de passer"):
        vm.transition(VMState.MIGRATING)


@pytest.mark.parametrize(("vcpus", "ram_mib"), [(0, 1024), (2, 0), (2, -512)])
def test_invalid_sizes_are_refused(vcpus: int, ram_mib: int) -> None:
    with pytest.raises(SimulationError, match="invalide"):
        VM("x", vcpus=vcpus, ram_mib=ram_mib)


def test_ram_in_gib() -> None:
    vm = VM.with_ram_gib("x", 2, 4)
    assert vm.ram_mib == 4096 and vm.ram_gib == 4.0
    with pytest.raises(SimulationError, match="-1 Gio"):
        VM.with_ram_gib("x", 2, -1)


def test_demand_follows_the_workload_and_the_state() -> None:
    vm = VM("x", vcpus=4, ram_mib=8192, workload=Workload(cpu=(0.25, 0.75), ram=(0.5, 0.5)))
    assert vm.cpu_demand_cores() == 0.0  # off
    vm.power_on()
    assert vm.cpu_demand_cores() == pytest.approx(2.0)
    assert vm.cpu_demand_cores(time_s=300) == pytest.approx(3.0)
    assert vm.ram_demand_gib() == pytest.approx(4.0)
    assert VM("y", vcpus=2).power_on().cpu_demand_cores() == 2.0


def test_disks_are_checked() -> None:
    with pytest.raises(SimulationError, match="taille invalide"):
        VirtualDisk("disk0", 0)
    vm = VM("x", disks=(VirtualDisk("disk0", 40),))
    assert vm.to_dict()["disks"] == [{"name": "disk0", "size_gib": 40}]
