"""High availability: detection after the heartbeat timeout, restarts by priority within
admission control, and isolation of a guest crash."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.datacenter import Cluster, Host
from hvlab.sim.core.hardware import ENTRY_1U, RACK_1U
from hvlab.sim.core.hypervisor import FailureEvent, get_hypervisor
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.operations.ha import (
    HAConfig,
    HostFailuresPolicy,
    PercentagePolicy,
    admission_check,
    guest_crash,
    host_failure,
)


def _cluster(hosts: int = 3, model: object = RACK_1U) -> Cluster:
    return Cluster("prod", [Host(f"esx{i}", model) for i in range(1, hosts + 1)])  # type: ignore[arg-type]


def test_n_plus_one_on_five_equal_hosts_leaves_80_percent() -> None:
    assert HostFailuresPolicy(1).usable_fraction(_cluster(5)) == pytest.approx(0.8)
    assert HostFailuresPolicy(2).usable_fraction(_cluster(5)) == pytest.approx(0.6)


def test_percentage_policy_leaves_the_complement() -> None:
    assert PercentagePolicy(0.25).usable_fraction(_cluster(4)) == pytest.approx(0.75)


def test_tolerating_as_many_failures_as_hosts_is_refused_in_french() -> None:
    with pytest.raises(SimulationError, match="Ajoutez des hôtes"):
        HostFailuresPolicy(3).usable_fraction(_cluster(3))


def test_admission_check_flags_reservations_beyond_the_usable_share() -> None:
    cluster = _cluster(2, ENTRY_1U)
    usable_gib = cluster.host("esx1").usable_ram_gib
    # 60 % of each host is reserved: the survivor could not take the other's VMs.
    cluster.host("esx1").add_vm(VM("a", 2, int(usable_gib * 1024 * 0.6)).power_on())
    cluster.host("esx2").add_vm(VM("b", 2, int(usable_gib * 1024 * 0.6)).power_on())
    report = admission_check(cluster, HostFailuresPolicy(1))
    assert report.usable_fraction == pytest.approx(0.5, abs=0.01)
    assert report.ram_used_fraction == pytest.approx(0.6, abs=0.01)
    assert not report.ok
    assert "NON respecté" in report.message
    assert "60\u00a0% de la capacité réservés pour 50\u00a0% utilisables" in report.message


def test_host_failure_restarts_vms_after_detection_by_priority() -> None:
    cluster = _cluster(3)
    failed = cluster.host("esx1")
    for name in ("web", "db", "batch"):
        failed.add_vm(VM(name, 2, 8192).power_on())
    cluster.host("esx2").add_vm(VM("other", 2, 8192).power_on())
    config = HAConfig(failure_timeout_s=15, restart_interval_s=2, boot_s=90)
    report = host_failure(
        cluster, "esx1", priorities={"db": "haute", "batch": "basse"}, config=config
    )
    assert report.detection_s == 15
    order = [o.vm for o in report.outages]
    assert order == ["db", "web", "batch"]
    # detection + position in the restart queue × interval + boot
    assert [o.outage_s for o in report.outages] == [105.0, 107.0, 109.0]
    assert all(o.to_host in {"esx2", "esx3"} for o in report.outages)
    assert not failed.powered_on
    assert all(cluster.locate(name).name != "esx1" for name in ("web", "db", "batch"))
    assert all(cluster.locate(n).vm(n).state is VMState.RUNNING for n in ("web", "db", "batch"))
    assert report.unaffected == ("other",)


def test_vms_that_fit_nowhere_are_reported_not_restarted() -> None:
    cluster = _cluster(2, ENTRY_1U)
    usable_gib = cluster.host("esx1").usable_ram_gib
    cluster.host("esx1").add_vm(VM("a", 2, int(usable_gib * 1024 * 0.7)).power_on())
    cluster.host("esx2").add_vm(VM("b", 2, int(usable_gib * 1024 * 0.7)).power_on())
    report = host_failure(cluster, "esx1")
    (outage,) = report.outages
    assert not outage.restarted
    assert "contrôle d'admission" in outage.reason
    assert report.not_restarted == (outage,)


def test_guest_crash_is_isolated_to_that_vm() -> None:
    cluster = _cluster(2)
    host = cluster.host("esx1")
    for name in ("a", "b", "c"):
        host.add_vm(VM(name, 1, 2048).power_on())
    cluster.host("esx2").add_vm(VM("d", 1, 2048).power_on())
    report = guest_crash(cluster, "b", config=HAConfig(vm_monitoring_timeout_s=30, boot_s=90))
    assert [o.vm for o in report.outages] == ["b"]
    assert report.outages[0].outage_s == 120.0
    assert set(report.unaffected) == {"a", "c", "d"}
    assert host.powered_on


def test_type2_host_os_crash_stops_every_guest() -> None:
    cluster = Cluster(
        "poste",
        [Host("pc1", ENTRY_1U, get_hypervisor("virtualbox")), Host("pc2", ENTRY_1U)],
    )
    for name in ("x", "y"):
        cluster.host("pc1").add_vm(VM(name, 1, 1024).power_on())
    report = host_failure(cluster, "pc1", event=FailureEvent.HOST_OS_CRASH)
    assert {o.vm for o in report.outages} == {"x", "y"}


def test_heartbeat_interval_longer_than_timeout_is_refused() -> None:
    with pytest.raises(SimulationError, match="heartbeats"):
        HAConfig(heartbeat_interval_s=20, failure_timeout_s=15)


def test_n_plus_one_share_does_not_depend_on_the_vms_held() -> None:
    cluster = _cluster(5)
    for index, host in enumerate(cluster.hosts):
        for j in range(index * 3):
            host.add_vm(VM(f"vm{index}{j}", 1, 2048).power_on())
    assert HostFailuresPolicy(1).usable_fraction(cluster) == pytest.approx(0.8)


def test_table_title_agrees_in_number_and_keeps_reasons_apart() -> None:
    cluster = _cluster(2, ENTRY_1U)
    usable_gib = cluster.host("esx1").usable_ram_gib
    cluster.host("esx1").add_vm(VM("a", 2, int(usable_gib * 1024 * 0.7)).power_on())
    cluster.host("esx1").add_vm(VM("s", 1, 1024).power_on())
    cluster.host("esx2").add_vm(VM("b", 2, int(usable_gib * 1024 * 0.7)).power_on())
    table = host_failure(cluster, "esx1").to_table()
    assert "1 VM redémarrée, 1 VM non redémarrée, 1 VM non touchée" in table.title
    rows = {row[0]: row for row in table.rows}
    assert rows["a"][4] is None and "contrôle d'admission" in rows["a"][5]
    assert rows["s"][4] == 105.0 and rows["s"][5] == ""
