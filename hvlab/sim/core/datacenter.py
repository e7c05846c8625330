"""Hosts, clusters and datacentres: where the VMs run.

* A `Host` is a physical server (a `ServerModel`) running a
  `Hypervisor` and its VMs.
* A `Cluster` groups hosts that share their VMs (placement, migration, HA).
* A `Datacenter` groups clusters; ``to_mermaid()`` draws its topology.

These are plain mutable containers: they check names and keep the lists consistent, and leave the
decisions (where to place, when to migrate) to the algorithms of the other modules.

Examples:
    >>> from hvlab.sim.core.hardware import RACK_1U
    >>> from hvlab.sim.core.vm import VM
    >>> host = Host("esx1", RACK_1U)
    >>> host.add_vm(VM("web1", vcpus=2, ram_mib=4096).power_on()).cpu_demand_cores()
    2.0
"""

from __future__ import annotations

__all__ = ["Cluster", "Datacenter", "Host"]

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import ServerModel
from hvlab.sim.core.hypervisor import (
    HYPERVISORS,
    FailureEvent,
    FailureImpact,
    Hypervisor,
    failure_impact,
)
from hvlab.sim.core.placement import HostCapacity, PlacementItem, PlacementResult, place
from hvlab.sim.core.vm import VM, VMState
from hvlab.sim.display.values import MermaidDiagram


def _default_hypervisor() -> Hypervisor:
    return HYPERVISORS["esxi"]


