"""Placement: the bin-packing cases of REFERENCES.md, errors, and invariants (hypothesis)."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hvlab.errors import PlacementError, SimulationError
from hvlab.sim.core.placement import (
    ALGORITHMS,
    HostCapacity,
    PlacementItem,
    lower_bound,
    place,
    usable_capacity_fraction,
)
from hvlab.sim.display import MermaidDiagram, Table


def _items_1d(sizes: list[int]) -> list[PlacementItem]:
    return [PlacementItem(f"vm{i}", float(size), 0.0) for i, size in enumerate(sizes)]


# Johnson's tight family for FFD, in integers (capacity 120, ε = 1):
# 6 × 61, 6 × 32, 6 × 31, 12 × 28. Optimum 9 by construction: 6 bins {61, 31, 28} and
# 3 bins {32, 32, 28, 28}, each summing to exactly 120, and Σ = 9 × 120.
_OPT9 = [61] * 6 + [32] * 6 + [31] * 6 + [28] * 12


def test_ffd_tight_instance_has_an_optimum_of_nine() -> None:
    bins = [[61, 31, 28]] * 6 + [[32, 32, 28, 28]] * 3
    assert sorted(size for b in bins for size in b) == sorted(_OPT9)
    assert all(sum(b) == 120 for b in bins)
    assert lower_bound(_items_1d(_OPT9), 120, 1, target=1.0) == 9


def test_ffd_with_opt_nine_uses_at_most_eleven_hosts() -> None:
    # FFD: 6 hosts {61, 32} (27 left, < 28), 2 hosts {31, 31, 31}, 3 hosts {28 × 4}: 11,
    # exactly 11/9 · OPT — the bound of REFERENCES.md is reached, never exceeded.
    result = place(_items_1d(_OPT9), host_cpu=120, host_ram_gib=1, algorithm="ffd", target=1.0)
    assert result.hosts_used == 11
    assert result.hosts_used <= 11 / 9 * 9 + 6 / 9
    assert result.lower_bound == 9


def test_lower_bound_is_the_max_over_dimensions() -> None:
    items = [PlacementItem("a", 3, 30), PlacementItem("b", 3, 30), PlacementItem("c", 3, 30)]
    # CPU: 9 / (10 × 0.8) → 2; RAM: 90 / (40 × 0.8) = 2.81 → 3.
    assert lower_bound(items, 10, 40) == 3


def test_lower_bound_can_be_far_below_the_optimum() -> None:
    # Ten VMs of 51 % of a host: Σ = 5.1 hosts, so the bound is 6, yet no two share a host.
    result = place(_items_1d([51] * 10), host_cpu=100, host_ram_gib=1, algorithm="ffd", target=1)
    assert (result.lower_bound, result.hosts_used) == (6, 10)


def test_n_plus_one_on_five_equal_hosts_is_80_percent() -> None:
    assert usable_capacity_fraction(5, 1) == pytest.approx(0.8)
    assert usable_capacity_fraction(4, 1) == pytest.approx(0.75)


def test_usable_capacity_refuses_a_reserve_as_big_as_the_cluster() -> None:
    with pytest.raises(SimulationError, match="Réserve impossible"):
        usable_capacity_fraction(1, 1)


def test_spare_hosts_are_added_to_hosts_used_and_lower_bound() -> None:
    items = _items_1d([5, 5, 5])
    result = place(items, host_cpu=10, host_ram_gib=1, algorithm="ffd", target=1.0, spare_hosts=1)
    assert (result.hosts_active, result.spare_hosts, result.hosts_used) == (2, 1, 3)
    assert result.lower_bound == 3


def test_overcommit_multiplies_the_cpu_capacity() -> None:
    # 16 vCPU of 4 cores each on 8-core hosts: 2 per host without overcommit, 8 with 4:1
    # (8 × 4 × 1.0 = 32 cores of reservations).
    items = [PlacementItem(f"v{i}", 4, 1) for i in range(16)]
    plain = place(items, host_cpu=8, host_ram_gib=64, algorithm="ffd", target=1.0)
    overcommitted = place(
        items, host_cpu=8, host_ram_gib=64, algorithm="ffd", target=1.0, cpu_overcommit=4
    )
    assert (plain.hosts_used, overcommitted.hosts_used) == (8, 2)


def test_vm_larger_than_any_host_raises_a_french_placement_error() -> None:
    items = [PlacementItem("web", 2, 4), PlacementItem("db1", 2, 64)]
    with pytest.raises(PlacementError) as info:
        place(items, host_cpu=16, host_ram_gib=48)
    message = str(info.value)
    assert "« db1 »" in message
    assert "64 Gio" in message and "48 Gio × 0,8 = 38,4 Gio" in message
    assert info.value.vm == "db1"


def test_too_big_vm_is_reported_when_not_strict() -> None:
    items = [PlacementItem("web", 2, 4), PlacementItem("big", 40, 4)]
    result = place(items, host_cpu=16, host_ram_gib=48, strict=False)
    assert result.placement == {"web": 0}
    assert result.unplaced == ("big",)
    assert "trop grande" in result.reasons["big"]


def test_max_hosts_reports_what_does_not_fit() -> None:
    result = place(_items_1d([6, 6, 6]), host_cpu=10, host_ram_gib=1, target=1.0, max_hosts=2)
    assert result.hosts_used == 2
    assert result.unplaced == ("vm2",)


def test_fixed_hosts_keep_their_names_and_capacities() -> None:
    hosts = [HostCapacity(8, 16, "petit"), HostCapacity(32, 128, "gros")]
    items = [PlacementItem("db", 16, 64), PlacementItem("web", 2, 4)]
    result = place(items, hosts=hosts, algorithm="ff", target=1.0)
    assert result.placement == {"db": 1, "web": 0}
    assert result.to_table().rows[0][0] == "petit"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"algorithm": "next"}, "Algorithme de placement inconnu"),
        ({"target": 0}, "Objectif d'utilisation invalide"),
        ({"target": 1.2}, "Objectif d'utilisation invalide"),
        ({"cpu_overcommit": -1}, "surengagement CPU invalide"),
        ({"spare_hosts": -1}, "réserve invalide"),
    ],
)
def test_invalid_arguments_are_refused_in_french(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SimulationError, match=fragment):
        place(_items_1d([1]), host_cpu=10, host_ram_gib=10, **kwargs)  # type: ignore[arg-type]


def test_negative_ram_is_refused_naming_the_vm() -> None:
    with pytest.raises(SimulationError, match=r"« db » : demande RAM invalide \(-4 Gio\)"):
        PlacementItem("db", 2, -4)


def test_duplicate_vm_names_are_refused() -> None:
    with pytest.raises(SimulationError, match="« a »"):
        place([PlacementItem("a", 1, 1), PlacementItem("a", 1, 1)], host_cpu=4, host_ram_gib=4)


def test_result_views() -> None:
    result = place(_items_1d([5, 5, 5]), host_cpu=10, host_ram_gib=1, target=1.0, spare_hosts=1)
    data = result.to_dict()
    assert {"hosts_used", "lower_bound", "placement", "unplaced"} <= set(data)
    table = result.to_table()
    assert isinstance(table, Table) and len(table.rows) == 2
    assert table.rows[0][1] == 2  # two VMs on the first host
    diagram = result.to_mermaid()
    assert isinstance(diagram, MermaidDiagram)
    assert diagram.startswith("flowchart") and "hôte de réserve 1" in diagram


def test_worst_fit_spreads_and_best_fit_packs() -> None:
    # Hosts of 10, VMs 6, 5, 3 in this order: 6 → h0 (4 left), 5 → h1 (5 left); then 3 fits
    # both: best fit takes h0 (least room left), worst fit h1 (most room left).
    items = _items_1d([6, 5, 3])
    best = place(items, host_cpu=10, host_ram_gib=1, algorithm="bf", target=1.0)
    worst = place(items, host_cpu=10, host_ram_gib=1, algorithm="wf", target=1.0)
    assert best.placement["vm2"] == 0
    assert worst.placement["vm2"] == 1


_HOST_CPU = 16.0
_HOST_RAM = 64.0


@st.composite
def _instances(draw: st.DrawFn) -> tuple[list[PlacementItem], str, float, float, float, int]:
    count = draw(st.integers(min_value=0, max_value=60))
    cpu = st.floats(min_value=0, max_value=24, allow_nan=False)
    ram = st.floats(min_value=0, max_value=96, allow_nan=False)
    items = [PlacementItem(f"vm{i}", draw(cpu), draw(ram)) for i in range(count)]
    algorithm = draw(st.sampled_from(sorted(ALGORITHMS)))
    target = draw(st.floats(min_value=0.3, max_value=1.0))
    cpu_overcommit = draw(st.sampled_from([1.0, 1.5, 4.0]))
    ram_overcommit = draw(st.sampled_from([1.0, 1.25]))
    spare = draw(st.integers(min_value=0, max_value=2))
    return items, algorithm, target, cpu_overcommit, ram_overcommit, spare


@settings(max_examples=150, deadline=None)
@given(_instances())
def test_placement_invariants(
    instance: tuple[list[PlacementItem], str, float, float, float, int],
) -> None:
    items, algorithm, target, cpu_oc, ram_oc, spare = instance
    result = place(
        items,
        host_cpu=_HOST_CPU,
        host_ram_gib=_HOST_RAM,
        algorithm=algorithm,
        target=target,
        cpu_overcommit=cpu_oc,
        ram_overcommit=ram_oc,
        spare_hosts=spare,
        strict=False,
    )
    cap_cpu = _HOST_CPU * target * cpu_oc
    cap_ram = _HOST_RAM * target * ram_oc
    # Every VM is placed or reported, never both; unlimited hosts: only oversized ones are left.
    assert set(result.placement) | set(result.unplaced) == {i.name for i in items}
    assert not set(result.placement) & set(result.unplaced)
    for item in items:
        too_big = item.cpu > cap_cpu + 1e-9 or item.ram_gib > cap_ram + 1e-9
        assert (item.name in result.unplaced) == too_big
    # No host over capacity × target × overcommit.
    used_cpu: dict[int, float] = {}
    used_ram: dict[int, float] = {}
    by_name = {i.name: i for i in items}
    for name, host in result.placement.items():
        used_cpu[host] = used_cpu.get(host, 0.0) + by_name[name].cpu
        used_ram[host] = used_ram.get(host, 0.0) + by_name[name].ram_gib
    assert all(v <= cap_cpu + 1e-6 for v in used_cpu.values())
    assert all(v <= cap_ram + 1e-6 for v in used_ram.values())
    # Host indices are 0 … hosts_active − 1, and no placement beats the lower bound.
    assert set(result.placement.values()) == set(range(result.hosts_active))
    assert result.hosts_used >= result.lower_bound
    assert result.hosts_used - result.spare_hosts == result.hosts_active


@st.composite
def _known_optimum(draw: st.DrawFn) -> tuple[list[int], int]:
    """Items that fill ``k`` hosts of 1000 exactly: the optimum is ``k`` by construction."""
    bins = draw(st.integers(min_value=1, max_value=25))
    sizes: list[int] = []
    for _ in range(bins):
        cuts = draw(st.lists(st.integers(min_value=1, max_value=999), max_size=6, unique=True))
        points = [0, *sorted(cuts), 1000]
        sizes += [b - a for a, b in itertools.pairwise(points)]
    order = draw(st.permutations(sizes))
    return list(order), bins


@settings(max_examples=200, deadline=None)
@given(_known_optimum())
def test_ffd_never_exceeds_eleven_ninths_of_the_optimum(instance: tuple[list[int], int]) -> None:
    sizes, optimum = instance
    result = place(_items_1d(sizes), host_cpu=1000, host_ram_gib=1, algorithm="ffd", target=1.0)
    assert result.lower_bound == optimum  # exact fill: the bound is the optimum
    assert result.hosts_used <= 11 / 9 * optimum + 6 / 9
    assert result.hosts_used <= 11 / 9 * result.lower_bound + 1


def _seeded_items(seed: int, count: int) -> list[PlacementItem]:
    rng = random.Random(seed)
    return [
        PlacementItem(f"vm{i}", rng.uniform(0.1, 8), rng.uniform(0.5, 48)) for i in range(count)
    ]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(sorted(ALGORITHMS)))
def test_same_seed_same_result(seed: int, algorithm: str) -> None:
    first = place(_seeded_items(seed, 200), host_cpu=32, host_ram_gib=256, algorithm=algorithm)
    second = place(_seeded_items(seed, 200), host_cpu=32, host_ram_gib=256, algorithm=algorithm)
    assert first.to_dict() == second.to_dict()
