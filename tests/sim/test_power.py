"""Power models against the reference cases of REFERENCES.md."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.power import HP_ML110_G4, HP_ML110_G5, LinearPowerModel, energy_kwh


@pytest.mark.parametrize(
    ("utilisation", "watts"), [(0.0, 86.0), (0.25, 94.3), (0.55, 104.0), (1.0, 117.0)]
)
def test_spec_g4_interpolates_the_cloudsim_table(utilisation: float, watts: float) -> None:
    assert HP_ML110_G4.power_w(utilisation) == pytest.approx(watts, abs=1e-9)


def test_spec_g5_at_a_quarter_load() -> None:
    assert HP_ML110_G5.power_w(0.25) == pytest.approx(103.0, abs=1e-9)


def test_linear_model_with_idle_at_70_percent_of_max() -> None:
    model = LinearPowerModel.from_idle_fraction(max_w=250, idle_fraction=0.7)
    assert model.power_w(0.5) == pytest.approx(212.5)
    assert model.power_w(0.0) == pytest.approx(175.0)


def test_fleet_of_800_cloudsim_hosts_at_full_power_for_a_day() -> None:
    fleet_w = 400 * HP_ML110_G4.power_w(1.0) + 400 * HP_ML110_G5.power_w(1.0)
    assert fleet_w == pytest.approx(100_800.0)
    assert energy_kwh(fleet_w, 24) == pytest.approx(2419.2)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_utilisation_outside_zero_one_is_refused_in_french(bad: float) -> None:
    with pytest.raises(SimulationError, match="entre 0 et 1"):
        HP_ML110_G4.power_w(bad)
