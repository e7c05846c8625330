"""hvlab.sim helpers offered to answer expressions, as plain functions of numbers.

Each helper wraps one function of :mod:`hvlab.sim`; it is offered only when that module and
function exist (the simulator grows independently of the quiz engine). All take and return numbers
so that an expression such as ``precopy_downtime_ms(1000, 125, sale, 1)`` reads naturally.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Helper = Callable[..., Any]


def _linear_power_w(sim: Any) -> Helper:
    def linear_power_w(idle_w: float, max_w: float, utilisation: float) -> float:
        """Power (W) of a linear model at a utilisation in [0, 1]."""
        return float(sim.LinearPowerModel(idle_w=idle_w, max_w=max_w).power_w(utilisation))

    return linear_power_w


def _spec_power_w(sim: Any) -> Helper:
    def spec_power_w(server: str, utilisation: float) -> float:
        """Power (W) of a SPECpower server (``"HP_ML110_G4"`` or ``"HP_ML110_G5"``)."""
        models = {"HP_ML110_G4": sim.HP_ML110_G4, "HP_ML110_G5": sim.HP_ML110_G5}
        if server not in models:
            raise ValueError(
                f"serveur SPECpower inconnu « {server} » (connus : {', '.join(models)})"
            )
        return float(models[server].power_w(utilisation))

    return spec_power_w


def _same(function: Helper) -> Helper:
    return function


def _placement_lower_bound(sim: Any) -> Helper:
    def placement_lower_bound(
        vm_count: int,
        vm_cpu: float,
        vm_ram_gib: float,
        host_cpu: float,
        host_ram_gib: float,
        target: float = 0.8,
    ) -> int:
        """Fewest hosts for ``vm_count`` identical VMs, at most ``target`` full (CPU and RAM)."""
        items = [sim.PlacementItem(f"vm{i}", vm_cpu, vm_ram_gib) for i in range(int(vm_count))]
        return int(sim.lower_bound(items, host_cpu, host_ram_gib, target=target))

    return placement_lower_bound


def _mmc_response_factor(erlang_c: Helper) -> Helper:
    def mmc_response_factor(servers: int, utilisation: float) -> float:
        """M/M/c response time in service times: ``1 + C(c, a) / (c − a)`` with ``a = ρ·c``."""
        offered_load = float(utilisation) * int(servers)
        return 1.0 + float(erlang_c(int(servers), offered_load)) / (int(servers) - offered_load)

    return mmc_response_factor


def _precopy(attribute: str, scale: float = 1.0) -> Callable[[Any], Helper]:
    def make(closed_form: Helper) -> Helper:
        def helper(
            memory_mb: float,
            bandwidth_mb_s: float,
            dirty_rate_mb_s: float,
            stop_threshold_mb: float = 1.0,
        ) -> float:
            result = closed_form(
                memory_mb, bandwidth_mb_s, dirty_rate_mb_s, stop_threshold_mb=stop_threshold_mb
            )
            return float(getattr(result, attribute)) * scale

        return helper

    return make


#: expression name → (module, attribute, adapter from that attribute to the helper).
_TABLE: dict[str, tuple[str, str, Callable[[Any], Helper]]] = {
    "linear_power_w": ("hvlab.sim", "LinearPowerModel", lambda _: _linear_power_w(_sim())),
    "spec_power_w": ("hvlab.sim", "HP_ML110_G4", lambda _: _spec_power_w(_sim())),
    "energy_kwh": ("hvlab.sim", "energy_kwh", _same),
    "mm1_response_factor": ("hvlab.sim", "response_time_factor", _same),
    "mmc_response_factor": ("hvlab.sim", "erlang_c", _mmc_response_factor),
    "cpu_ready_percent": ("hvlab.sim", "ready_percent", _same),
    "n_plus_one_usable_fraction": ("hvlab.sim", "usable_capacity_fraction", _same),
    "placement_lower_bound": (
        "hvlab.sim",
        "lower_bound",
        lambda _: _placement_lower_bound(importlib.import_module("hvlab.sim")),
    ),
    "precopy_transferred_mb": ("hvlab.sim.migration", "closed_form", _precopy("transferred_mb")),
    "precopy_total_time_s": ("hvlab.sim.migration", "closed_form", _precopy("total_time_s")),
    "precopy_downtime_s": ("hvlab.sim.migration", "closed_form", _precopy("downtime_s")),
    "precopy_downtime_ms": (
        "hvlab.sim.migration",
        "closed_form",
        _precopy("downtime_s", 1000.0),
    ),
    "precopy_rounds": ("hvlab.sim.migration", "closed_form", _precopy("rounds")),
    "cloudsim_migration_time_s": ("hvlab.sim.migration", "cloudsim_migration_time_s", _same),
}


def _sim() -> Any:
    return importlib.import_module("hvlab.sim")


def sim_helpers() -> dict[str, Helper]:
    """The helpers whose hvlab.sim function exists, by expression name."""
    found: dict[str, Helper] = {}
    for name, (module_name, attribute, adapt) in _TABLE.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        target = getattr(module, attribute, None)
        if target is None:
            continue
        found[name] = adapt(target)
    return found


#: The expression names of every helper, whether available or not (for the documentation).
HELPER_NAMES: tuple[str, ...] = tuple(_TABLE)
