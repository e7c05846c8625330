"""Parity with CloudSim 3.0.3 on the PlanetLab days of ``../shared/data/planetlab``.

Reference: CloudSim 3.0.3 built from its sources (tag ``cloudsim-3.0.3`` of Cloudslab/cloudsim,
javac 17, Apache Commons Math 3.6.1 from Debian), patched only to read a day's per-VM files in
sorted order (``Arrays.sort`` after ``File.listFiles()`` in ``PlanetLabHelper``), which is the row
order of the CSV files; each policy run by ``PlanetLabRunner`` with the examples' constants on the
day's folder of ``cloudsim-examples/src/main/resources/workload/planetlab``. The figures are
those ``Helper.printResults`` prints (energy and SLA to its printed precision: kWh to 2 decimals,
SLATAH and PDM in % to 2, SLAV in % to 5), and the migration count. They agree with the sorted-order
figures of issue 17 and REFERENCES.md.

Every deterministic policy must give the same migrations and the energy within 0.01 kWh. Each
policy runs once (module fixture); the whole file takes about a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hvlab.sim.dynamic import DynamicResult
from hvlab.sim.dynamic.cloudsim import planetlab_scenario, run_policy

pytestmark = [pytest.mark.slow, pytest.mark.planetlab]

# (policy, parameter): (energy kWh, migrations, SLATAH %, PDM %, SLAV %) — CloudSim 3.0.3,
# day 20110303, 1052 VMs, 800 hosts, files in sorted order.
CLOUDSIM_20110303: dict[tuple[str, float | None], tuple[float, int, str, str, str]] = {
    ("npa", None): (2410.80, 0, "0.00", "0.00", "0.00000"),
    ("dvfs", None): (802.75, 0, "0.00", "0.00", "0.00000"),
    ("thr-mmt", 0.8): (192.62, 26_711, "4.91", "0.06", "0.00318"),
    ("iqr-mmt", 1.5): (189.98, 26_282, "4.82", "0.06", "0.00301"),
    ("mad-mmt", 2.5): (185.79, 26_556, "5.05", "0.07", "0.00334"),
    ("lr-mmt", 1.2): (163.48, 27_859, "5.86", "0.08", "0.00464"),
    ("lrr-mmt", 1.2): (163.48, 27_859, "5.86", "0.08", "0.00464"),
    ("thr-mu", 0.8): (207.79, 30_653, "7.38", "0.07", "0.00494"),
    ("thr-mc", 0.8): (183.48, 23_967, "6.84", "0.10", "0.00697"),
}


@pytest.fixture(scope="module")
def results(planetlab_dir: Path) -> dict[tuple[str, float | None], DynamicResult]:
    scenario = planetlab_scenario(planetlab_dir / "20110303.csv")
    assert len(scenario.vms) == 1052 and len(scenario.hosts) == 800
    return {
        key: run_policy(scenario, key[0], key[1], skip_unplaceable=True)
        for key in CLOUDSIM_20110303
    }


@pytest.mark.parametrize("key", list(CLOUDSIM_20110303), ids=lambda k: f"{k[0]}-{k[1]}")
def test_20110303_matches_cloudsim(
    results: dict[tuple[str, float | None], DynamicResult], key: tuple[str, float | None]
) -> None:
    energy, migrations, slatah, pdm, slav = CLOUDSIM_20110303[key]
    result = results[key]
    assert result.skipped_vms == 0
    assert result.migrations == migrations
    assert result.energy_kwh == pytest.approx(energy, abs=0.01)
    assert f"{result.slatah * 100:.2f}" == slatah
    assert f"{result.pdm * 100:.2f}" == pdm
    assert f"{result.slav * 100:.5f}" == slav


def test_npa_counts_the_day_minus_the_first_300_seconds(
    results: dict[tuple[str, float | None], DynamicResult],
) -> None:
    # 400 G4 at 117 W + 400 G5 at 135 W from 0 to the last update at 86 100.1 s.
    assert results[("npa", None)].energy_kwh == pytest.approx(100_800 * 86_100.1 / 3.6e6)


def test_a_day_with_more_vms_runs_to_the_end_as_in_cloudsim(planetlab_dir: Path) -> None:
    # 20110322: 1516 VMs (464 more than 20110303). CloudSim 3.0.3, sorted order: THR-MMT-0.8
    # 201.70 kWh, 28,902 migrations, SLATAH 5.03 %, PDM 0.06 %, SLAV 0.00306 %.
    scenario = planetlab_scenario(planetlab_dir / "20110322.csv")
    assert len(scenario.vms) == 1516
    result = run_policy(scenario, "thr-mmt", 0.8, skip_unplaceable=True)
    assert result.skipped_vms == 0
    assert result.outcome.steps == 287 and result.outcome.step_times_s[-1] == pytest.approx(
        86_100.1
    )
    assert result.migrations == 28_902
    assert result.energy_kwh == pytest.approx(201.70, abs=0.01)
    assert (f"{result.slatah * 100:.2f}", f"{result.slav * 100:.5f}") == ("5.03", "0.00306")


def test_seeded_random_selection_falls_in_cloudsims_range(planetlab_dir: Path) -> None:
    # CloudSim's RS has no seed: THR-RS-0.8 on 20110303 gave 183.38, 183.91, 183.97, 184.44, 184.71
    # and 184.86 kWh (24,185 to 24,888 migrations) in six runs here, and up to 187.5 kWh in issue
    # 17's runs.
    scenario = planetlab_scenario(planetlab_dir / "20110303.csv")
    first = run_policy(scenario, "thr-rs", 0.8, seed=0)
    assert 183.38 * 0.99 <= first.energy_kwh <= 187.5 * 1.01
    assert 24_185 * 0.95 <= first.migrations <= 24_888 * 1.05
    again = run_policy(scenario, "thr-rs", 0.8, seed=0)
    assert (again.energy_kwh, again.migrations) == (first.energy_kwh, first.migrations)


# Day 20110420 (1033 VMs), CloudSim 3.0.3, files in sorted order, as printed by
# Helper.printResults: a third day, with the policy whose choices hang on the last bit of Commons
# Math's regression (MC) and the one without migrations (DVFS).
CLOUDSIM_20110420: dict[tuple[str, float | None], tuple[float, int, str, str, str]] = {
    ("dvfs", None): (684.61, 0, "0.00", "0.00", "0.00000"),
    ("thr-mc", 0.8): (144.17, 20_506, "7.17", "0.11", "0.00779"),
}


@pytest.mark.parametrize("key", list(CLOUDSIM_20110420), ids=lambda k: f"{k[0]}-{k[1]}")
def test_20110420_matches_cloudsim(planetlab_dir: Path, key: tuple[str, float | None]) -> None:
    scenario = planetlab_scenario(planetlab_dir / "20110420.csv")
    assert len(scenario.vms) == 1033
    energy, migrations, slatah, pdm, slav = CLOUDSIM_20110420[key]
    result = run_policy(scenario, key[0], key[1], skip_unplaceable=True)
    assert result.skipped_vms == 0
    assert result.migrations == migrations
    assert result.energy_kwh == pytest.approx(energy, abs=0.01)
    assert f"{result.slatah * 100:.2f}" == slatah
    assert f"{result.pdm * 100:.2f}" == pdm
    assert f"{result.slav * 100:.5f}" == slav
