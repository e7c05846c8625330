"""Core reference cases of the simulator, runnable without pytest.

This module imports only ``hvlab.sim`` and the standard library and uses plain ``assert``: the
browser test suite runs it unchanged inside Pyodide to prove that the simulator needs nothing
else. Every expected value comes from REFERENCES.md or from a hand computation written here.
"""

import math

from hvlab.sim import (
    HP_ML110_G4,
    HP_ML110_G5,
    LinearPowerModel,
    PlacementItem,
    energy_kwh,
    lower_bound,
    place,
    response_time_factor,
    usable_capacity_fraction,
)


def _close(a: float, b: float, tol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=tol)


def test_spec_g4_reference_points() -> None:
    for utilisation, watts in ((0.0, 86.0), (0.25, 94.3), (0.55, 104.0), (1.0, 117.0)):
        assert _close(HP_ML110_G4.power_w(utilisation), watts), (utilisation, watts)


def test_spec_g5_at_a_quarter_load() -> None:
    assert _close(HP_ML110_G5.power_w(0.25), 103.0)


def test_linear_model_idle_at_70_percent() -> None:
    model = LinearPowerModel(max_w=250.0, idle_w=0.7 * 250.0)
    assert _close(model.power_w(0.5), 212.5)


def test_cloudsim_fleet_at_full_power_for_a_day() -> None:
    fleet_w = 400 * HP_ML110_G4.power_w(1.0) + 400 * HP_ML110_G5.power_w(1.0)
    assert _close(fleet_w, 100_800.0)
    assert _close(energy_kwh(fleet_w, 24), 2419.2, 1e-6)


def test_mm1_response_time_factors() -> None:
    for rho, factor in ((0.5, 2.0), (0.8, 5.0), (0.9, 10.0), (0.95, 20.0)):
        assert _close(response_time_factor(rho), factor, 1e-9), (rho, factor)


def test_n_plus_one_on_five_equal_hosts_leaves_80_percent() -> None:
    assert _close(usable_capacity_fraction(5, 1), 0.8)


# Hand-checked 1-D instance (RAM never binds): hosts of 10 cores, target 1.0, 30 cores in all.
#   FF  in order 2,5,4,7,1,3,8: h0 = 2+5+1, h1 = 4+3, h2 = 7, h3 = 8            -> 4 hosts
#   FFD in order 8,7,5,4,3,2,1: h0 = 8+2, h1 = 7+3, h2 = 5+4+1                  -> 3 hosts
#   BFD: 8->h0 (2 left), 7->h1 (3), 5->h2 (5), 4->h2 (1), 3->h1 (0), 2->h0 (0), 1->h2 (0)
_SIZES = {"a": 2, "b": 5, "c": 4, "d": 7, "e": 1, "f": 3, "g": 8}


def _items() -> list[PlacementItem]:
    return [PlacementItem(name, float(cpu), 0.5) for name, cpu in _SIZES.items()]


def test_placement_lower_bound_of_the_small_instance() -> None:
    assert lower_bound(_items(), 10, 64, target=1.0) == 3


def test_first_fit_uses_four_hosts() -> None:
    result = place(_items(), host_cpu=10, host_ram_gib=64, algorithm="ff", target=1.0)
    assert result.hosts_used == 4
    assert result.placement == {"a": 0, "b": 0, "c": 1, "d": 2, "e": 0, "f": 1, "g": 3}


def test_ffd_reaches_the_lower_bound() -> None:
    result = place(_items(), host_cpu=10, host_ram_gib=64, algorithm="ffd", target=1.0)
    assert (result.hosts_used, result.lower_bound) == (3, 3)
    assert result.placement == {"g": 0, "d": 1, "b": 2, "c": 2, "f": 1, "a": 0, "e": 2}
    assert result.unplaced == ()


def test_bfd_reaches_the_lower_bound() -> None:
    result = place(_items(), host_cpu=10, host_ram_gib=64, algorithm="bfd", target=1.0)
    assert result.hosts_used == 3
    assert result.placement == {"g": 0, "d": 1, "b": 2, "c": 2, "f": 1, "a": 0, "e": 2}


def test_ffd_on_two_dimensions() -> None:
    # Hosts of 10 cores and 16 GiB, target 1.0. Normalised sums: c 0.4 + 0.5 = 0.9,
    # a 0.6 + 0.25 = 0.85, b 0.75, d 0.425, e 0.325 -> order c, a, b, d, e.
    # h0: c (4, 8) + a (6, 4) = (10, 12); b no longer fits h0 (CPU full) -> h1, then d, e.
    items = [
        PlacementItem("a", 6, 4),
        PlacementItem("b", 5, 4),
        PlacementItem("c", 4, 8),
        PlacementItem("d", 3, 2),
        PlacementItem("e", 2, 2),
    ]
    result = place(items, host_cpu=10, host_ram_gib=16, algorithm="ffd", target=1.0)
    assert result.placement == {"a": 0, "c": 0, "b": 1, "d": 1, "e": 1}
    assert result.lower_bound == 2


def test_target_utilisation_80_percent() -> None:
    # 10 cores at 80 % offer 8: two VMs of 4 cores share a host, a third needs another one.
    items = [PlacementItem(f"v{i}", 4, 1) for i in range(3)]
    result = place(items, host_cpu=10, host_ram_gib=64, algorithm="ffd")
    assert result.hosts_used == 2
    assert result.lower_bound == 2


def _run_all() -> str:
    for name, function in sorted(globals().items()):
        if name.startswith("test_") and callable(function):
            function()
    return "ok"


if __name__ == "__main__":
    print(_run_all())
