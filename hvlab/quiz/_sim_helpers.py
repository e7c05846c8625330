"""hvlab.sim helpers offered to answer expressions, as plain functions of numbers.

Each helper wraps one function of :mod:`hvlab.sim`; it is offered only when that module and
function exist (the simulator grows independently of the quiz engine). All take and return numbers
so that an expression such as ``precopy_downtime_ms(1000, 125, sale, 1)`` reads naturally.

Every helper is bounded, so that a careless or hostile quiz file cannot make a build, ``hvlab
quiz check`` or the grading server hang: each argument must be a finite number of magnitude at
most 10¹⁵, and the counts that a computation loops over are capped (:data:`COUNT_LIMITS`); the
identical VMs of ``placement_lower_bound`` are summed, not listed. Out of bounds, a helper raises a
French :class:`ValueError` that names it, the argument, its value and the bound — what
:func:`hvlab.quiz.variants.evaluate` reports as « calcul impossible ».
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
from collections.abc import Callable
from typing import Any

from hvlab import fr

#: Largest magnitude of a number given to a helper.
MAX_MAGNITUDE = 1e15
#: helper → argument → largest count (the helper's work grows with it).
COUNT_LIMITS: dict[str, dict[str, int]] = {
    "placement_lower_bound": {"vm_count": 1_000_000},
    "mmc_response_factor": {"servers": 10_000},
    "n_plus_one_usable_fraction": {"hosts": 100_000, "spare_hosts": 100_000},
}
_MAX_TEXT = 100

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
        count = int(vm_count)
        if count <= 0:
            return 0
        # The bound depends on the totals only: one item holding them all gives the same answer
        # in constant time.
        total = sim.PlacementItem("vms", vm_cpu * count, vm_ram_gib * count)
        return int(sim.lower_bound([total], host_cpu, host_ram_gib, target=target))

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
        found[name] = _bounded(name, adapt(target))
    return found


def _bounded(name: str, helper: Helper) -> Helper:
    """``helper`` refusing, in French, arguments that are not numbers within bounds."""
    signature = inspect.signature(helper)
    counts = COUNT_LIMITS.get(name, {})
    expected = ", ".join(signature.parameters)

    @functools.wraps(helper)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            raise ValueError(f"{name} attend les arguments ({expected})") from None
        for argument, value in bound.arguments.items():
            _check(name, argument, value, counts.get(argument))
        return helper(*args, **kwargs)

    return call


def _check(name: str, argument: str, value: Any, count: int | None) -> None:
    where = f"{name} : « {argument} »"
    if isinstance(value, str):
        if len(value) > _MAX_TEXT:
            raise ValueError(f"{where} : texte trop long ({_MAX_TEXT} caractères au plus)")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where} doit être un nombre")
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise ValueError(
            f"{where} vaut {fr.significant(float(value), 3)} : un nombre entre −10¹⁵ et 10¹⁵ est "
            "attendu"
        )
    if count is not None and not (value == int(value) and 0 <= value <= count):
        raise ValueError(
            f"{where} vaut {fr.significant(float(value), 6)} : un nombre entier entre 0 et "
            f"{fr.number(count)} est attendu"
        )


#: The expression names of every helper, whether available or not (for the documentation).
HELPER_NAMES: tuple[str, ...] = tuple(_TABLE)
