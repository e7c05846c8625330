"""Dynamic consolidation of VMs (Beloglazov & Buyya 2012), with CloudSim 3.0.3's semantics.

Overload detectors (:mod:`~hvlab.sim.consolidation.detectors`), VM selectors
(:mod:`~hvlab.sim.consolidation.selection`), the policies the engine runs
(:mod:`~hvlab.sim.consolidation.allocation`), the result and its metrics
(:mod:`~hvlab.sim.consolidation.metrics`) and the CloudSim experiment's set-up
(:mod:`~hvlab.sim.consolidation.cloudsim`).
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
    "load_planetlab_csv",
    "make_policy",
    "run_policy",
]

from hvlab.sim.consolidation.allocation import MigrationPolicy, StaticPolicy
from hvlab.sim.consolidation.cloudsim import (
    CLOUDSIM_HOST_TYPES,
    CLOUDSIM_VM_TYPES,
    POLICY_DEFAULTS,
    cloudsim_scenario,
    load_planetlab_csv,
    make_policy,
    run_policy,
)
from hvlab.sim.consolidation.detectors import (
    InterQuartileRange,
    LocalRegression,
    LocalRegressionRobust,
    MedianAbsoluteDeviation,
    StaticThreshold,
)
from hvlab.sim.consolidation.metrics import DynamicResult
from hvlab.sim.consolidation.selection import (
    MaximumCorrelation,
    MinimumMigrationTime,
    MinimumUtilization,
    RandomSelection,
)
