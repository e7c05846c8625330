"""High availability (vSphere HA style): detect a failed host, restart its VMs elsewhere.

* Detection: hosts exchange heartbeats every second; a host silent (no heartbeat, no ping) for
  15 s is declared failed (REFERENCES.md, VMware facts).
* Restart: the VMs of the failed host restart by priority (``haute`` before ``moyenne`` before
  ``basse``; larger memory first within a priority), each on the host with the most unreserved
  capacity that can take it. Restarts are issued one after the other (``restart_interval_s``
  apart) and a guest takes ``boot_s`` to boot its OS and service (teaching assumptions: 2 s and
  90 s). A VM's outage is therefore detection + its place in the queue + boot.
* Admission control keeps room for failures: :class:`HostFailuresPolicy` (N+1: the capacity of
  the ``failures`` largest hosts is kept free) or :class:`PercentagePolicy` (a share of the
  cluster's CPU and memory is kept free). :func:`admission_check` says whether the VMs' reservations
  fit within what the policy leaves usable.
* Isolation: :func:`guest_crash` crashes one guest; only that VM stops, and VM monitoring restarts
  it after its own heartbeat timeout.

Example:
    >>> from hvlab.sim.core.datacenter import Cluster, Host
    >>> from hvlab.sim.core.hardware import RACK_1U
    >>> from hvlab.sim.core.vm import VM
    >>> cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 6)])
    >>> HostFailuresPolicy(1).usable_fraction(cluster)
    0.8
"""

from __future__ import annotations

__all__ = [
    "PRIORITIES",
    "AdmissionReport",
    "HAConfig",
    "HAReport",
    "HostFailuresPolicy",
    "PercentagePolicy",
    "VMOutage",
    "admission_check",
    "guest_crash",
    "host_failure",
]

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from hvlab.errors import SimulationError
from hvlab.sim.core.datacenter import Cluster, Host
from hvlab.sim.core.headroom import roomiest
from hvlab.sim.core.hypervisor import FailureEvent
from hvlab.sim.core.vm import VM
from hvlab.sim.display.values import Table, VegaLiteChart, fr_number

#: Restart priorities, highest first (vSphere's "high", "medium", "low").
PRIORITIES: tuple[str, ...] = ("haute", "moyenne", "basse")


@dataclass(frozen=True)
class HAConfig:
    """Timings of HA (defaults: vSphere's detection; restart figures are teaching assumptions).

    Attributes:
        heartbeat_interval_s: time between two heartbeats.
        failure_timeout_s: silence after which a host is declared failed.
        restart_interval_s: time between two restart orders.
        boot_s: time for a guest to boot its OS and start its service.
        vm_monitoring_timeout_s: silence of a guest's own heartbeat (VMware Tools) before VM
            monitoring restarts it.
    """

    heartbeat_interval_s: float = 1.0
    failure_timeout_s: float = 15.0
    restart_interval_s: float = 2.0
    boot_s: float = 90.0
    vm_monitoring_timeout_s: float = 30.0

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            if not isinstance(value, (int, float)) or value < 0:
                raise SimulationError(
                    f"Configuration HA invalide : « {name} » vaut {value!r}. "
                    "Donnez une durée positive ou nulle, en secondes."
                )
        if self.heartbeat_interval_s > self.failure_timeout_s:
            raise SimulationError(
                "Configuration HA invalide : l'intervalle des heartbeats "
                f"({self.heartbeat_interval_s} s) dépasse le délai de détection "
                f"({self.failure_timeout_s} s)."
            )

    @property
    def detection_s(self) -> float:
        """Time from the failure to the decision to restart (15 s by default)."""
        return self.failure_timeout_s


