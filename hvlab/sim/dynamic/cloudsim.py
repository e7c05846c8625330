"""The Beloglazov & Buyya set-up of CloudSim 3.0.3's ``power/planetlab`` examples, and its policies.

* 800 hosts, alternately HP ML110 G4 (2 × 1860 MIPS) and G5 (2 × 2660 MIPS), 4096 MB, 1 Gbit/s;
* one VM per trace, in the order of the traces; VM types by quarters of the list (VM ``i`` has
  type ``i / ceil(n / 4)``, CloudSim 3.0.3's ``Helper.createVmList``) among MIPS
  {2500, 2000, 1000, 500} and RAM {870, 1740, 1740, 613} MB, 100 Mbit/s;
* a 300 s scheduling interval, 24 h.

Policies by name: ``npa``, ``dvfs``, ``thr-mmt`` (threshold, 0.8), ``iqr-mmt`` (1.5),
``mad-mmt`` (2.5), ``lr-mmt`` (1.2), ``lrr-mmt`` (1.2); other selectors with ``-rs``, ``-mu``
or ``-mc`` instead of ``-mmt``.

A PlanetLab day is read by :func:`hvlab.sim.core.traces.load_planetlab` (one row per VM: a name
then the 288 CPU percentages).

Example:
    >>> scenario = cloudsim_scenario([[0.1] * 4, [0.5] * 4], hosts=4)
    >>> result = run_policy(scenario, "thr-mmt", 0.8)
    >>> result.migrations >= 0
    True
"""

from __future__ import annotations

__all__ = [
    "CLOUDSIM_HOST_TYPES",
    "CLOUDSIM_VM_TYPES",
    "HOSTS_PER_DAY",
    "MAX_SCALE",
    "POLICY_DEFAULTS",
    "cloudsim_scenario",
    "cloudsim_vm_types",
    "make_policy",
    "planetlab_scenario",
    "run_policy",
    "trace_files",
]

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from hvlab.errors import SimulationError
from hvlab.fr import number
from hvlab.sim.core.hardware import HP_ML110_G4_SERVER, HP_ML110_G5_SERVER, ServerModel
from hvlab.sim.core.traces import load_planetlab
from hvlab.sim.dynamic.allocation import MigrationPolicy, StaticPolicy
from hvlab.sim.dynamic.detectors import (
    InterQuartileRange,
    LocalRegression,
    LocalRegressionRobust,
    MedianAbsoluteDeviation,
    OverloadDetector,
    StaticThreshold,
)
from hvlab.sim.dynamic.engine import MAX_HOSTS, DynamicScenario, Policy, VmType, run_simulation
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


def cloudsim_vm_types(count: int) -> list[int]:
    """The type of each of ``count`` VMs as CloudSim 3.0.3's ``Helper.createVmList`` gives it.

    VM ``i`` has type ``i / ceil(count / 4)`` (integer division): the first quarter of the list
    is type 0, the second type 1, and so on.

    Example:
        >>> cloudsim_vm_types(10)
        [0, 0, 0, 1, 1, 1, 2, 2, 2, 3]
    """
    quarter = math.ceil(count / len(CLOUDSIM_VM_TYPES)) if count else 1
    return [i // quarter for i in range(count)]


#: Hosts of the experiment per day of traces (CloudSim's ``PlanetLabConstants.NUMBER_OF_HOSTS``).
HOSTS_PER_DAY = 800
#: The largest ``scale`` accepted: beyond it a run would take hours (and the engine refuses more
#: than :data:`~hvlab.sim.dynamic.engine.MAX_VMS` VMs anyway).
MAX_SCALE = 100


def trace_files(source: str | Path) -> list[Path]:
    """The PlanetLab day files of ``source``: the file itself, or a folder's ``*.csv`` sorted.

    Raises:
        SimulationError: nothing to read (missing path, or a folder without ``.csv`` file).
    """
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise SimulationError(
                f"Le dossier « {path} » ne contient aucun fichier .csv de traces PlanetLab."
            )
        return files
    if not path.exists():
        raise SimulationError(
            f"Fichier de traces introuvable : « {path} ». Donnez un CSV PlanetLab (une ligne par "
            "VM) ou un dossier de tels fichiers."
        )
    return [path]


def planetlab_scenario(
    source: str | Path | Sequence[str | Path],
    *,
    scale: int = 1,
    hosts: int | None = None,
    interval_s: float = 300.0,
) -> DynamicScenario:
    """The CloudSim experiment over PlanetLab days, possibly made bigger.

    The VMs are those of every day given, in file order then row order (for a folder, its
    ``*.csv`` sorted by name), the whole list repeated ``scale`` times; the hosts are
    ``800 × days × scale`` unless ``hosts`` says otherwise. Giving CloudSim the same VMs — a
    folder with ``scale`` copies of each day's per-VM files, named so that they sort in that
    order — reproduces the run.

    Args:
        source: a day's CSV, a folder of them, or a list of files.
        scale: how many times the VMs are repeated (1 to :data:`MAX_SCALE`).
        hosts: the number of hosts (default: 800 per day and per copy).
        interval_s: the scheduling interval and trace spacing.

    Returns:
        The :class:`DynamicScenario`.

    Raises:
        SimulationError: unreadable traces, days of different lengths, or a scale or host
            count out of range (French message).
    """
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise SimulationError(
            f"Facteur d'échelle invalide : {scale!r}. Donnez un entier entre 1 et {MAX_SCALE}."
        )
    if isinstance(source, (str, Path)):
        files = trace_files(source)
    else:
        files = [Path(item) for item in source]
        if not files:
            raise SimulationError("Aucun fichier de traces donné.")
    traces: list[tuple[float, ...]] = []
    for file in files:
        traces.extend(workload.cpu for workload in load_planetlab(file))
    if hosts is None:
        hosts = HOSTS_PER_DAY * len(files) * scale
    return cloudsim_scenario(traces * scale, hosts=hosts, interval_s=interval_s)


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
    if isinstance(hosts, bool) or not isinstance(hosts, int) or not 1 <= hosts <= MAX_HOSTS:
        raise SimulationError(
            f"Nombre de serveurs invalide : {hosts!r}. Donnez un entier entre 1 et "
            f"{number(MAX_HOSTS, 0)}."
        )
    if not traces:
        raise SimulationError("Aucune trace : il faut au moins une VM.")
    return DynamicScenario(
        hosts=tuple(CLOUDSIM_HOST_TYPES[i % 2] for i in range(hosts)),
        vms=tuple(CLOUDSIM_VM_TYPES[t] for t in cloudsim_vm_types(len(traces))),
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
    skip_unplaceable: bool = False,
) -> DynamicResult:
    """Run one policy on a scenario and compute the metrics.

    Args:
        scenario: hosts, VMs, traces.
        name: the policy's name (see :func:`make_policy`).
        parameter: its parameter (the paper's value when ``None``).
        seed: the seed of random selection.
        progress: called after each step with ``(step, total)``.
        skip_unplaceable: CloudSim-parity mode: a VM that fits nowhere at time 0 is left out,
            as CloudSim does, and counted in :attr:`DynamicResult.skipped_vms`.

    Returns:
        The :class:`DynamicResult`.

    Raises:
        SimulationError: unknown policy, bad parameter, or a VM that fits nowhere (unless
            ``skip_unplaceable``).
    """
    policy = make_policy(name, parameter, seed=seed)
    outcome = run_simulation(scenario, policy, progress=progress, skip_unplaceable=skip_unplaceable)
    return DynamicResult.from_outcome(
        policy_label(name, parameter), len(scenario.hosts), len(scenario.vms), outcome
    )
