"""Server models and their catalogue."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import SERVER_MODELS, ServerModel, get_server_model
from hvlab.sim.core.power import LinearPowerModel


def test_cloudsim_hosts_have_the_reference_figures() -> None:
    g4, g5 = get_server_model("hp-ml110-g4"), get_server_model("hp-ml110-g5")
    # REFERENCES.md: G4 2 cores × 1860 MIPS, G5 2 × 2660 MIPS, 4096 MB each.
    assert (g4.cores, g4.core_mips, g4.ram_mib) == (2, 1860, 4096)
    assert (g5.cores, g5.core_mips, g5.ram_mib) == (2, 2660, 4096)
    assert g4.power_w(0.55) == pytest.approx(104.0)
    assert g5.power_w(0.25) == pytest.approx(103.0)


def test_total_capacity_is_cores_times_speed() -> None:
    assert get_server_model("rack-2u").total_mhz == 64 * 2400


def test_catalogue_has_modern_servers_with_positive_figures() -> None:
    assert {"entry-1u", "rack-1u", "rack-2u"} <= set(SERVER_MODELS)
    for model in SERVER_MODELS.values():
        assert model.price_eur > 0 and model.rack_units >= 1
        assert model.power.idle_w < model.power.max_w
        assert model.to_dict()["name"] == model.name


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(SimulationError, match="rack-2u"):
        get_server_model("cray-1")


@pytest.mark.parametrize(
    ("field", "value"), [("cores", 0), ("core_mhz", -1.0), ("ram_gib", 0.0), ("rack_units", 0)]
)
def test_invalid_figures_are_refused_in_french(field: str, value: float) -> None:
    figures: dict[str, object] = {
        "name": "x",
        "cores": 4,
        "core_mhz": 2000.0,
        "ram_gib": 16.0,
        "power": LinearPowerModel(max_w=200, idle_w=100),
        field: value,
    }
    with pytest.raises(SimulationError, match="invalide"):
        ServerModel(**figures)  # type: ignore[arg-type]


def test_local_disk_is_optional_and_checked() -> None:
    assert get_server_model("entry-1u").disk_gib == 960
    with pytest.raises(SimulationError, match="capacité disque"):
        ServerModel("x", 4, 2000.0, 16.0, LinearPowerModel(max_w=200, idle_w=100), disk_gib=-1)
