"""Dynamic consolidation of VMs over CPU traces (Beloglazov & Buyya 2012), with CloudSim 3.0.3's
semantics.

* :mod:`~hvlab.sim.dynamic.engine` — the time-stepped datacentre (hosts, VM schedulers, energy,
  SLA bookkeeping);
* :mod:`~hvlab.sim.dynamic.detectors` — host overload detection (THR, IQR, MAD, LR, LRR);
* :mod:`~hvlab.sim.dynamic.selection` — which VM leaves an overloaded host (MMT, RS, MU, MC);
* :mod:`~hvlab.sim.dynamic.allocation` — the policies the engine runs (placement, evacuation);
* :mod:`~hvlab.sim.dynamic.metrics` — the result: energy, migrations, SLATAH, PDM, SLAV;
* :mod:`~hvlab.sim.dynamic.cloudsim` — the CloudSim experiment's set-up and policy names.
"""

from __future__ import annotations

__all__ = [
    "CLOUDSIM_HOST_TYPES",
    "CLOUDSIM_VM_TYPES",
    "POLICY_DEFAULTS",
    "DynamicResult",
    "InterQuartileRange",
    "LocalRegression",
    "LocalRegressionRobust",
    "MaximumCorrelation",
    "MedianAbsoluteDeviation",
    "MigrationPolicy",
    "MinimumMigrationTime",
    "MinimumUtilization",
    "RandomSelection",
    "StaticPolicy",
    "StaticThreshold",
    "cloudsim_scenario",
    "make_policy",
    "run_policy",
]

from hvlab.sim.dynamic.allocation import MigrationPolicy, StaticPolicy
from hvlab.sim.dynamic.cloudsim import (
    CLOUDSIM_HOST_TYPES,
    CLOUDSIM_VM_TYPES,
    POLICY_DEFAULTS,
    cloudsim_scenario,
    make_policy,
    run_policy,
)
from hvlab.sim.dynamic.detectors import (
    InterQuartileRange,
    LocalRegression,
    LocalRegressionRobust,
    MedianAbsoluteDeviation,
    StaticThreshold,
)
from hvlab.sim.dynamic.metrics import DynamicResult
from hvlab.sim.dynamic.selection import (
    MaximumCorrelation,
    MinimumMigrationTime,
    MinimumUtilization,
    RandomSelection,
)
