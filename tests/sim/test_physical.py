"""Before virtualisation: dedicated servers, provisioning and maintenance downtime."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import ENTRY_1U
from hvlab.sim.core.workload import constant
from hvlab.sim.planning.physical import (
    PhysicalFleet,
    PhysicalServer,
    generate_fleet,
    maintenance_downtime,
    physical_provisioning,
    virtual_provisioning,
)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_generated_fleet_is_mostly_idle(seed: int) -> None:
    summary = generate_fleet(30, seed=seed).summary()
    # REFERENCES.md: 6–12 % (secondary sources), 5–10 % (course notes).
    assert 0.05 <= summary.average_utilisation <= 0.12
    assert 0.05 <= summary.ram_utilisation <= 0.10
    assert summary.servers == 30 and summary.rack_units == 30


def test_same_seed_same_fleet() -> None:
    assert generate_fleet(12, seed=9).to_dict() == generate_fleet(12, seed=9).to_dict()
    assert generate_fleet(12, seed=9).to_dict() != generate_fleet(12, seed=10).to_dict()


def test_energy_and_cost_of_a_hand_made_fleet() -> None:
    # Entry 1U: linear 60–150 W; at 10 %: 60 + 90 × 0.1 = 69 W → 69 × 8760 / 1000 = 604.44 kWh.
    servers = tuple(
        PhysicalServer(f"app{i}", ENTRY_1U, constant(0.1, samples=4), ram_used_gib=2)
        for i in range(3)
    )
    summary = PhysicalFleet(servers).summary()
    assert summary.energy_kwh_per_year == pytest.approx(3 * 604.44)
    assert summary.average_utilisation == pytest.approx(0.1)
    assert summary.ram_utilisation == pytest.approx(2 / 32)
    assert summary.purchase_eur == 3 * ENTRY_1U.price_eur


def test_provisioning_timelines() -> None:
    physical = physical_provisioning()
    # 15 days × 24 h + 4 + 2 + 2 + 4 + 8 h.
    assert physical.total_h == pytest.approx(380)
    assert virtual_provisioning().total_h == pytest.approx(0.25 + 0.5 + 1 + 8)
    assert physical_provisioning(order_days=0).total_h == pytest.approx(20)
    schedule = physical.schedule()
    assert schedule[0] == ("Commande et livraison du serveur", 0.0, 360.0)
    assert schedule[-1][2] == pytest.approx(380)
    assert physical.to_table().rows[1][0] == "Mise en baie et câblage"
    assert physical.to_chart()["mark"] == "bar"


def test_maintenance_downtime_without_and_with_live_migration() -> None:
    before = maintenance_downtime(40, interventions_per_year=2, duration_h=4)
    assert before.downtime_h_per_service == 8 and before.total_downtime_h == 320
    assert before.availability == pytest.approx(1 - 8 / 8760)
    after = maintenance_downtime(40, live_migration=True)
    assert after.total_downtime_h == 0 and after.availability == 1.0


def test_invalid_fleets_are_refused() -> None:
    with pytest.raises(SimulationError, match="Nombre de serveurs invalide"):
        generate_fleet(0)
    with pytest.raises(SimulationError, match="mémoire utilisée invalide"):
        PhysicalServer("x", ENTRY_1U, constant(0.1, samples=1), ram_used_gib=64)
