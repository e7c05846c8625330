"""The Beloglazov & Buyya set-up of CloudSim 3.0.3's ``power/planetlab`` examples, and its policies.

* 800 hosts, alternately HP ML110 G4 (2 × 1860 MIPS) and G5 (2 × 2660 MIPS), 4096 MB, 1 Gbit/s;
* one VM per trace; VM ``i`` has type ``i mod 4`` (CloudSim 3.0.3's ``Helper.createVmList``;
  later versions hand out types by quarters instead, which gives another DVFS figure) among
  MIPS {2500, 2000, 1000, 500} and RAM {870, 1740, 1740, 613} MB, 100 Mbit/s;
* a 300 s scheduling interval, 24 h.

Policies by name: ``npa``, ``dvfs``, ``thr-mmt`` (threshold, 0.8), ``iqr-mmt`` (1.5),
``mad-mmt`` (2.5), ``lr-mmt`` (1.2), ``lrr-mmt`` (1.2); other selectors with ``-rs``, ``-mu``
or ``-mc`` instead of ``-mmt``.

A PlanetLab day is read by :func:`hvlab.sim.core.traces.load_planetlab` (one row per VM: a name
then the 288 CPU percentages).

Example:
    >>> scenario = cloudsim_scenario([[0.1] * 4, [0.5] * 4], hosts=2)
    >>> result = run_policy(scenario, "thr-mmt", 0.8)
    >>> result.migrations >= 0
    True
"""

from __future__ import annotations

__all__ = [
    "CLOUDSIM_HOST_TYPES",
    "CLOUDSIM_VM_TYPES",
    "POLICY_DEFAULTS",
    "cloudsim_scenario",
    "make_policy",
    "run_policy",
]

from collections.abc import Callable, Sequence

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import HP_ML110_G4_SERVER, HP_ML110_G5_SERVER, ServerModel
from hvlab.sim.dynamic.allocation import MigrationPolicy, StaticPolicy
from hvlab.sim.dynamic.detectors import (
    InterQuartileRange,
    LocalRegression,
    LocalRegressionRobust,
    MedianAbsoluteDeviation,
    OverloadDetector,
    StaticThreshold,
)
from hvlab.sim.dynamic.engine import DynamicScenario, Policy, VmType, run_simulation
from hvlab.sim.dynamic.metrics import DynamicResult
from hvlab.sim.dynamic.selection import (
    MaximumCorrelation,
    MinimumMigrationTime,
    MinimumUtilization,
    RandomSelection,
    VmSelector,
)

#: The two server models of the experiment (CloudSim's ``Constants.HOST_*``).
CLOUDSIM_HOST_TYPES: tuple[ServerModel, ServerModel] = (HP_ML110_G4_SERVER, HP_ML110_G5_SERVER)

#: The four VM types (Amazon EC2-like, CloudSim's ``Constants.VM_*``).
CLOUDSIM_VM_TYPES: tuple[VmType, ...] = (
    VmType("High-CPU Medium", 2500.0, 870.0),
    VmType("Extra Large", 2000.0, 1740.0),
    VmType("Small", 1000.0, 1740.0),
    VmType("Micro", 500.0, 613.0),
)

#: Policy names and the parameter used when none is given.
POLICY_DEFAULTS: dict[str, float | None] = {
    "npa": None,
    "dvfs": None,
    "thr": 0.8,
    "iqr": 1.5,
    "mad": 2.5,
    "lr": 1.2,
    "lrr": 1.2,
}

_DETECTORS: dict[str, Callable[[float], OverloadDetector]] = {
    "thr": StaticThreshold,
    "iqr": InterQuartileRange,
    "mad": MedianAbsoluteDeviation,
    "lr": LocalRegression,
    "lrr": LocalRegressionRobust,
}

_SELECTORS: dict[str, Callable[[], VmSelector]] = {
    "mmt": MinimumMigrationTime,
    "mc": MaximumCorrelation,
    "mu": MinimumUtilization,
    "rs": RandomSelection,
}


