"""Overload detectors, VM selection and policies on small datacentres."""

from __future__ import annotations

import random

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import ServerModel
from hvlab.sim.core.power import HP_ML110_G4
from hvlab.sim.dynamic import (
    InterQuartileRange,
    LocalRegression,
    LocalRegressionRobust,
    MaximumCorrelation,
    MedianAbsoluteDeviation,
    MinimumMigrationTime,
    RandomSelection,
    StaticThreshold,
    cloudsim_scenario,
    make_policy,
    run_policy,
)
from hvlab.sim.dynamic.detectors import iqr, mad, median
from hvlab.sim.dynamic.engine import DatacenterState, DynamicScenario, VmType

HOST = ServerModel("h", cores=1, core_mhz=1000.0, ram_gib=4.0, power=HP_ML110_G4, nic_gbps=1.0)


def _state(vms: list[VmType], requests: list[float]) -> DatacenterState:
    scenario = DynamicScenario(
        hosts=(HOST, HOST), vms=tuple(vms), traces=tuple((0.1,) * 4 for _ in vms)
    )
    state = DatacenterState(scenario)
    state.vm_instantiating = [False] * len(vms)
    state.vm_request = list(requests)
    for vm in range(len(vms)):
        state.vm_create(0, vm)
        state.vm_host[vm] = 0
    return state


def test_iqr_uses_cloudsim_rounded_ranks() -> None:
    # n = 8: ranks round(0.25·9) − 1 = 1 and round(0.75·9) − 1 = 6 → 7 − 2.
    assert iqr([8, 1, 7, 2, 6, 3, 5, 4]) == 5


def test_median_interpolates_like_commons_math() -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5


def test_mad_is_the_median_of_absolute_deviations() -> None:
    # Median 2; deviations 1, 1, 0, 0, 2, 4, 7 → median 1.
    assert mad([1, 1, 2, 2, 4, 6, 9]) == 1


def test_static_threshold_compares_demand_with_host_mips() -> None:
    state = _state([VmType("a", 1000, 870)], [850.0])
    assert StaticThreshold(0.8).is_overloaded(state, 0)
    assert not StaticThreshold(0.9).is_overloaded(state, 0)
    assert not StaticThreshold(0.8).is_overloaded(state, 1)  # no VM


def test_adaptive_detectors_fall_back_to_threshold_070_without_history() -> None:
    state = _state([VmType("a", 1000, 870)], [750.0])
    for detector in (InterQuartileRange(1.5), MedianAbsoluteDeviation(2.5), LocalRegression()):
        assert detector.is_overloaded(state, 0)  # 0.75 > 0.7


def test_iqr_threshold_from_history() -> None:
    state = _state([VmType("a", 1000, 870)], [600.0])
    # 12 values 0.5, 0.55, …: IQR by ranks round(3.25) − 1 = 2 and round(9.75) − 1 = 9 → 0.35;
    # threshold 1 − 1.5 × 0.35 = 0.475 < 0.6.
    state.vm_history[0].extend(0.5 + 0.05 * i for i in range(12))
    assert InterQuartileRange(1.5).is_overloaded(state, 0)
    assert not InterQuartileRange(1.0).is_overloaded(state, 0)  # 1 − 0.35 = 0.65 > 0.6


@pytest.mark.parametrize(
    ("safety", "overloaded"), [(1.2, True), (1.0, False)], ids=["s=1.2", "s=1.0"]
)
@pytest.mark.parametrize("detector", [LocalRegression, LocalRegressionRobust])
def test_local_regression_extrapolates_one_migration_interval(
    detector: type[LocalRegression], safety: float, overloaded: bool
) -> None:
    state = _state([VmType("a", 1000, 870)], [500.0])
    # Most recent first: 0.9, 0.85, …, 0.45 → a line of slope 0.05 reaching 0.9 at x = 10;
    # an 870 MB VM migrates in 13.92 s, i.e. one interval: at x = 11 it predicts 0.95.
    state.vm_history[0].extend(0.9 - 0.05 * i for i in range(10))
    assert detector(safety).is_overloaded(state, 0) is overloaded


def test_mmt_picks_the_smallest_ram_first_among_equals() -> None:
    vms = [VmType("a", 500, 1740), VmType("b", 500, 613), VmType("c", 500, 613)]
    state = _state(vms, [100.0, 100.0, 100.0])
    assert MinimumMigrationTime().select(state, 0) == 1
    state.vm_in_migration[1] = True
    assert MinimumMigrationTime().select(state, 0) == 2


def test_maximum_correlation_picks_a_vm_explained_by_the_others() -> None:
    vms = [VmType(str(i), 500, 613 + i) for i in range(3)]
    state = _state(vms, [100.0, 100.0, 100.0])
    rng = random.Random(4)
    base = [rng.uniform(0.1, 0.9) for _ in range(20)]
    state.vm_history[0].extend(rng.uniform(0.1, 0.9) for _ in range(20))  # independent noise
    state.vm_history[1].extend(base)
    state.vm_history[2].extend(0.5 * b + 0.1 + rng.uniform(-0.01, 0.01) for b in base)
    assert MaximumCorrelation().select(state, 0) in (1, 2)


def test_maximum_correlation_falls_back_to_mmt_without_enough_history() -> None:
    vms = [VmType("a", 500, 1740), VmType("b", 500, 613), VmType("c", 500, 870)]
    state = _state(vms, [100.0, 100.0, 100.0])
    for vm in range(3):
        state.vm_history[vm].extend([0.2, 0.3])  # 2 samples, 3 parameters: no regression
    assert MaximumCorrelation().select(state, 0) == 1