def _gib(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


@dataclass(eq=False)
class Host:
    """A physical server running a hypervisor and VMs (mutable; compared by identity).

    Args:
        name: unique name in the datacentre (e.g. ``"esx1"``).
        model: the server model.
        hypervisor: the hypervisor installed (VMware ESXi by default).
        vms: the VMs it holds, in order of arrival.
        powered_on: False when the server is switched off.
        maintenance: True while the host is in maintenance mode.
    """

    name: str
    model: ServerModel
    hypervisor: Hypervisor = field(default_factory=_default_hypervisor)
    vms: list[VM] = field(default_factory=list)
    powered_on: bool = True
    maintenance: bool = False

    @property
    def cores(self) -> int:
        """Physical cores of the server."""
        return self.model.cores

    @property
    def usable_cores(self) -> float:
        """Cores left to the VMs once the hypervisor's CPU overhead is taken."""
        return self.hypervisor.effective_overhead.usable_cores(self.model.cores)

    @property
    def usable_ram_gib(self) -> float:
        """Memory left to the VMs once the hypervisor's reservation and the per-VM overhead of
        the VMs it holds are taken, in GiB."""
        return self.hypervisor.effective_overhead.usable_ram_gib(self.model.ram_gib, len(self.vms))

    @property
    def base_ram_gib(self) -> float:
        """Memory left to the VMs once only the hypervisor's own reservation is taken, in GiB
        (before the per-VM overhead; see `committed_ram_gib`)."""
        return self.hypervisor.effective_overhead.usable_ram_gib(self.model.ram_gib, 0)

    @property
    def per_vm_overhead_gib(self) -> float:
        """Memory the hypervisor consumes for each VM it runs (page tables, devices), in GiB."""
        return self.hypervisor.effective_overhead.per_vm_ram_mib / 1024.0

    @property
    def committed_ram_gib(self) -> float:
        """Memory the VMs of the host cost it: configured memory plus the per-VM overhead of
        each, in GiB (all states)."""
        return self.allocated_ram_gib + len(self.vms) * self.per_vm_overhead_gib

    @property
    def allocated_vcpus(self) -> int:
        """vCPUs of the VMs on the host (all states)."""
        return sum(vm.vcpus for vm in self.vms)

    @property
    def allocated_ram_gib(self) -> float:
        """Configured memory of the VMs on the host, in GiB (all states)."""
        return sum(vm.ram_mib for vm in self.vms) / 1024.0

    @property
    def vcpu_ratio(self) -> float:
        """vCPUs per physical core (the CPU overcommit ratio in use)."""
        return self.allocated_vcpus / self.model.cores

    def vm(self, name: str) -> VM:
        """The VM called ``name`` on this host.

        Raises:
            SimulationError: no such VM here.
        """
        for vm in self.vms:
            if vm.name == name:
                return vm
        raise SimulationError(
            f"Aucune VM « {name} » sur l'hôte « {self.name} » "
            f"(VM présentes : {', '.join(v.name for v in self.vms) or 'aucune'})."
        )

    def add_vm(self, vm: VM) -> Host:
        """Put ``vm`` on this host (no capacity check: placement decides); returns the host.

        Raises:
            SimulationError: a VM of the same name is already here, or the VM has more vCPUs
                than the host has cores (it could not start: a vCPU runs on one logical CPU
                at a time).
        """
        if vm.vcpus > self.model.cores:
            raise SimulationError(
                f"La VM « {vm.name} » a {vm.vcpus} vCPU, l'hôte « {self.name} » n'a que "
                f"{self.model.cores} cœurs : une VM ne peut pas avoir plus de vCPU que son hôte "
                "n'a de processeurs logiques (elle ne démarrerait pas). Réduisez ses vCPU ou "
                "choisissez un hôte plus gros."
            )
        if any(other.name == vm.name for other in self.vms):
            raise SimulationError(
                f"L'hôte « {self.name} » a déjà une VM nommée « {vm.name} » : "
                "choisissez un autre nom."
            )
        self.vms.append(vm)
        return self

    def remove_vm(self, name: str) -> VM:
        """Take the VM called ``name`` off this host and return it."""
        vm = self.vm(name)
        self.vms.remove(vm)
        return vm

    def cpu_demand_cores(self, time_s: float | None = None) -> float:
        """CPU wanted by the running VMs, in cores (at ``time_s``, or on average)."""
        return sum(vm.cpu_demand_cores(time_s) for vm in self.vms)

    def ram_demand_gib(self, time_s: float | None = None) -> float:
        """Memory used by the VMs, in GiB (at ``time_s``, or on average)."""
        return sum(vm.ram_demand_gib(time_s) for vm in self.vms)

    def utilisation(self, time_s: float | None = None) -> float:
        """CPU utilisation of the server in [0, 1]: the hypervisor's overhead plus the VMs'
        demand, capped at 1 (demand beyond capacity waits: see `hvlab.sim.core.contention`)."""
        if not self.powered_on:
            return 0.0
        overhead = self.model.cores - self.usable_cores
        return min(1.0, (overhead + self.cpu_demand_cores(time_s)) / self.model.cores)

    def power_w(self, time_s: float | None = None) -> float:
        """Power drawn by the server, in watts (0 when switched off)."""
        if not self.powered_on:
            return 0.0
        return self.model.power_w(self.utilisation(time_s))

    def fail(self, event: FailureEvent, crashed_vm: str = "") -> FailureImpact:
        """Apply a failure: the VMs of its failure domain crash (see
        `failure_impact`).

        Args:
            event: what fails.
            crashed_vm: for a guest crash, the VM that crashes.

        Returns:
            Which VMs stopped and which kept running.
        """
        running = [vm.name for vm in self.vms if vm.is_running]
        impact = failure_impact(self.hypervisor.type, event, running, crashed_vm)
        for name in impact.stopped:
            self.vm(name).crash()
        if event in (FailureEvent.HYPERVISOR_CRASH, FailureEvent.HARDWARE_FAILURE):
            self.powered_on = False
        return impact

    def to_dict(self) -> dict[str, object]:
        """The host and its VMs, ready for JSON."""
        return {
            "name": self.name,
            "model": self.model.name,
            "hypervisor": self.hypervisor.name,
            "powered_on": self.powered_on,
            "maintenance": self.maintenance,
            "vms": [vm.to_dict() for vm in self.vms],
        }


@dataclass(eq=False)
class Cluster:
    """Hosts that share their VMs (placement, migration, HA).

    Args:
        name: the cluster's name.
        hosts: its hosts.
    """

    name: str
    hosts: list[Host] = field(default_factory=list)

    def __iter__(self) -> Iterator[Host]:
        return iter(self.hosts)

    def add_host(self, host: Host) -> Host:
        """Add ``host``; returns it.

        Raises:
            SimulationError: a host of the same name is already in the cluster.
        """
        if any(other.name == host.name for other in self.hosts):
            raise SimulationError(
                f"Le cluster « {self.name} » a déjà un hôte nommé « {host.name} »."
            )
        self.hosts.append(host)
        return host

    def host(self, name: str) -> Host:
        """The host called ``name``.

        Raises:
            SimulationError: no such host.
        """
        for host in self.hosts:
            if host.name == name:
                return host
        raise SimulationError(
            f"Aucun hôte « {name} » dans le cluster « {self.name} » "
            f"(hôtes : {', '.join(h.name for h in self.hosts) or 'aucun'})."
        )

    @property
    def vms(self) -> list[VM]:
        """Every VM of the cluster, host by host."""
        return [vm for host in self.hosts for vm in host.vms]

    def locate(self, vm_name: str) -> Host:
        """The host that holds the VM called ``vm_name``.

        Raises:
            SimulationError: no host holds it.
        """
        for host in self.hosts:
            if any(vm.name == vm_name for vm in host.vms):
                return host
        raise SimulationError(f"Aucune VM « {vm_name} » dans le cluster « {self.name} ».")

    def power_w(self, time_s: float | None = None) -> float:
        """Power drawn by all hosts, in watts."""
        return sum(host.power_w(time_s) for host in self.hosts)

    def place_vms(
        self,
        vms: Sequence[VM],
        *,
        algorithm: str = "bfd",
        target: float = 0.8,
        cpu_overcommit: float = 1.0,
        ram_overcommit: float = 1.0,
        power_on: bool = True,
    ) -> PlacementResult:
        """Place ``vms`` on the hosts of the cluster and attach them.

        Each host offers its usable cores × overcommit × target, minus the vCPUs its VMs already
        reserve; a VM asks for its vCPUs. Memory follows the same rule with one refinement: the
        hypervisor's **per-VM overhead** (``Overhead.per_vm_ram_mib``, 64 MiB by default) is
        memory the hypervisor really consumes for each VM, so it is charged in full to every
        VM, already on the host or being placed: a host offers (its RAM − the hypervisor's
        reservation) × overcommit × target, and each VM costs its configured memory plus its
        per-VM overhead. Maintenance and HA (`hvlab.sim.core.headroom`) count free memory the
        same way (when the hosts run hypervisors of different overheads, the largest is
        charged). Hosts switched off or in maintenance receive nothing.

        Args:
            vms: the VMs to place.
            algorithm: ``"ff"``, ``"bf"``, ``"wf"``, ``"ffd"`` or ``"bfd"``.
            target: target utilisation of each host, in (0, 1].
            cpu_overcommit: vCPUs allowed per usable core.
            ram_overcommit: GiB of VM memory allowed per usable GiB.
            power_on: switch the placed VMs on.

        Returns:
            The placement; VMs that fit nowhere are listed in ``unplaced``.
        """
        capacities = [
            HostCapacity(
                cpu=max(0.0, host.usable_cores - host.allocated_vcpus / (cpu_overcommit * target)),
                ram_gib=max(
                    0.0,
                    host.base_ram_gib - host.committed_ram_gib / (ram_overcommit * target),
                ),
                name=host.name,
            )
            for host in self.hosts
            if host.powered_on and not host.maintenance
        ]
        # One figure per VM: with hosts under different hypervisors, the largest overhead.
        overhead_gib = max((h.per_vm_overhead_gib for h in self.hosts), default=0.0)
        items = [PlacementItem(vm.name, float(vm.vcpus), vm.ram_gib + overhead_gib) for vm in vms]
        result = place(
            items,
            hosts=capacities,
            algorithm=algorithm,
            target=target,
            cpu_overcommit=cpu_overcommit,
            ram_overcommit=ram_overcommit,
            strict=False,
        )
        by_name = {h.name: h for h in self.hosts}
        for vm in vms:
            index = result.placement.get(vm.name)
            if index is None:
                continue
            by_name[capacities[index].name].add_vm(vm)
            if power_on and vm.state is VMState.OFF:
                vm.power_on()
        return result

    def to_dict(self) -> dict[str, object]:
        """The cluster, ready for JSON."""
        return {"name": self.name, "hosts": [host.to_dict() for host in self.hosts]}

    def to_mermaid(self) -> MermaidDiagram:
        """The cluster as a Mermaid flowchart: its hosts and their VMs."""
        return MermaidDiagram("\n".join(["flowchart TB", *_cluster_lines(self, "c0")]) + "\n")


@dataclass(eq=False)
class Datacenter:
    """A datacentre: clusters of hosts.

    Args:
        name: the datacentre's name.
        clusters: its clusters.
    """

    name: str
    clusters: list[Cluster] = field(default_factory=list)

    def add_cluster(self, cluster: Cluster) -> Cluster:
        """Add ``cluster``; returns it.

        Raises:
            SimulationError: a cluster of the same name exists.
        """
        if any(other.name == cluster.name for other in self.clusters):
            raise SimulationError(
                f"Le datacentre « {self.name} » a déjà un cluster nommé « {cluster.name} »."
            )
        self.clusters.append(cluster)
        return cluster

    def cluster(self, name: str) -> Cluster:
        """The cluster called ``name``.

        Raises:
            SimulationError: no such cluster.
        """
        for cluster in self.clusters:
            if cluster.name == name:
                return cluster
        raise SimulationError(f"Aucun cluster « {name} » dans le datacentre « {self.name} ».")

    @property
    def hosts(self) -> list[Host]:
        """Every host, cluster by cluster."""
        return [host for cluster in self.clusters for host in cluster.hosts]

    @property
    def vms(self) -> list[VM]:
        """Every VM, host by host."""
        return [vm for host in self.hosts for vm in host.vms]

    def power_w(self, time_s: float | None = None) -> float:
        """Power drawn by every host, in watts."""
        return sum(host.power_w(time_s) for host in self.hosts)

    def to_dict(self) -> dict[str, object]:
        """The datacentre, ready for JSON."""
        return {"name": self.name, "clusters": [c.to_dict() for c in self.clusters]}

    def to_mermaid(self) -> MermaidDiagram:
        """The topology as a Mermaid flowchart: one box per cluster, hosts, and their VMs."""
        lines = ["flowchart TB", f'  dc["Datacentre « {_label(self.name)} »"]']
        for c_index, cluster in enumerate(self.clusters):
            lines += _cluster_lines(cluster, f"c{c_index}")
            lines.append(f"  dc --> c{c_index}")
        return MermaidDiagram("\n".join(lines) + "\n")


def _cluster_lines(cluster: Cluster, cid: str) -> list[str]:
    lines = [f'  subgraph {cid}["Cluster « {_label(cluster.name)} »"]']
    for h_index, host in enumerate(cluster.hosts):
        hid = f"{cid}h{h_index}"
        status = "" if host.powered_on else " — éteint"
        if host.maintenance:
            status += " — maintenance"
        lines.append(
            f'    {hid}["{_label(host.name)}<br/>{_label(host.hypervisor.name)} · '
            f'{host.model.cores} cœurs · {_gib(host.model.ram_gib)} Gio{status}"]'
        )
        for v_index, vm in enumerate(host.vms):
            lines.append(
                f'    {hid} --> {hid}v{v_index}(["{_label(vm.name)}<br/>{vm.vcpus} vCPU · '
                f'{_gib(vm.ram_gib)} Gio · {vm.state.label}"])'
            )
    lines.append("  end")
    return lines
