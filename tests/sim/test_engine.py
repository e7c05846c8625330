"""The time-stepped engine on tiny datacentres computed by hand (CloudSim 3.0.3 semantics)."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import ServerModel
from hvlab.sim.core.power import HP_ML110_G4, spec_power_w
from hvlab.sim.dynamic import MigrationPolicy, MinimumMigrationTime, StaticThreshold
from hvlab.sim.dynamic.allocation import StaticPolicy
from hvlab.sim.dynamic.engine import (
    DatacenterState,
    DynamicScenario,
    VmType,
    run_simulation,
)

# One core of 1000 MIPS, 1 Gbit/s: a 625 MB VM migrates in 625 / (1000 / 16) = 10 s.
SMALL = ServerModel("petit", cores=1, core_mhz=1000.0, ram_gib=4.0, power=HP_ML110_G4, nic_gbps=1.0)
DOUBLE = ServerModel(
    "double", cores=2, core_mhz=1000.0, ram_gib=4.0, power=HP_ML110_G4, nic_gbps=1.0
)
VM = VmType("vm", 1000.0, 625.0)


def test_spec_power_follows_cloudsim_table() -> None:
    table = HP_ML110_G4.watts
    assert spec_power_w(table, 0.0) == 86.0
    assert spec_power_w(table, 0.25) == pytest.approx(94.3)
    assert spec_power_w(table, 1.0) == 117.0
    assert spec_power_w(table, 0.33) == pytest.approx(96 + 3.5 * 0.3)


def test_dvfs_energy_skips_first_interval_and_charges_each_later_one() -> None:
    # VM at 25 % of the host for 4 samples: updates at 300.1, 600.1 and 900.1 s (1200.1 is past
    # the end). The first interval costs nothing (the host was "off" before), then
    # 2 × 300 s at P(0.25) = 94.3 W.
    scenario = DynamicScenario(hosts=(SMALL,), vms=(VM,), traces=((0.25,) * 4,))
    outcome = run_simulation(scenario, StaticPolicy())
    assert outcome.steps == 3
    assert outcome.last_time_s == pytest.approx(900.1)
    assert outcome.energy_j == pytest.approx(2 * 300 * 94.3)
    assert outcome.migrations == 0


def test_npa_charges_maximum_power_from_time_zero_to_last_update() -> None:
    scenario = DynamicScenario(hosts=(SMALL, SMALL), vms=(VM,), traces=((0.25,) * 4,))
    outcome = run_simulation(scenario, StaticPolicy(non_power_aware=True))
    assert outcome.energy_j == pytest.approx(2 * 117.0 * 900.1)


def test_oversubscribed_host_scales_everyone_down_and_rounds_down() -> None:
    # VmSchedulerTimeSharedOverSubscription: two VMs asking 600 MIPS on a 1000-MIPS host get
    # floor(600 × 1000 / 1200) = 500 each and nothing is left.
    scenario = DynamicScenario(hosts=(SMALL,), vms=(VM, VM), traces=((0.6,) * 4, (0.6,) * 4))
    state = DatacenterState(scenario)
    state.vm_instantiating = [False, False]
    state.vm_request = [600.0, 600.0]
    state.vm_create(0, 0)
    assert state.host_alloc[0] == {0: 600.0}
    state.vm_create(0, 1)
    assert state.host_alloc[0] == {0: 500.0, 1: 500.0}
    assert state.host_avail[0] == 0.0
    state.vm_destroy(0, 1)
    assert state.host_alloc[0] == {0: 600.0}
    assert state.host_avail[0] == pytest.approx(400.0)


def test_vm_whose_demand_reaches_exactly_zero_is_removed() -> None:
    trace_idle = (0.5, 0.0, 0.0, 0.0)
    scenario = DynamicScenario(hosts=(DOUBLE,), vms=(VM, VM), traces=(trace_idle, (0.2,) * 4))
    outcome = run_simulation(scenario, StaticPolicy())
    assert outcome.removed_vms == 1


def test_underloaded_host_is_evacuated_by_a_ten_second_migration() -> None:
    # Two hosts at 30 % each: host 0 (the first of the least loaded) is emptied onto host 1
    # at 300.1 s; the migration lasts 625 MB / 62.5 MB/s = 10 s.
    scenario = DynamicScenario(hosts=(SMALL, SMALL), vms=(VM, VM), traces=((0.3,) * 4, (0.3,) * 4))
    policy = MigrationPolicy(StaticThreshold(0.8), MinimumMigrationTime())
    outcome = run_simulation(scenario, policy)
    assert outcome.migrations == 1
    assert outcome.active_hosts[-1] == 1
    # Energy: [300.1, 310.1] host 0 at P(0.3) = 96 W, host 1 at P(0.33) = 97.05 W (its VM plus
    # 10 % of the incoming one); then host 1 alone at P(0.6) = 106 W for 590 s.
    assert outcome.energy_j == pytest.approx(10 * 96.0 + 10 * 97.05 + 590 * 106.0)
    # SLATAH: host 1 is short during the 10 s (the incoming VM gets 10 %), host 0 is active
    # 10 s, host 1 600 s.
    assert outcome.sla_time_violation_s == pytest.approx(10.0)
    assert outcome.sla_time_active_s == pytest.approx(610.0)
    # PDM: the migrating VM gets 90 % of 300 MIPS for 10 s; both VMs ask 300 MIPS for 600 s.
    assert outcome.underallocated_migration_mips_s == pytest.approx(30 * 10)
    assert outcome.requested_mips_s == pytest.approx(2 * 300 * 600)


def test_any_step_is_accepted() -> None:
    scenario = DynamicScenario(hosts=(SMALL,), vms=(VM,), traces=((0.25,) * 10,), interval_s=60)
    outcome = run_simulation(scenario, StaticPolicy())
    assert outcome.steps == 9
    assert outcome.energy_j == pytest.approx(8 * 60 * 94.3)


def test_vm_fitting_nowhere_is_refused_in_french() -> None:
    big = VmType("énorme", 5000.0, 625.0)
    scenario = DynamicScenario(hosts=(SMALL,), vms=(big,), traces=((0.1,) * 4,))
    with pytest.raises(SimulationError, match="ne tient sur aucun serveur"):
        run_simulation(scenario, StaticPolicy())


@pytest.mark.parametrize(
    ("traces", "message"),
    [((), "une trace par VM"), (((1.5,) * 4,), "hors de"), (((0.1,) * 3,), "une trace")],
)
def test_bad_scenarios_are_refused_in_french(
    traces: tuple[tuple[float, ...], ...], message: str
) -> None:
    vms = (VM,) if len(traces) != 1 or len(traces[0]) != 3 else (VM, VM)
    with pytest.raises(SimulationError, match=message):
        DynamicScenario(hosts=(SMALL,), vms=vms, traces=traces)
