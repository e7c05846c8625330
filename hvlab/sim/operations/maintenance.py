"""Maintenance mode: empty a host by live migration before working on it.

:func:`enter_maintenance` moves every VM of a host to the other hosts of its cluster, one live
migration after the other (largest memory first, each to the host with the most free memory, as
DRS would), and reports for every VM the interruption it saw — the downtime of its migration —
beside what the same intervention costs a service without virtualisation: the server is shut
down, repaired, and booted again, so the service is down for the whole window.

Teaching assumptions (configurable): a 1 GbE vMotion network (125 MB/s), VMs dirtying 20 MB/s of
memory, a 2-hour intervention, 2 minutes to shut a server down and 5 minutes to boot it and its
application, and 50 ms to resume a VM on its new host. A VM's memory (MiB) enters the migration
model in MB (10^6 bytes): × 1.048576 (`hvlab.sim.core.units`).

Example:
    >>> from hvlab.sim.core.datacenter import Cluster, Host
    >>> from hvlab.sim.core.hardware import RACK_1U
    >>> from hvlab.sim.core.vm import VM
    >>> cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
    >>> _ = cluster.place_vms([VM(f"vm{i}", 2, 4096) for i in range(8)], algorithm="ff")
    >>> report = enter_maintenance(cluster, "esx1")
    >>> report.max_downtime_s < 1
    True
"""

from __future__ import annotations

__all__ = ["MaintenanceReport", "VMInterruption", "enter_maintenance", "exit_maintenance"]

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hvlab.errors import PlacementError, SimulationError
from hvlab.sim.core.datacenter import Cluster, Host
from hvlab.sim.core.headroom import roomiest
from hvlab.sim.core.units import mib_to_mb
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.display.values import Table, VegaLiteChart, fr_number
from hvlab.sim.migration import MigrationResult, migrate

_DEFAULT_DIRTY_RATE_MB_S = 20.0


@dataclass(frozen=True)
class VMInterruption:
    """What maintenance costs one VM (one service).

    Attributes:
        vm: the VM's name.
        destination: the host it was moved to ("" if it was off and simply re-registered).
        migration: the live migration, or None for a VM that was not running.
        downtime_s: interruption of the service with live migration.
        without_virtualisation_s: interruption of the same service on a dedicated server.
        start_s: when its migration started, from the start of the evacuation.
    """

    vm: str
    destination: str
    migration: MigrationResult | None
    downtime_s: float
    without_virtualisation_s: float
    start_s: float

    def to_dict(self) -> dict[str, Any]:
        """The figures, ready for JSON."""
        return {
            "vm": self.vm,
            "destination": self.destination,
            "downtime_s": self.downtime_s,
            "without_virtualisation_s": self.without_virtualisation_s,
            "start_s": self.start_s,
            "migration": self.migration.to_dict() if self.migration else None,
        }