class AdmissionPolicy(Protocol):
    """An admission-control policy: what share of the cluster's capacity VMs may reserve."""

    def usable_fraction(self, cluster: Cluster) -> float: ...

    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class HostFailuresPolicy:
    """Tolerate ``failures`` host failures: the capacity of the largest hosts is kept free.

    With 5 equal hosts and one failure tolerated (N+1), 1/5 is kept: 80 % is usable.
    """

    failures: int = 1

    @property
    def label(self) -> str:
        """French description."""
        return f"N+{self.failures} (pannes d'hôtes tolérées : {self.failures})"

    def usable_fraction(self, cluster: Cluster) -> float:
        """Share of the cluster's memory left to the VMs' reservations."""
        hosts = _active(cluster)
        if self.failures < 0 or self.failures >= max(1, len(hosts)):
            raise SimulationError(
                f"Contrôle d'admission impossible : tolérer {self.failures} panne(s) sur "
                f"{len(hosts)} hôte(s) actif(s) ne laisse aucune capacité. Ajoutez des hôtes ou "
                "tolérez moins de pannes."
            )
        # Capacity of the hosts themselves, whatever VMs they hold now.
        sizes = sorted(
            (h.hypervisor.effective_overhead.usable_ram_gib(h.model.ram_gib) for h in hosts),
            reverse=True,
        )
        total = sum(sizes)
        return (total - sum(sizes[: self.failures])) / total if total else 0.0


@dataclass(frozen=True)
class PercentagePolicy:
    """Keep ``reserved_fraction`` of the cluster's CPU and memory free for failover."""

    reserved_fraction: float = 0.25

    def __post_init__(self) -> None:
        if not 0 <= self.reserved_fraction < 1:
            raise SimulationError(
                f"Réserve invalide : {self.reserved_fraction!r}. Donnez une fraction entre 0 et 1 "
                "(0,25 pour 25 %)."
            )

    @property
    def label(self) -> str:
        """French description."""
        return f"pourcentage réservé : {_percent(self.reserved_fraction)}"

    def usable_fraction(self, cluster: Cluster) -> float:
        """Share of the cluster left to the VMs' reservations."""
        return 1.0 - self.reserved_fraction


def _percent(fraction: float) -> str:
    """``0.8`` → ``"80 %"`` (French typography: a no-break space before the sign)."""
    return f"{fr_number(fraction * 100, 0)}\u00a0%"


def _active(cluster: Cluster) -> list[Host]:
    return [h for h in cluster.hosts if h.powered_on and not h.maintenance]


@dataclass(frozen=True)
class AdmissionReport:
    """Whether the VMs' reservations respect the admission-control policy.

    Attributes:
        policy: the policy, in French.
        usable_fraction: share of the capacity the policy leaves to the VMs.
        cpu_used_fraction: vCPUs reserved / vCPU capacity of the active hosts.
        ram_used_fraction: memory reserved / usable memory of the active hosts.
    """

    policy: str
    usable_fraction: float
    cpu_used_fraction: float
    ram_used_fraction: float

    @property
    def ok(self) -> bool:
        """True when both CPU and memory reservations fit within the usable share."""
        return max(self.cpu_used_fraction, self.ram_used_fraction) <= self.usable_fraction + 1e-9

    @property
    def message(self) -> str:
        """A French sentence a lab can print."""
        used = max(self.cpu_used_fraction, self.ram_used_fraction)
        verdict = "respecté" if self.ok else "NON respecté"
        return (
            f"Contrôle d'admission {verdict} ({self.policy}) : {_percent(used)} de la capacité "
            f"réservés pour {_percent(self.usable_fraction)} utilisables."
        )

    def to_dict(self) -> dict[str, Any]:
        """The figures, ready for JSON."""
        return {
            "policy": self.policy,
            "usable_fraction": self.usable_fraction,
            "cpu_used_fraction": self.cpu_used_fraction,
            "ram_used_fraction": self.ram_used_fraction,
            "ok": self.ok,
        }


def admission_check(
    cluster: Cluster, policy: AdmissionPolicy | None = None, *, cpu_overcommit: float = 1.0
) -> AdmissionReport:
    """Compare the VMs' reservations with what ``policy`` (N+1 by default) leaves usable."""
    policy = policy or HostFailuresPolicy(1)
    hosts = _active(cluster)
    vcpu_capacity = sum(h.usable_cores * cpu_overcommit for h in hosts)
    ram_capacity = sum(h.usable_ram_gib for h in hosts)
    return AdmissionReport(
        policy=policy.label,
        usable_fraction=policy.usable_fraction(cluster),
        cpu_used_fraction=sum(h.allocated_vcpus for h in hosts) / vcpu_capacity
        if vcpu_capacity
        else 0.0,
        ram_used_fraction=sum(h.allocated_ram_gib for h in hosts) / ram_capacity
        if ram_capacity
        else 0.0,
    )