class _NoFallback(MinimumMigrationTime):
    def select(self, state: DatacenterState, host: int) -> int | None:
        raise AssertionError("the fallback should not be used")


def test_maximum_correlation_regresses_with_as_many_values_as_vms() -> None:
    # Commons Math refuses fewer samples than parameters, not as many (CloudSim then regresses).
    vms = [VmType("a", 500, 1740), VmType("b", 500, 613), VmType("c", 500, 870)]
    state = _state(vms, [100.0, 100.0, 100.0])
    for vm, values in enumerate(([0.2, 0.5, 0.3], [0.4, 0.1, 0.6], [0.3, 0.3, 0.9])):
        state.vm_history[vm].extend(values)
    assert MaximumCorrelation(fallback=_NoFallback()).select(state, 0) in (0, 1, 2)


def test_maximum_correlation_falls_back_when_a_regression_is_singular() -> None:
    # VMs a and b have the same history: regressing c on both is singular, Commons Math throws,
    # and CloudSim moves the VM its fallback (MMT) picks: b, the smallest RAM.
    vms = [VmType("a", 500, 1740), VmType("b", 500, 613), VmType("c", 500, 870)]
    state = _state(vms, [100.0, 100.0, 100.0])
    same = [0.1, 0.4, 0.2, 0.6, 0.3, 0.5]
    state.vm_history[0].extend(same)
    state.vm_history[1].extend(same)
    state.vm_history[2].extend([0.3, 0.2, 0.5, 0.1, 0.6, 0.4])
    assert MaximumCorrelation().select(state, 0) == 1


def test_random_selection_is_reproducible_with_a_seed() -> None:
    vms = [VmType(str(i), 100, 613) for i in range(6)]
    state = _state(vms, [10.0] * 6)
    first = [RandomSelection(7).select(state, 0) for _ in range(3)]
    assert first == [RandomSelection(7).select(state, 0) for _ in range(3)]


@pytest.mark.parametrize(
    ("name", "parameter", "message"),
    [
        ("thr-xyz", None, "Politique inconnue"),
        ("npa", 0.5, "ne prend pas de paramètre"),
        ("thr-mmt", 1.5, "Seuil THR invalide"),
        ("iqr-mmt", -1.0, "invalide"),
    ],
)
def test_bad_policies_are_refused_in_french(
    name: str, parameter: float | None, message: str
) -> None:
    with pytest.raises(SimulationError, match=message):
        make_policy(name, parameter)


def _synthetic(hosts: int = 16, vms: int = 12, samples: int = 24, seed: int = 1) -> DynamicScenario:
    rng = random.Random(seed)
    traces = []
    for _ in range(vms):
        level = rng.uniform(0.05, 0.6)
        traces.append(tuple(min(1.0, max(0.0, rng.gauss(level, 0.15))) for _ in range(samples)))
    return cloudsim_scenario(traces, hosts=hosts)


POLICIES = [
    ("npa", None),
    ("dvfs", None),
    ("thr-mmt", 0.8),
    ("iqr-mmt", 1.5),
    ("mad-mmt", 2.5),
    ("lr-mmt", 1.2),
    ("lrr-mmt", 1.2),
    ("thr-rs", 0.8),
    ("thr-mu", 0.8),
    ("thr-mc", 0.8),
]


@pytest.mark.parametrize(("name", "parameter"), POLICIES)
def test_small_datacentre_runs_every_policy_deterministically(
    name: str, parameter: float | None
) -> None:
    scenario = _synthetic()
    first = run_policy(scenario, name, parameter)
    second = run_policy(scenario, name, parameter)
    assert first.to_dict() == second.to_dict()
    npa = run_policy(scenario, "npa")
    assert 0 < first.energy_kwh <= npa.energy_kwh
    assert 0 <= first.slatah <= 1 and 0 <= first.pdm <= 1
    assert first.slav == pytest.approx(first.slatah * first.pdm)
    assert first.hosts == 16 and first.vms == 12


def test_consolidation_saves_energy_over_dvfs_and_switches_hosts_off() -> None:
    scenario = _synthetic(hosts=10, vms=12)
    dvfs = run_policy(scenario, "dvfs")
    thr = run_policy(scenario, "thr-mmt", 0.8)
    assert thr.migrations > 0
    assert thr.energy_kwh < dvfs.energy_kwh
    assert max(thr.outcome.active_hosts[-5:]) < 10


def test_result_offers_dict_table_and_chart() -> None:
    result = run_policy(_synthetic(), "thr-mmt")
    assert set(result.to_dict()) - {"skipped_vms"} == {
        "energy_kwh",
        "migrations",
        "slatah",
        "pdm",
        "slav",
        "hosts",
        "vms",
    }
    assert result.to_table().rows[0] == ("politique", "thr-mmt-0.8")
    assert len(result.to_chart()["data"]["values"]) == 2 * result.outcome.steps


def test_docstring_examples_of_the_cloudsim_module_run() -> None:
    import doctest

    import hvlab.sim.dynamic.cloudsim as module

    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_python_examples_of_the_reference_page_run() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "sim-dynamic.md"
    blocks = page.read_text(encoding="utf-8").split("```python\n")[1:]
    assert blocks
    for block in blocks:
        exec(compile(block.split("```", 1)[0], str(page), "exec"), {})