@dataclass(frozen=True)
class MaintenanceReport:
    """The outcome of putting a host in maintenance mode.

    Attributes:
        host: the host emptied.
        window_s: length of the intervention on the hardware.
        interruptions: one entry per VM that was on the host.
        evacuation_s: time to move every VM away (migrations one after the other).
    """

    host: str
    window_s: float
    interruptions: tuple[VMInterruption, ...]
    evacuation_s: float

    @property
    def max_downtime_s(self) -> float:
        """The longest interruption a service saw with live migration (0 with no VM)."""
        return max((i.downtime_s for i in self.interruptions), default=0.0)

    @property
    def total_downtime_s(self) -> float:
        """Interruptions summed over the services, with live migration."""
        return sum(i.downtime_s for i in self.interruptions)

    @property
    def total_without_virtualisation_s(self) -> float:
        """Interruptions summed over the services, without virtualisation."""
        return sum(i.without_virtualisation_s for i in self.interruptions)

    def to_dict(self) -> dict[str, Any]:
        """Every figure, ready for JSON."""
        return {
            "host": self.host,
            "window_s": self.window_s,
            "evacuation_s": self.evacuation_s,
            "max_downtime_s": self.max_downtime_s,
            "total_downtime_s": self.total_downtime_s,
            "total_without_virtualisation_s": self.total_without_virtualisation_s,
            "vms": [i.to_dict() for i in self.interruptions],
        }

    def to_table(self) -> Table:
        """One row per VM: destination, interruption with and without virtualisation."""
        return Table(
            columns=(
                "VM",
                "hôte d'arrivée",
                "interruption avec migration (ms)",
                "interruption sans virtualisation (min)",
            ),
            rows=tuple(
                (
                    i.vm,
                    i.destination,
                    round(i.downtime_s * 1000, 2),
                    round(i.without_virtualisation_s / 60, 1),
                )
                for i in self.interruptions
            ),
            title=(
                f"Maintenance de {self.host} : évacuation en {fr_number(self.evacuation_s, 1)} s, "
                f"interruption maximale {fr_number(self.max_downtime_s * 1000, 1)} ms"
            ),
        )

    def to_chart(self) -> VegaLiteChart:
        """Per-VM interruption, with and without virtualisation (logarithmic scale, seconds)."""
        values: list[dict[str, Any]] = []
        for i in self.interruptions:
            values.append({"VM": i.vm, "cas": "avec migration à chaud", "secondes": i.downtime_s})
            values.append(
                {"VM": i.vm, "cas": "sans virtualisation", "secondes": i.without_virtualisation_s}
            )
        return VegaLiteChart(
            {
                "description": f"Interruption de service pendant la maintenance de {self.host}",
                "data": {"values": values},
                "mark": "bar",
                "encoding": {
                    "x": {"field": "VM", "type": "nominal", "title": "VM"},
                    "xOffset": {"field": "cas"},
                    "y": {
                        "field": "secondes",
                        "type": "quantitative",
                        "scale": {"type": "log"},
                        # Stacked bars have no height on a log scale: place them side by side.
                        "stack": None,
                        "title": "Interruption (s, échelle logarithmique)",
                    },
                    "color": {"field": "cas", "type": "nominal", "title": ""},
                },
            }
        )


def _positive(name: str, value: float) -> float:
    if not isinstance(value, (int, float)) or not value >= 0:
        raise SimulationError(f"Paramètre « {name} » invalide : {value!r}. Donnez un nombre ≥ 0.")
    return float(value)