@dataclass(frozen=True)
class VMOutage:
    """What a failure cost one VM.

    Attributes:
        vm: the VM's name.
        priority: its restart priority.
        from_host: where it ran.
        to_host: where it restarted ("" if it could not be restarted).
        outage_s: time its service was down (None if it was not restarted).
        reason: why it was not restarted, in French ("" otherwise).
    """

    vm: str
    priority: str
    from_host: str
    to_host: str
    outage_s: float | None
    reason: str = ""

    @property
    def restarted(self) -> bool:
        """True when the VM runs again."""
        return self.outage_s is not None

    def to_dict(self) -> dict[str, Any]:
        """The figures, ready for JSON."""
        return {
            "vm": self.vm,
            "priority": self.priority,
            "from_host": self.from_host,
            "to_host": self.to_host,
            "outage_s": self.outage_s,
            "restarted": self.restarted,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class HAReport:
    """The outcome of a failure handled by HA.

    Attributes:
        event: what failed, in French.
        host: the host concerned.
        detection_s: time before HA reacted.
        outages: one entry per VM that stopped.
        unaffected: the VMs that kept running (isolation).
    """

    event: str
    host: str
    detection_s: float
    outages: tuple[VMOutage, ...]
    unaffected: tuple[str, ...]

    @property
    def restarted(self) -> tuple[VMOutage, ...]:
        """The VMs restarted."""
        return tuple(o for o in self.outages if o.restarted)

    @property
    def not_restarted(self) -> tuple[VMOutage, ...]:
        """The VMs left down (no capacity anywhere)."""
        return tuple(o for o in self.outages if not o.restarted)

    @property
    def max_outage_s(self) -> float:
        """The longest outage among the restarted VMs (0 if none)."""
        return max((o.outage_s or 0.0 for o in self.restarted), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        """Every figure, ready for JSON."""
        return {
            "event": self.event,
            "host": self.host,
            "detection_s": self.detection_s,
            "max_outage_s": self.max_outage_s,
            "vms": [o.to_dict() for o in self.outages],
            "unaffected": list(self.unaffected),
        }

    def to_table(self) -> Table:
        """One row per stopped VM."""
        return Table(
            columns=(
                "VM",
                "priorité",
                "hôte d'origine",
                "redémarrée sur",
                "coupure (s)",
                "remarque",
            ),
            rows=tuple(
                (
                    o.vm,
                    o.priority,
                    o.from_host,
                    o.to_host or "—",
                    round(o.outage_s, 1) if o.outage_s is not None else None,
                    o.reason,
                )
                for o in self.outages
            ),
            title=(
                f"{_capitalise(self.event)} sur {self.host} : détection en "
                f"{fr_number(self.detection_s)} s ; {_count(len(self.restarted), 'redémarrée')}, "
                f"{_count(len(self.not_restarted), 'non redémarrée')}, "
                f"{_count(len(self.unaffected), 'non touchée')}"
            ),
        )

    def to_chart(self) -> VegaLiteChart:
        """Outage of each restarted VM, coloured by priority."""
        return VegaLiteChart(
            {
                "description": f"Coupure des VM après : {self.event} ({self.host})",
                "data": {
                    "values": [
                        {"VM": o.vm, "priorité": o.priority, "coupure (s)": o.outage_s}
                        for o in self.restarted
                    ]
                },
                "mark": "bar",
                "encoding": {
                    "y": {"field": "VM", "type": "nominal", "sort": "x", "title": "VM"},
                    "x": {"field": "coupure (s)", "type": "quantitative", "title": "Coupure (s)"},
                    "color": {
                        "field": "priorité",
                        "type": "nominal",
                        "scale": {"domain": list(PRIORITIES)},
                        "title": "Priorité",
                    },
                },
            }
        )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(count: int, adjective: str) -> str:
    """``_count(2, "non redémarrée")`` → ``"2 VM non redémarrées"`` (French agreement)."""
    words = adjective.split(" ")
    if count > 1:
        words[-1] += "s"
    return f"{count} VM {' '.join(words)}"


def _priority_of(priorities: Mapping[str, str], vm: VM) -> str:
    priority = priorities.get(vm.name, "moyenne")
    if priority not in PRIORITIES:
        raise SimulationError(
            f"Priorité de redémarrage inconnue pour « {vm.name} » : {priority!r}. "
            f"Choisissez parmi : {', '.join(PRIORITIES)}."
        )
    return priority


def host_failure(
    cluster: Cluster,
    host_name: str,
    *,
    priorities: Mapping[str, str] | None = None,
    config: HAConfig | None = None,
    event: FailureEvent = FailureEvent.HARDWARE_FAILURE,
    target: float = 1.0,
    cpu_overcommit: float = 1.0,
) -> HAReport:
    """Fail ``host_name`` and let HA restart its VMs on the other hosts.

    Args:
        cluster: the cluster.
        host_name: the host that fails.
        priorities: restart priority per VM name (``haute``, ``moyenne`` by default, ``basse``).
        config: HA timings.
        event: what fails (hardware, hypervisor, or — for a type 2 — the host OS).
        target: utilisation the surviving hosts may reach (HA uses all the capacity: 1.0).
        cpu_overcommit: vCPUs allowed per usable core.

    Returns:
        The :class:`HAReport`; restarted VMs now run on their new hosts.

    Raises:
        SimulationError: unknown host, unknown priority, or a guest crash passed as ``event``
            (use :func:`guest_crash`).
    """
    if event is FailureEvent.GUEST_CRASH:
        raise SimulationError(
            "Un plantage d'invité ne concerne qu'une VM : utilisez guest_crash(cluster, vm)."
        )
    config = config or HAConfig()
    priorities = priorities or {}
    host = cluster.host(host_name)
    impact = host.fail(event)
    host.powered_on = False
    stopped = [host.vm(name) for name in impact.stopped]
    queue = sorted(
        stopped,
        key=lambda vm: (PRIORITIES.index(_priority_of(priorities, vm)), -vm.ram_mib, vm.name),
    )
    survivors = [h for h in cluster.hosts if h is not host and h.powered_on and not h.maintenance]
    unaffected = tuple(vm.name for h in survivors for vm in h.vms if vm.is_running)
    outages: list[VMOutage] = []
    order = 0
    for vm in queue:
        priority = _priority_of(priorities, vm)
        destination = roomiest(survivors, vm, target=target, cpu_overcommit=cpu_overcommit)
        if destination is None:
            outages.append(
                VMOutage(
                    vm=vm.name,
                    priority=priority,
                    from_host=host.name,
                    to_host="",
                    outage_s=None,
                    reason=(
                        "aucun hôte survivant n'a assez de capacité : le contrôle d'admission "
                        "aurait dû garder cette réserve"
                    ),
                )
            )
            continue
        host.remove_vm(vm.name)
        destination.add_vm(vm)
        vm.restart()
        outage_s = config.detection_s + order * config.restart_interval_s + config.boot_s
        order += 1
        outages.append(
            VMOutage(
                vm=vm.name,
                priority=priority,
                from_host=host.name,
                to_host=destination.name,
                outage_s=outage_s,
            )
        )
    return HAReport(
        event=event.label,
        host=host.name,
        detection_s=config.detection_s,
        outages=tuple(outages),
        unaffected=unaffected,
    )


def guest_crash(cluster: Cluster, vm_name: str, *, config: HAConfig | None = None) -> HAReport:
    """Crash one guest OS: only that VM stops (isolation); VM monitoring restarts it in place.

    Returns:
        The :class:`HAReport`: one outage (monitoring timeout + boot), every other VM unaffected.
    """
    config = config or HAConfig()
    host = cluster.locate(vm_name)
    impact = host.fail(FailureEvent.GUEST_CRASH, crashed_vm=vm_name)
    vm = host.vm(vm_name)
    vm.restart()
    outage_s = config.vm_monitoring_timeout_s + config.boot_s
    return HAReport(
        event=FailureEvent.GUEST_CRASH.label,
        host=host.name,
        detection_s=config.vm_monitoring_timeout_s,
        outages=(
            VMOutage(
                vm=vm_name,
                priority="—",
                from_host=host.name,
                to_host=host.name,
                outage_s=outage_s,
            ),
        ),
        unaffected=tuple(
            v.name
            for h in cluster.hosts
            for v in h.vms
            if v.is_running and v.name not in impact.stopped
        ),
    )
