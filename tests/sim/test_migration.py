"""Live migration models against the reference cases of REFERENCES.md."""

from __future__ import annotations

import itertools

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.display import Table, VegaLiteChart
from hvlab.sim.migration import (
    closed_form,
    cloudsim_migration_time_s,
    cold_migration,
    migrate,
    postcopy,
    precopy,
    qemu_precopy,
    xen_precopy,
)

# (dirty rate, λ, n, V_mig MB, T_mig s, downtime ms): REFERENCES.md, M = 1000 MB, R = 125 MB/s,
# V_thd = 1 MB. Hand check: λ = 0.2 → ⌈log(0.001)/log(0.2)⌉ = ⌈4.29⌉ = 5,
# V = 1000·(1 − 0.2⁶)/0.8 = 1249.92, T_down = 1000·0.2⁵/125 s = 2.56 ms.
CASES = [
    (25.0, 0.2, 5, 1249.92, 10.00, 2.56),
    (62.5, 0.5, 10, 1999.02, 15.99, 7.81),
]


@pytest.mark.parametrize(("dirty", "ratio", "n", "volume", "time", "down"), CASES)
def test_closed_form_reproduces_reference_cases(
    dirty: float, ratio: float, n: int, volume: float, time: float, down: float
) -> None:
    result = closed_form(1000, 125, dirty, stop_threshold_mb=1)
    assert result.ratio == pytest.approx(ratio)
    assert result.rounds == n
    assert round(result.transferred_mb, 2) == volume
    assert round(result.total_time_s, 2) == time
    assert round(result.downtime_ms, 2) == down
    assert result.converged


@pytest.mark.parametrize(("dirty", "ratio", "n", "volume", "time", "down"), CASES)
def test_precopy_round_by_round_agrees_with_closed_form_within_one_percent(
    dirty: float, ratio: float, n: int, volume: float, time: float, down: float
) -> None:
    rounds = precopy(1000, 125, dirty, stop_threshold_mb=1)
    assert rounds.rounds == n
    assert rounds.transferred_mb == pytest.approx(volume, rel=0.01)
    assert rounds.total_time_s == pytest.approx(time, rel=0.01)
    assert rounds.downtime_ms == pytest.approx(down, rel=0.01)
    # Each round sends λ times the previous one.
    data = rounds.data_per_round_mb
    assert data[0] == 1000
    assert all(b == pytest.approx(a * ratio) for a, b in itertools.pairwise(data))


def test_closed_form_adds_resume_time_to_downtime() -> None:
    result = closed_form(1000, 125, 25, stop_threshold_mb=1, resume_time_s=0.02)
    assert result.downtime_ms == pytest.approx(2.56 + 20)


@pytest.mark.parametrize("dirty", [125.0, 250.0])
@pytest.mark.parametrize("model", [precopy, closed_form, qemu_precopy, xen_precopy])
def test_dirty_rate_at_or_above_bandwidth_is_reported_as_non_converged(
    model: object, dirty: float
) -> None:
    result = model(1000, 125, dirty)  # type: ignore[operator]
    assert not result.converged
    # Downtime ≈ working set (all memory here) / R = 1000 / 125 = 8 s.
    assert result.downtime_s == pytest.approx(8.0, rel=0.01)


def test_writable_working_set_bounds_the_downtime_without_convergence() -> None:
    result = precopy(1000, 125, 500, writable_working_set_mb=250)
    assert not result.converged
    assert result.downtime_s == pytest.approx(250 / 125)


def test_precopy_stops_at_max_rounds() -> None:
    result = precopy(1000, 125, 100, stop_threshold_mb=1, max_rounds=3)
    assert result.rounds == 3
    assert not result.converged
    assert result.data_per_round_mb == pytest.approx((1000, 800, 640, 512))


def test_precopy_stops_at_max_data_factor() -> None:
    # λ = 0.9: 1000 + 900 + 810 = 2710, the next round would pass 3000 MB.
    result = precopy(1000, 125, 112.5, stop_threshold_mb=1, max_data_factor=3)
    assert result.rounds == 3
    assert result.stop_reason == "volume maximal de données atteint"


