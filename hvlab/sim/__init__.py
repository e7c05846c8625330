"""The hvlab simulator: a virtualised datacentre, in pure standard-library Python.

It runs unchanged in CPython ≥ 3.11 and in Pyodide. Every random choice takes a seed.

The public API is this module's ``__all__``: import from ``hvlab.sim``. The subpackages show the
architecture (see the contributors' page *Architecture du simulateur*):

* :mod:`hvlab.sim.core` — the shared model: hardware and power, workloads and traces, hypervisors,
  VMs and their devices, hosts and clusters, placement, contention, memory overcommitment;
* :mod:`hvlab.sim.planning` — before virtualisation, and the before/after report;
* :mod:`hvlab.sim.migration` — live migration models (pre-copy, post-copy, cold);
* :mod:`hvlab.sim.dynamic` — CloudSim-style dynamic consolidation over CPU traces;
* :mod:`hvlab.sim.world` — a datacentre scenario: storage, network, vMotion;
* :mod:`hvlab.sim.operations` — maintenance mode and HA;
* :mod:`hvlab.sim.display` — tables, charts and diagrams (imports nothing else).
"""

from __future__ import annotations

__all__ = [
    "ACCESS_NS",
    "ALGORITHMS",
    "DAY_SAMPLES",
    "DEFAULT_CO2_KG_PER_KWH",
    "DEFAULT_ENERGY_PRICE_EUR_PER_KWH",
    "DEFAULT_IDLE_TAX",
    "ENTRY_1U",
    "HOURS_PER_YEAR",
    "HP_ML110_G4",
    "HP_ML110_G4_SERVER",
    "HP_ML110_G5",
    "HP_ML110_G5_SERVER",
    "HYPERVISORS",
    "RACK_1U",
    "RACK_2U",
    "READY_HARMFUL_PERCENT",
    "READY_HEALTHY_PERCENT",
    "SERVER_MODELS",
    "TYPE_1_OVERHEAD",
    "TYPE_2_OVERHEAD",
    "VM",
    "AdmissionReport",
    "Cluster",
    "ConsolidationReport",
    "ContentionEstimate",
    "Datacenter",
    "Datastore",
    "DatastoreType",
    "DiskProvisioning",
    "DynamicResult",
    "DynamicScenario",
    "EventLog",
    "FailureEvent",
    "FailureImpact",
    "FleetSummary",
    "HAConfig",
    "HAReport",
    "Host",
    "HostCapacity",
    "HostCpu",
    "HostFailuresPolicy",
    "Hypervisor",
    "HypervisorType",
    "LinearPowerModel",
    "MaintenanceDowntime",
    "MaintenanceReport",
    "MemoryAllocation",
    "MemoryPressure",
    "MemoryVM",
    "MermaidDiagram",
    "MigrationResult",
    "Network",
    "Overhead",
    "PercentagePolicy",
    "PhysicalFleet",
    "PhysicalServer",
    "PlacementItem",
    "PlacementResult",
    "PowerModel",
    "ProvisioningStep",
    "ProvisioningTimeline",
    "Reachability",
    "ReclaimedVM",
    "Scenario",
    "ScenarioReport",
    "ServerModel",
    "SpecPowerModel",
    "StorageModel",
    "StorageVMotionResult",
    "Table",
    "TraceStatistics",
    "VMAllocation",
    "VMInterruption",
    "VMOutage",
    "VMState",
    "VMotionCheck",
    "VegaLiteChart",
    "VirtualDisk",
    "VirtualNic",
    "VmkService",
    "Workload",
    "WriteResult",
    "adjusted_shares_per_page",
    "admission_check",
    "allocate_memory",
    "before_after_chart",
    "bursty",
    "check_vmotion",
    "closed_form",
    "cloudsim_migration_time_s",
    "cold_migration",
    "compare",
    "constant",
    "diurnal",
    "energy_kwh",
    "enter_maintenance",
    "erlang_c",
    "estimate_contention",
    "estimate_ready_percent",
    "events_table",
    "exit_maintenance",
    "failure_impact",
    "generate_fleet",
    "get_hypervisor",
    "get_server_model",
    "guest_crash",
    "host_failure",
    "load_planetlab",
    "load_scenario",
    "load_trace_csv",
    "lower_bound",
    "maintenance_downtime",
    "physical_provisioning",
    "place",
    "postcopy",
    "precopy",
    "qemu_precopy",
    "ready_percent",
    "ready_status",
    "reclaim_memory",
    "response_time_factor",
    "run_policy",
    "run_simulation",
    "scenario_from_dict",
    "timeline_chart",
    "trace_statistics",
    "usable_capacity_fraction",
    "utilisation_chart",
    "virtual_provisioning",
    "vmotion_bandwidth_mb_s",
    "xen_precopy",
]