def cloudsim_scenario(
    traces: Sequence[Sequence[float]], *, hosts: int = 800, interval_s: float = 300.0
) -> DynamicScenario:
    """The CloudSim experiment's datacentre over ``traces`` (fractions).

    Args:
        traces: one CPU trace per VM.
        hosts: number of hosts (alternately G4 and G5).
        interval_s: the scheduling interval and trace spacing.

    Returns:
        The :class:`DynamicScenario`.

    Raises:
        SimulationError: no trace or no host.
    """
    if hosts < 1:
        raise SimulationError(f"Nombre de serveurs invalide : {hosts!r}. Il en faut au moins un.")
    if not traces:
        raise SimulationError("Aucune trace : il faut au moins une VM.")
    return DynamicScenario(
        hosts=tuple(CLOUDSIM_HOST_TYPES[i % 2] for i in range(hosts)),
        vms=tuple(CLOUDSIM_VM_TYPES[i % len(CLOUDSIM_VM_TYPES)] for i in range(len(traces))),
        traces=tuple(tuple(float(v) for v in t) for t in traces),
        interval_s=interval_s,
    )


def _split(name: str) -> tuple[str, str]:
    key = name.strip().lower()
    if key in ("npa", "dvfs"):
        return key, ""
    detector, _, selector = key.partition("-")
    if detector not in _DETECTORS or selector not in _SELECTORS:
        raise SimulationError(
            f"Politique inconnue : {name!r}. Choisissez npa, dvfs ou DÉTECTEUR-SÉLECTION avec "
            "DÉTECTEUR parmi thr, iqr, mad, lr, lrr et SÉLECTION parmi mmt, mu, rs, mc "
            "(par exemple thr-mmt)."
        )
    return detector, selector


def make_policy(name: str, parameter: float | None = None, *, seed: int = 0) -> Policy:
    """Build a policy by name (``thr-mmt``, ``lr-mmt``, ``npa``…).

    Args:
        name: the policy's name.
        parameter: the threshold (THR) or safety parameter (IQR, MAD, LR, LRR); the paper's
            value when ``None``.
        seed: the seed of random selection (``-rs``).

    Returns:
        The policy.

    Raises:
        SimulationError: unknown name, or a parameter given to NPA/DVFS or out of range.
    """
    detector, selector = _split(name)
    if detector in ("npa", "dvfs"):
        if parameter is not None:
            raise SimulationError(
                f"La politique {detector} ne prend pas de paramètre (reçu : {parameter:g})".replace(
                    ".", ","
                )
                + "."
            )
        return StaticPolicy(non_power_aware=detector == "npa")
    value = POLICY_DEFAULTS[detector] if parameter is None else parameter
    assert value is not None
    if detector == "thr" and not 0 < value <= 1:
        shown = f"{value:g}".replace(".", ",")
        raise SimulationError(
            f"Seuil THR invalide : {shown}. Donnez une fraction entre 0 et 1 (0,8 pour 80 %)."
        )
    chooser = RandomSelection(seed) if selector == "rs" else _SELECTORS[selector]()
    return MigrationPolicy(_DETECTORS[detector](value), chooser)


def policy_label(name: str, parameter: float | None = None) -> str:
    """The canonical label of a policy, e.g. ``thr-mmt-0.8``."""
    detector, selector = _split(name)
    if detector in ("npa", "dvfs"):
        return detector
    value = POLICY_DEFAULTS[detector] if parameter is None else parameter
    return f"{detector}-{selector}-{value:g}"


def run_policy(
    scenario: DynamicScenario,
    name: str,
    parameter: float | None = None,
    *,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> DynamicResult:
    """Run one policy on a scenario and compute the metrics.

    Args:
        scenario: hosts, VMs, traces.
        name: the policy's name (see :func:`make_policy`).
        parameter: its parameter (the paper's value when ``None``).
        seed: the seed of random selection.
        progress: called after each step with ``(step, total)``.

    Returns:
        The :class:`DynamicResult`.

    Raises:
        SimulationError: unknown policy, bad parameter, or a VM that fits nowhere.
    """
    policy = make_policy(name, parameter, seed=seed)
    outcome = run_simulation(scenario, policy, progress=progress)
    return DynamicResult.from_outcome(
        policy_label(name, parameter), len(scenario.hosts), len(scenario.vms), outcome
    )