def test_qemu_stops_when_remaining_fits_in_300_ms() -> None:
    # λ = 0.2: 1000, 200, 40 MB; 40 MB at 125 MB/s = 0.32 s > 0.3; 8 MB → 64 ms.
    result = qemu_precopy(1000, 125, 25)
    assert result.rounds == 3
    assert result.downtime_ms == pytest.approx(64.0)
    assert result.downtime_s <= 0.3


def test_xen_first_round_runs_at_100_mbit_s_and_stops_under_50_pages() -> None:
    # Idle VM: one round at 12.5 MB/s (100 Mbit/s), nothing dirtied.
    result = xen_precopy(1000, 125, 0)
    assert result.rounds == 1
    assert result.converged
    assert result.total_time_s == pytest.approx(1000 / 12.5)


def test_xen_never_exceeds_29_iterations_or_three_times_ram() -> None:
    result = xen_precopy(4096, 125, 60)
    assert result.rounds <= 29
    assert sum(result.data_per_round_mb[:-1]) <= 3 * 4096 + 4096


def test_cold_migration_downtime_is_the_whole_copy() -> None:
    result = cold_migration(1000, 125)
    assert result.downtime_s == pytest.approx(8.0)
    assert result.total_time_s == pytest.approx(8.0)


def test_postcopy_pauses_only_for_cpu_state() -> None:
    result = postcopy(1000, 125, cpu_state_mb=1)
    assert result.downtime_ms == pytest.approx(8.0)
    assert result.total_time_s == pytest.approx(8.008)


@pytest.mark.parametrize(("ram", "seconds"), [(870, 13.92), (1740, 27.84), (613, 9.808)])
def test_cloudsim_migration_time_at_1_gbit_s(ram: float, seconds: float) -> None:
    assert cloudsim_migration_time_s(ram, 1000) == pytest.approx(seconds)


def test_result_offers_dict_table_and_chart() -> None:
    result = migrate("precopy", 1000, 125, 25)
    data = result.to_dict()
    assert {"rounds", "transferred_mb", "total_time_s", "downtime_ms", "converged"} <= set(data)
    table = result.to_table()
    assert isinstance(table, Table)
    assert len(table.rows) == result.rounds + 1
    chart = result.to_chart()
    assert isinstance(chart, VegaLiteChart)
    assert len(chart["data"]["values"]) == result.rounds + 1


@pytest.mark.parametrize(
    ("memory", "bandwidth", "dirty"), [(-1, 125, 25), (1000, 0, 25), (1000, 125, -5)]
)
def test_invalid_inputs_are_refused_in_french(
    memory: float, bandwidth: float, dirty: float
) -> None:
    with pytest.raises(SimulationError, match="invalide"):
        precopy(memory, bandwidth, dirty)


def test_unknown_model_is_refused_in_french() -> None:
    with pytest.raises(SimulationError, match="Modèle de migration inconnu"):
        migrate("teleport", 1000, 125, 25)


def test_docstring_examples_of_the_module_run() -> None:
    import doctest

    import hvlab.sim.migration as module

    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_xen_without_working_set_rewrites_all_memory_during_its_slow_first_round() -> None:
    # Round 1 crawls at 100 Mbit/s = 12.5 MB/s: 80 s, while 25 MB/s re-dirty all 1000 MB.
    result = xen_precopy(1000, 125, 25)
    assert not result.converged
    assert result.data_per_round_mb[1] == pytest.approx(1000)


def test_xen_with_a_writable_working_set_converges_on_the_reference_case() -> None:
    result = xen_precopy(1000, 125, 25, writable_working_set_mb=50)
    assert result.converged
    assert result.stop_reason == "moins de 50 pages restantes"
    # Round 2 sends the WWS; later rounds go at 25 + 6.25 MB/s and shrink by 25 / 31.25 = 0.8.
    assert result.data_per_round_mb[1] == pytest.approx(50)
    assert result.data_per_round_mb[2] == pytest.approx(40)
    assert result.downtime_ms < 50 * 4096 / 1e6 / 125 * 1000 + 1e-9
