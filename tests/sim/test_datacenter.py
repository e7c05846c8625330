"""Hosts, clusters and datacentres."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.datacenter import Cluster, Datacenter, Host
from hvlab.sim.core.hardware import RACK_1U
from hvlab.sim.core.hypervisor import FailureEvent, get_hypervisor
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.display import MermaidDiagram


def _cluster() -> Cluster:
    return Cluster("prod", [Host("esx1", RACK_1U), Host("esx2", RACK_1U)])


def test_usable_capacity_takes_the_hypervisor_overhead() -> None:
    host = Host("esx1", RACK_1U)  # 32 cores, 256 GiB; ESXi keeps 3 % and 2 GiB
    assert host.usable_cores == pytest.approx(32 * 0.97)
    assert host.usable_ram_gib == pytest.approx(254)


def test_utilisation_and_power_of_a_host() -> None:
    host = Host("esx1", RACK_1U)
    host.add_vm(VM("a", vcpus=8).power_on())
    # (0.96 overhead cores + 8 busy vCPUs) / 32 = 0.28; 120 + 280 × 0.28 = 198.4 W.
    assert host.utilisation() == pytest.approx(0.28)
    assert host.power_w() == pytest.approx(198.4)
    host.powered_on = False
    assert host.power_w() == 0.0


def test_place_vms_attaches_and_powers_on() -> None:
    cluster = _cluster()
    # 31.04 usable cores × 0.8 = 24.8 per host: six 4-vCPU VMs per host.
    vms = [VM(f"w{i}", vcpus=4, ram_mib=16384) for i in range(12)]
    result = cluster.place_vms(vms, algorithm="ffd")
    assert result.hosts_used == 2 and result.unplaced == ()
    assert [len(h.vms) for h in cluster] == [6, 6]
    assert all(vm.state is VMState.RUNNING for vm in vms)
    assert cluster.locate("w7").name == "esx2"


def test_place_vms_skips_hosts_in_maintenance() -> None:
    cluster = _cluster()
    cluster.host("esx1").maintenance = True
    cluster.place_vms([VM("a", vcpus=2)])
    assert cluster.locate("a").name == "esx2"


def test_duplicate_names_are_refused() -> None:
    cluster = _cluster()
    with pytest.raises(SimulationError, match="déjà un hôte"):
        cluster.add_host(Host("esx1", RACK_1U))
    host = cluster.host("esx1")
    host.add_vm(VM("a"))
    with pytest.raises(SimulationError, match="déjà une VM"):
        host.add_vm(VM("a"))
    with pytest.raises(SimulationError, match="Aucun hôte « esx9 »"):
        cluster.host("esx9")


def test_type_2_host_os_crash_crashes_every_running_guest() -> None:
    host = Host("pc", RACK_1U, hypervisor=get_hypervisor("virtualbox"))
    for name in ("a", "b"):
        host.add_vm(VM(name).power_on())
    host.add_vm(VM("c"))  # off: not affected
    impact = host.fail(FailureEvent.HOST_OS_CRASH)
    assert impact.stopped == ("a", "b")
    assert [vm.state for vm in host.vms] == [VMState.CRASHED, VMState.CRASHED, VMState.OFF]


def test_guest_crash_leaves_the_others_running() -> None:
    host = Host("esx1", RACK_1U)
    for name in ("a", "b"):
        host.add_vm(VM(name).power_on())
    host.fail(FailureEvent.GUEST_CRASH, "a")
    assert host.vm("a").state is VMState.CRASHED and host.vm("b").state is VMState.RUNNING
    assert host.powered_on


def test_datacenter_topology_in_mermaid() -> None:
    cluster = _cluster()
    cluster.host("esx1").add_vm(VM("web1", vcpus=2, ram_mib=4096))
    dc = Datacenter("Paris", [cluster])
    diagram = dc.to_mermaid()
    assert isinstance(diagram, MermaidDiagram)
    assert diagram.startswith("flowchart TB")
    assert "esx1" in diagram and "esx2" in diagram
    assert "web1<br/>2 vCPU · 4 Gio · éteinte" in diagram
    assert isinstance(cluster.to_mermaid(), MermaidDiagram)
    assert dc.hosts == cluster.hosts and [vm.name for vm in dc.vms] == ["web1"]
    with pytest.raises(SimulationError):
        dc.add_cluster(Cluster("prod"))


def test_place_vms_counts_the_per_vm_memory_overhead() -> None:
    # RACK_1U 256 GiB, ESXi keeps 2 GiB → 254 GiB; target 1.0, no overcommit.
    # 16 × 16,230 MiB = 253.59 GiB fits without the overhead, but each VM also costs 64 MiB:
    # 16 × 16,294 MiB = 254.59 GiB > 254 GiB, while 15 × 16,294 MiB = 238.68 GiB fits.
    cluster = Cluster("c", [Host("esx1", RACK_1U)])
    vms = [VM(f"v{i}", vcpus=1, ram_mib=16230) for i in range(16)]
    result = cluster.place_vms(vms, target=1.0)
    assert len(cluster.host("esx1").vms) == 15
    assert len(result.unplaced) == 1


def test_place_vms_charges_the_overhead_of_vms_already_on_the_host() -> None:
    # 15 VMs of 16,230 MiB already on the host cost 15 × 16,294 MiB = 238.68 GiB of 254 GiB:
    # 15.32 GiB remain, so a 15.3 GiB VM (15,667.2 MiB + 64 MiB = 15.36 GiB) no longer fits
    # while a 15 GiB one (15.06 GiB with its overhead) does.
    host = Host("esx1", RACK_1U)
    for i in range(15):
        host.add_vm(VM(f"v{i}", vcpus=1, ram_mib=16230))
    cluster = Cluster("c", [host])
    assert cluster.place_vms([VM.with_ram_gib("big", 1, 15.3)], target=1.0).unplaced == ("big",)
    assert cluster.place_vms([VM.with_ram_gib("ok", 1, 15.0)], target=1.0).unplaced == ()


def test_headroom_agrees_with_place_vms_on_the_overhead() -> None:
    from hvlab.sim.core.headroom import headroom

    host = Host("esx1", RACK_1U)
    for i in range(10):
        host.add_vm(VM(f"v{i}", vcpus=1, ram_mib=16230))
    room = headroom(host, target=0.8, cpu_overcommit=1.0)
    # 254 GiB × 0.8 − 10 × (16,230 + 64) MiB = 203.2 − 159.1211 = 44.0789 GiB: the overhead of
    # the VMs already there is charged in full, as for the VM being placed.
    assert room.ram_gib == pytest.approx(254 * 0.8 - 10 * 16294 / 1024)
    cluster = Cluster("c", [host])
    # place_vms sees the same room: 45,080 MiB + 64 MiB = 44.0859 GiB does not fit,
    # 43.9 GiB + 64 MiB does.
    assert not room.fits(VM("big", 1, 45080))
    assert cluster.place_vms([VM("big", 1, 45080)], target=0.8).unplaced == ("big",)
    assert room.fits(VM.with_ram_gib("ok", 1, 43.9))
    assert cluster.place_vms([VM.with_ram_gib("ok", 1, 43.9)], target=0.8).unplaced == ()
