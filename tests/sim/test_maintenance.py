"""Maintenance mode: evacuation by live migration versus the same intervention without
virtualisation."""

from __future__ import annotations

import math

import pytest

from hvlab.errors import PlacementError, SimulationError
from hvlab.sim.core.datacenter import Cluster, Host
from hvlab.sim.core.hardware import ENTRY_1U, RACK_1U
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.migration import precopy
from hvlab.sim.operations.maintenance import enter_maintenance, exit_maintenance


def _four_host_cluster(vms_per_host: int = 3) -> Cluster:
    cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
    for index, host in enumerate(cluster.hosts):
        for j in range(vms_per_host):
            host.add_vm(VM(f"vm{index}{j}", vcpus=2, ram_mib=4096).power_on())
    return cluster


def test_maintenance_of_one_host_in_four_keeps_every_downtime_under_a_second() -> None:
    cluster = _four_host_cluster()
    report = enter_maintenance(cluster, "esx1", window_s=7200, shutdown_s=120, boot_s=300)
    assert [i.vm for i in report.interruptions] == ["vm00", "vm01", "vm02"]
    assert all(i.downtime_s < 1.0 for i in report.interruptions)
    # Without virtualisation each service is down for shutdown + window + boot.
    assert all(i.without_virtualisation_s == 7620.0 for i in report.interruptions)
    assert report.total_without_virtualisation_s == 3 * 7620.0
    assert cluster.host("esx1").vms == []
    assert cluster.host("esx1").maintenance
    assert sum(len(h.vms) for h in cluster.hosts) == 12
    assert all(vm.state is VMState.RUNNING for vm in cluster.vms)


def test_maintenance_downtime_is_the_migration_downtime_plus_resume() -> None:
    cluster = _four_host_cluster(1)
    report = enter_maintenance(cluster, "esx2", dirty_rate_mb_s=25.0, resume_s=0.05)
    (only,) = report.interruptions
    expected = precopy(4096 * 1.048576, 125.0, 25.0)
    assert only.migration is not None
    assert only.migration.rounds == expected.rounds
    assert only.downtime_s == pytest.approx(expected.downtime_s + 0.05)
    assert only.start_s == 0.0
    assert report.evacuation_s == pytest.approx(expected.total_time_s)


def test_migrations_follow_each_other_largest_memory_first() -> None:
    cluster = Cluster("c", [Host("a", RACK_1U), Host("b", RACK_1U)])
    host = cluster.host("a")
    host.add_vm(VM("small", 1, 2048).power_on())
    host.add_vm(VM("big", 4, 16384).power_on())
    report = enter_maintenance(cluster, "a")
    assert [i.vm for i in report.interruptions] == ["big", "small"]
    first, second = report.interruptions
    assert first.migration is not None and second.migration is not None
    assert second.start_s == pytest.approx(first.migration.total_time_s)
    assert report.evacuation_s == pytest.approx(
        first.migration.total_time_s + second.migration.total_time_s
    )


def test_vms_go_to_the_host_with_most_free_memory() -> None:
    cluster = Cluster("c", [Host("a", RACK_1U), Host("b", RACK_1U), Host("c", RACK_1U)])
    cluster.host("b").add_vm(VM("resident", 2, 65536).power_on())
    cluster.host("a").add_vm(VM("mover", 2, 4096).power_on())
    report = enter_maintenance(cluster, "a")
    assert report.interruptions[0].destination == "c"


def test_a_vm_dirtying_faster_than_the_link_has_a_long_downtime() -> None:
    cluster = _four_host_cluster(1)
    report = enter_maintenance(cluster, "esx1", dirty_rate_mb_s={"vm00": 200.0})
    (only,) = report.interruptions
    assert only.migration is not None and not only.migration.converged
    assert only.downtime_s > 1.0


def test_evacuation_refused_when_the_other_hosts_are_full() -> None:
    cluster = Cluster("c", [Host("a", ENTRY_1U), Host("b", ENTRY_1U)])
    cluster.host("a").add_vm(VM("db", 4, 20 * 1024).power_on())
    cluster.host("b").add_vm(VM("app", 4, 20 * 1024).power_on())
    with pytest.raises(PlacementError, match="Impossible d'évacuer la VM « db »") as info:
        enter_maintenance(cluster, "a")
    assert info.value.vm == "db"
    assert [vm.name for vm in cluster.host("a").vms] == ["db"]  # nothing moved
    assert not cluster.host("a").maintenance


def test_exit_maintenance_makes_the_host_available_again() -> None:
    cluster = _four_host_cluster(1)
    enter_maintenance(cluster, "esx3")
    host = exit_maintenance(cluster, "esx3")
    assert not host.maintenance
    result = cluster.place_vms([VM("new", 2, 4096)], algorithm="ff")
    assert result.unplaced == ()
    assert not math.isnan(host.utilisation())


def test_report_to_dict_and_chart_carry_both_cases() -> None:
    report = enter_maintenance(_four_host_cluster(2), "esx4")
    data = report.to_dict()
    assert data["host"] == "esx4"
    assert len(data["vms"]) == 2
    assert data["max_downtime_s"] < 1.0
    chart = report.to_chart()
    cases = {value["cas"] for value in chart["data"]["values"]}
    assert cases == {"avec migration à chaud", "sans virtualisation"}
    assert len(report.to_table().rows) == 2


def test_chart_bars_are_not_stacked_on_the_log_scale() -> None:
    chart = enter_maintenance(_four_host_cluster(1), "esx1").to_chart()
    assert chart["encoding"]["y"]["scale"] == {"type": "log"}
    assert chart["encoding"]["y"]["stack"] is None


def test_a_bad_dirty_rate_leaves_the_cluster_untouched() -> None:
    cluster = _four_host_cluster(3)
    with pytest.raises(SimulationError, match=r"dirty_rate_mb_s\[vm02\]"):
        enter_maintenance(cluster, "esx1", dirty_rate_mb_s={"vm02": -1.0})
    assert [vm.name for vm in cluster.host("esx1").vms] == ["vm00", "vm01", "vm02"]
    assert not cluster.host("esx1").maintenance
    assert all(vm.state is VMState.RUNNING for vm in cluster.vms)


def test_table_title_uses_french_decimal_commas() -> None:
    report = enter_maintenance(_four_host_cluster(1), "esx1")
    assert "." not in report.to_table().title.split(":", 1)[1]