from hvlab.sim.core.contention import (
    READY_HARMFUL_PERCENT,
    READY_HEALTHY_PERCENT,
    ContentionEstimate,
    erlang_c,
    estimate_contention,
    estimate_ready_percent,
    ready_percent,
    ready_status,
    response_time_factor,
)
from hvlab.sim.core.datacenter import Cluster, Datacenter, Host
from hvlab.sim.core.devices import DiskProvisioning, VirtualDisk, VirtualNic
from hvlab.sim.core.hardware import (
    ENTRY_1U,
    HP_ML110_G4_SERVER,
    HP_ML110_G5_SERVER,
    RACK_1U,
    RACK_2U,
    SERVER_MODELS,
    ServerModel,
    get_server_model,
)
from hvlab.sim.core.hypervisor import (
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
from hvlab.sim.core.memory import (
    ACCESS_NS,
    DEFAULT_IDLE_TAX,
    MemoryAllocation,
    MemoryPressure,
    MemoryVM,
    ReclaimedVM,
    VMAllocation,
    adjusted_shares_per_page,
    allocate_memory,
    reclaim_memory,
)
from hvlab.sim.core.placement import (
    ALGORITHMS,
    HostCapacity,
    PlacementItem,
    PlacementResult,
    lower_bound,
    place,
    usable_capacity_fraction,
)
from hvlab.sim.core.power import (
    HP_ML110_G4,
    HP_ML110_G5,
    LinearPowerModel,
    PowerModel,
    SpecPowerModel,
    energy_kwh,
)
from hvlab.sim.core.traces import TraceStatistics, load_planetlab, load_trace_csv, trace_statistics
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.core.workload import DAY_SAMPLES, Workload, bursty, constant, diurnal
from hvlab.sim.display.charts import before_after_chart, timeline_chart, utilisation_chart
from hvlab.sim.display.values import MermaidDiagram, Table, VegaLiteChart
from hvlab.sim.dynamic import DynamicResult, run_policy
from hvlab.sim.dynamic.engine import DynamicScenario, run_simulation
from hvlab.sim.migration import (
    MigrationResult,
    closed_form,
    cloudsim_migration_time_s,
    cold_migration,
    postcopy,
    precopy,
    qemu_precopy,
    xen_precopy,
)
from hvlab.sim.operations.ha import (
    AdmissionReport,
    HAConfig,
    HAReport,
    HostFailuresPolicy,
    PercentagePolicy,
    VMOutage,
    admission_check,
    guest_crash,
    host_failure,
)
from hvlab.sim.operations.maintenance import (
    MaintenanceReport,
    VMInterruption,
    enter_maintenance,
    exit_maintenance,
)
from hvlab.sim.planning.physical import (
    HOURS_PER_YEAR,
    FleetSummary,
    MaintenanceDowntime,
    PhysicalFleet,
    PhysicalServer,
    ProvisioningStep,
    ProvisioningTimeline,
    generate_fleet,
    maintenance_downtime,
    physical_provisioning,
    virtual_provisioning,
)
from hvlab.sim.planning.report import (
    DEFAULT_CO2_KG_PER_KWH,
    DEFAULT_ENERGY_PRICE_EUR_PER_KWH,
    ConsolidationReport,
    compare,
)
from hvlab.sim.world.events import EventLog, events_table
from hvlab.sim.world.network import Network, Reachability, VmkService
from hvlab.sim.world.scenario import (
    Scenario,
    ScenarioReport,
    load_scenario,
    scenario_from_dict,
)
from hvlab.sim.world.storage import (
    Datastore,
    DatastoreType,
    StorageModel,
    StorageVMotionResult,
    WriteResult,
)
from hvlab.sim.world.vmotion import HostCpu, VMotionCheck, check_vmotion, vmotion_bandwidth_mb_s