def enter_maintenance(
    cluster: Cluster,
    host_name: str,
    *,
    bandwidth_mb_s: float = 125.0,
    dirty_rate_mb_s: float | Mapping[str, float] = _DEFAULT_DIRTY_RATE_MB_S,
    model: str = "precopy",
    window_s: float = 7200.0,
    shutdown_s: float = 120.0,
    boot_s: float = 300.0,
    resume_s: float = 0.05,
    target: float = 0.8,
    cpu_overcommit: float = 1.0,
) -> MaintenanceReport:
    """Put ``host_name`` in maintenance mode: migrate its VMs away, then mark it.

    Args:
        cluster: the cluster holding the host.
        host_name: the host to empty.
        bandwidth_mb_s: bandwidth of the vMotion network, in MB/s (125 for 1 GbE).
        dirty_rate_mb_s: memory each VM dirties, in MB/s (one figure, or one per VM name —
            VMs missing from the mapping dirty 20 MB/s).
        model: migration model (see :func:`hvlab.sim.migration.migrate`).
        window_s: length of the intervention on the hardware.
        shutdown_s: time to shut a dedicated server and its service down.
        boot_s: time to boot a dedicated server and start its service.
        resume_s: time to resume a VM on its new host, added to its migration's downtime.
        target: utilisation the receiving hosts may reach.
        cpu_overcommit: vCPUs allowed per usable core on the receiving hosts.

    Returns:
        The :class:`MaintenanceReport`; the host is left in maintenance mode, its VMs moved.

    Raises:
        SimulationError: unknown host, or an invalid figure.
        PlacementError: some VM fits on no other host (nothing is moved then).
    """
    for name, value in (
        ("bandwidth_mb_s", bandwidth_mb_s),
        ("window_s", window_s),
        ("shutdown_s", shutdown_s),
        ("boot_s", boot_s),
        ("resume_s", resume_s),
    ):
        _positive(name, value)
    host = cluster.host(host_name)
    others = [h for h in cluster.hosts if h is not host and h.powered_on and not h.maintenance]
    plan = _plan(host, others, target=target, cpu_overcommit=cpu_overcommit)
    # Every migration is computed before any VM moves: a bad figure leaves the cluster as it was.
    migrations = {
        vm.name: migrate(
            model,
            memory_mb=mib_to_mb(vm.ram_mib),
            bandwidth_mb_s=bandwidth_mb_s,
            dirty_rate_mb_s=_positive(
                f"dirty_rate_mb_s[{vm.name}]", _dirty_rate(dirty_rate_mb_s, vm.name)
            ),
        )
        for vm, _ in plan
        if vm.is_running
    }
    interruptions: list[VMInterruption] = []
    clock_s = 0.0
    without_s = shutdown_s + window_s + boot_s
    for vm, destination in plan:
        result: MigrationResult | None = migrations.get(vm.name)
        downtime_s = 0.0
        if result is not None:
            vm.start_migration()
            vm.finish_migration()
            downtime_s = result.downtime_s + resume_s
        host.remove_vm(vm.name)
        destination.add_vm(vm)
        interruptions.append(
            VMInterruption(
                vm=vm.name,
                destination=destination.name,
                migration=result,
                downtime_s=downtime_s,
                without_virtualisation_s=without_s if vm.state is VMState.RUNNING else 0.0,
                start_s=clock_s,
            )
        )
        clock_s += result.total_time_s if result else 0.0
    host.maintenance = True
    return MaintenanceReport(
        host=host.name, window_s=window_s, interruptions=tuple(interruptions), evacuation_s=clock_s
    )


def _dirty_rate(dirty_rate_mb_s: float | Mapping[str, float], vm_name: str) -> float:
    if isinstance(dirty_rate_mb_s, Mapping):
        return dirty_rate_mb_s.get(vm_name, _DEFAULT_DIRTY_RATE_MB_S)
    return dirty_rate_mb_s


def _plan(
    host: Host, others: list[Host], *, target: float, cpu_overcommit: float
) -> list[tuple[VM, Host]]:
    """Choose a destination for every VM of ``host`` without moving anything yet."""
    if host.vms and not others:
        raise PlacementError(
            f"Impossible de mettre « {host.name} » en maintenance : aucun autre hôte allumé et "
            "hors maintenance ne peut recevoir ses VM. Ajoutez un hôte au cluster.",
            vm=host.vms[0].name,
            reason="aucun autre hôte",
        )
    pending: dict[str, list[VM]] = {h.name: [] for h in others}
    plan: list[tuple[VM, Host]] = []
    for vm in sorted(host.vms, key=lambda v: (-v.ram_mib, -v.vcpus, v.name)):
        destination = roomiest(
            others, vm, target=target, cpu_overcommit=cpu_overcommit, planned=pending
        )
        if destination is None:
            raise PlacementError(
                f"Impossible d'évacuer la VM « {vm.name} » ({vm.vcpus} vCPU, "
                f"{vm.ram_gib:.1f} Gio) de « {host.name} » : aucun autre hôte n'a assez de place "
                f"sous {target:.0%} d'utilisation. Libérez de la place, ajoutez un hôte ou "
                "éteignez des VM non essentielles.",
                vm=vm.name,
                reason="capacité insuffisante",
            )
        pending[destination.name].append(vm)
        plan.append((vm, destination))
    return plan


def exit_maintenance(cluster: Cluster, host_name: str) -> Host:
    """Take ``host_name`` out of maintenance mode (DRS may then move VMs back to it)."""
    host = cluster.host(host_name)
    host.maintenance = False
    host.powered_on = True
    return host
