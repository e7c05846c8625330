"""The hvlab simulator: a virtualised datacentre, in pure standard-library Python.

It runs unchanged in CPython ≥ 3.11 and in Pyodide. Every random choice takes a seed.
"""

from __future__ import annotations

__all__ = [
    "ALGORITHMS",
    "DAY_SAMPLES",
    "ENTRY_1U",
    "HP_ML110_G4",
    "HP_ML110_G4_SERVER",
    "HP_ML110_G5",
    "HP_ML110_G5_SERVER",
    "HYPERVISORS",
    "RACK_1U",
    "RACK_2U",
    "SERVER_MODELS",
    "TYPE_1_OVERHEAD",
    "TYPE_2_OVERHEAD",
    "VM",
    "Cluster",
    "Datacenter",
    "FailureEvent",
    "FailureImpact",
    "Host",
    "HostCapacity",
    "Hypervisor",
    "HypervisorType",
    "LinearPowerModel",
    "MermaidDiagram",
    "Overhead",
    "PlacementItem",
    "PlacementResult",
    "PowerModel",
    "ServerModel",
    "SpecPowerModel",
    "Table",
    "VMState",
    "VegaLiteChart",
    "VirtualDisk",
    "VirtualNic",
    "Workload",
    "bursty",
    "constant",
    "diurnal",
    "energy_kwh",
    "failure_impact",
    "get_hypervisor",
    "get_server_model",
    "lower_bound",
    "place",
    "usable_capacity_fraction",
]

from hvlab.sim.datacenter import Cluster, Datacenter, Host
from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart
from hvlab.sim.hardware import (
    ENTRY_1U,
    HP_ML110_G4_SERVER,
    HP_ML110_G5_SERVER,
    RACK_1U,
    RACK_2U,
    SERVER_MODELS,
    ServerModel,
    get_server_model,
)
from hvlab.sim.hypervisor import (
    HYPERVISORS,
    TYPE_1_OVERHEAD,
    TYPE_2_OVERHEAD,
    FailureEvent,
    FailureImpact,
    Hypervisor,
    HypervisorType,
    Overhead,
    failure_impact,
    get_hypervisor,
)
from hvlab.sim.placement import (
    ALGORITHMS,
    HostCapacity,
    PlacementItem,
    PlacementResult,
    lower_bound,
    place,
    usable_capacity_fraction,
)
from hvlab.sim.power import (
    HP_ML110_G4,
    HP_ML110_G5,
    LinearPowerModel,
    PowerModel,
    SpecPowerModel,
    energy_kwh,
)
from hvlab.sim.vm import VM, VirtualDisk, VirtualNic, VMState
from hvlab.sim.workload import DAY_SAMPLES, Workload, bursty, constant, diurnal
