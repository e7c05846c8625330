"""Hypervisors: catalogue, overhead and failure domains."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hypervisor import (
    HYPERVISORS,
    TYPE_1_OVERHEAD,
    TYPE_2_OVERHEAD,
    FailureEvent,
    HypervisorType,
    Overhead,
    failure_impact,
    get_hypervisor,
)


@pytest.mark.parametrize(
    ("identifier", "kind"),
    [
        # The course notes: type 1 = Oracle VM, VMware ESXi, Hyper-V (and Xen, KVM);
        # type 2 = VirtualBox, MS Virtual PC, VMware Server and Workstation.
        ("esxi", HypervisorType.TYPE_1),
        ("hyper-v", HypervisorType.TYPE_1),
        ("xen", HypervisorType.TYPE_1),
        ("kvm", HypervisorType.TYPE_1),
        ("oracle-vm-server", HypervisorType.TYPE_1),
        ("virtualbox", HypervisorType.TYPE_2),
        ("vmware-workstation", HypervisorType.TYPE_2),
        ("vmware-server", HypervisorType.TYPE_2),
        ("virtual-pc", HypervisorType.TYPE_2),
    ],
)
def test_catalogue_types(identifier: str, kind: HypervisorType) -> None:
    product = get_hypervisor(identifier)
    assert product.type is kind
    assert product.is_hosted == (kind is HypervisorType.TYPE_2)
    assert bool(product.host_os) == product.is_hosted


def test_unknown_hypervisor_lists_the_catalogue() -> None:
    with pytest.raises(SimulationError, match="esxi"):
        get_hypervisor("bochs")


def test_default_overhead_depends_on_the_type() -> None:
    assert HYPERVISORS["esxi"].effective_overhead == TYPE_1_OVERHEAD
    assert HYPERVISORS["virtualbox"].effective_overhead == TYPE_2_OVERHEAD
    assert TYPE_2_OVERHEAD.cpu_fraction > TYPE_1_OVERHEAD.cpu_fraction


def test_overhead_arithmetic() -> None:
    overhead = Overhead(cpu_fraction=0.1, ram_gib=4, per_vm_ram_mib=512)
    assert overhead.usable_cores(20) == pytest.approx(18)
    assert overhead.usable_ram_gib(64, vms=4) == pytest.approx(64 - 4 - 2)


def test_overhead_refuses_a_full_cpu_share() -> None:
    with pytest.raises(SimulationError, match="Surcoût CPU invalide"):
        Overhead(cpu_fraction=1.0, ram_gib=1)


def test_a_guest_crash_is_isolated() -> None:
    impact = failure_impact(HypervisorType.TYPE_2, FailureEvent.GUEST_CRASH, ["a", "b", "c"], "b")
    assert impact.stopped == ("b",)
    assert impact.unaffected == ("a", "c")
    assert "Isolation" in impact.explanation


def test_a_type_2_host_os_crash_stops_every_guest() -> None:
    impact = failure_impact(HypervisorType.TYPE_2, FailureEvent.HOST_OS_CRASH, ["a", "b"])
    assert impact.stopped == ("a", "b") and impact.unaffected == ()


def test_a_type_1_has_no_host_os_to_crash() -> None:
    with pytest.raises(SimulationError, match="pas de système hôte"):
        failure_impact(HypervisorType.TYPE_1, FailureEvent.HOST_OS_CRASH, ["a"])


@pytest.mark.parametrize("kind", list(HypervisorType))
def test_hardware_failure_stops_everything_whatever_the_type(kind: HypervisorType) -> None:
    impact = failure_impact(kind, FailureEvent.HARDWARE_FAILURE, ["a", "b"])
    assert impact.stopped == ("a", "b")


def test_guest_crash_of_an_unknown_vm_is_refused() -> None:
    with pytest.raises(SimulationError, match="« z » absente"):
        failure_impact(HypervisorType.TYPE_1, FailureEvent.GUEST_CRASH, ["a"], "z")


def test_failure_impact_to_table_lists_stopped_then_running_vms() -> None:
    from hvlab.show import to_payload
    from hvlab.sim.display import Table

    impact = failure_impact(HypervisorType.TYPE_2, FailureEvent.GUEST_CRASH, ["a", "b", "c"], "b")
    table = impact.to_table()
    assert isinstance(table, Table)
    assert table.columns == ("VM", "état après la panne", "explication")
    assert [row[:2] for row in table.rows] == [
        ("b", "arrêtée"),
        ("a", "continue de tourner"),
        ("c", "continue de tourner"),
    ]
    assert table.title == "Plantage d'un système invité"
    assert to_payload(impact)["type"] == "table"
