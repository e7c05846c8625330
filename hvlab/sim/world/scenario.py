"""A whole datacentre described as a scenario: hosts, datastores, switches, port groups, VMs.

A scenario is a YAML file (see ``labs/scenarios/`` and the JSON Schema shipped as
``hvlab/sim/world/schema/scenario.schema.json``) or the equivalent dict:

* :func:`load_scenario` reads a YAML file (PyYAML, imported only there: it is not in Pyodide by
  default);
* :func:`scenario_from_dict` builds from a dict — what the browser uses.

Both run the same validation and report *every* problem at once as a
:class:`~hvlab.errors.ScenarioError`, each :class:`~hvlab.errors.ValidationProblem` with a path such
as ``hosts[2].nics[0].speed_gbps`` (and the line and column when read from a file). A malformed
scenario never produces anything else than that error.

A :class:`Scenario` holds a :class:`~hvlab.sim.world.storage.StorageModel` and a
:class:`~hvlab.sim.world.network.Network` that labs change (fill a datastore, pull a cable,
move a VM), and answers the questions of the course: :meth:`Scenario.reachability`,
:meth:`Scenario.check_vmotion`, :meth:`Scenario.report`, :meth:`Scenario.to_mermaid`.

Example:
    >>> sc = scenario_from_dict({
    ...     "name": "mini",
    ...     "hosts": [{"name": "esx01", "nics": [{"name": "vmnic0", "speed_gbps": 10}],
    ...                "vswitches": [{"name": "vSwitch0", "uplinks": ["vmnic0"],
    ...                               "port_groups": [{"name": "Production", "vlan": 20}]}]}],
    ...     "vms": [{"name": "web1", "host": "esx01", "nics": [{"port_group": "Production"}]},
    ...             {"name": "web2", "host": "esx01", "nics": [{"port_group": "Production"}]}],
    ... })
    >>> sc.reachability("web1", "web2").reachable
    True
"""

from __future__ import annotations

__all__ = [
    "FULL_WARNING_FRACTION",
    "DatastoreReport",
    "Scenario",
    "ScenarioReport",
    "load_scenario",
    "scenario_from_dict",
]

import copy
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hvlab.errors import ScenarioError, SimulationError, ValidationProblem
from hvlab.sim.core.datacenter import Cluster, Datacenter, Host
from hvlab.sim.core.devices import DiskProvisioning, VirtualNic
from hvlab.sim.core.hardware import SERVER_MODELS
from hvlab.sim.core.hypervisor import HYPERVISORS
from hvlab.sim.core.units import mib_to_mb
from hvlab.sim.core.vm import VM
from hvlab.sim.display.values import MermaidDiagram
from hvlab.sim.migration import MigrationResult, migrate
from hvlab.sim.world.checks import DEFAULT_SERVER_MODEL, check_document, parse_vlan_item
from hvlab.sim.world.events import EventLog
from hvlab.sim.world.network import (
    TRUNK_VLAN,
    HostNetwork,
    LoadBalancing,
    Network,
    NetworkEvent,
    PhysicalNic,
    PortGroup,
    Reachability,
    SwitchPort,
    TeamingPolicy,
    VmkernelPort,
    VmkService,
    VSwitch,
    vlan_label,
)
from hvlab.sim.world.report import (
    FULL_PAIRS_MAX_VMS,
    DatastoreReport,
    ReachabilityClass,
    ReachabilitySummary,
    ScenarioReport,
    UnreachableClassPair,
)
from hvlab.sim.world.storage import (
    Datastore,
    DatastoreType,
    StorageEvent,
    StorageModel,
    StorageVMotionResult,
    WriteResult,
)
from hvlab.sim.world.views import FULL_WARNING_FRACTION, datastore_reports, mermaid, warnings
from hvlab.sim.world.vmotion import (
    HostCpu,
    VMotionCheck,
    check_vmotion,
    vmotion_bandwidth_mb_s,
    vmotion_checks,
)


@dataclass
class Scenario:
    """A datacentre built from a scenario: hosts, VMs, a storage model and a network model.

    Build it with :func:`load_scenario` or :func:`scenario_from_dict`; labs then change it.
    The hosts and VMs are the core model's (:class:`~hvlab.sim.core.datacenter.Host`,
    :class:`~hvlab.sim.core.vm.VM`): a VM's disks are the very objects the storage model places
    on datastores, its NICs those the network plugs into port groups.

    Attributes:
        name: the scenario's name.
        description: what it shows, in French.
        hosts: the hosts by name (server model ``rack-1u`` when the document gives none), each
            holding its VMs.
        vms: the VMs by name, in document order.
        vm_hosts: the host of each VM.
        storage: datastores and disks.
        network: vSwitches, port groups, physical switch ports, VM NICs.
        switches: the physical switches and the ``(host, NIC)`` cabled to each.
        host_cpus: the processors of the hosts whose CPU the document describes.
    """

    name: str
    description: str = ""
    hosts: dict[str, Host] = field(default_factory=dict)
    vms: dict[str, VM] = field(default_factory=dict)
    vm_hosts: dict[str, str] = field(default_factory=dict)
    storage: StorageModel = field(default_factory=StorageModel)
    network: Network = field(default_factory=Network)
    switches: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    host_cpus: dict[str, HostCpu] = field(default_factory=dict)

    def host_of(self, vm: str) -> str:
        """The host ``vm`` runs on."""
        self._vm(vm)
        return self.vm_hosts[vm]

    def reachability(self, vm_a: str, vm_b: str) -> Reachability:
        """Can VMs ``vm_a`` and ``vm_b`` exchange frames? With the French reasons."""
        self._vm(vm_a)
        self._vm(vm_b)
        if not self.network.nics_of(vm_a) or not self.network.nics_of(vm_b):
            lonely = vm_a if not self.network.nics_of(vm_a) else vm_b
            return Reachability(vm_a, vm_b, False, (f"La VM {lonely} n'a aucune carte réseau.",))
        return self.network.reachability(vm_a, vm_b)

    def check_vmotion(self, vm: str, destination: str, *, concurrent: int = 1) -> VMotionCheck:
        """Check the vMotion prerequisites for moving ``vm`` to ``destination``."""
        self._vm(vm)
        self._host(destination)
        return check_vmotion(
            vm,
            destination,
            source=self.vm_hosts[vm],
            storage=self.storage,
            network=self.network,
            cpus=self.host_cpus,
            hypervisors={name: host.hypervisor.name for name, host in self.hosts.items()},
            concurrent=concurrent,
        )

    def vmotion_bandwidth_mb_s(
        self, source: str, destination: str, *, concurrent: int = 1
    ) -> float:
        """Bandwidth of the vMotion network between two hosts, in MB/s (for the migration model)."""
        self._host(source)
        self._host(destination)
        return vmotion_bandwidth_mb_s(self.network, source, destination, concurrent=concurrent)

    def vmotion(
        self, vm: str, destination: str, *, dirty_rate_mb_s: float = 0.0, model: str = "precopy"
    ) -> MigrationResult:
        """Move ``vm`` live to ``destination``: prerequisites, then the migration model.

        Args:
            vm: the VM.
            destination: the host it goes to.
            dirty_rate_mb_s: how fast the guest dirties memory, in MB/s.
            model: a model of :data:`hvlab.sim.migration.MIGRATION_MODELS`.

        Returns:
            The migration's rounds, time and downtime, at the vMotion network's bandwidth.

        Raises:
            SimulationError: a prerequisite is unmet (the message lists every reason).
        """
        check = self.check_vmotion(vm, destination)
        if not check.eligible:
            reasons = "\n".join(f"  - {r}" for r in check.reasons)
            raise SimulationError(f"vMotion de {vm} vers {destination} impossible :\n{reasons}")
        machine = self.vms[vm]
        result = migrate(model, mib_to_mb(machine.ram_mib), check.bandwidth_mb_s, dirty_rate_mb_s)
        self.network.move_vm(vm, destination)
        self.hosts[self.vm_hosts[vm]].remove_vm(vm)
        self.hosts[destination].add_vm(machine)
        self.vm_hosts[vm] = destination
        return result

    def storage_vmotion(self, vm: str, datastore: str, *, at_s: float = 0) -> StorageVMotionResult:
        """Move every disk of ``vm`` to ``datastore`` (which its host must see)."""
        self._vm(vm)
        return self.storage.storage_vmotion(vm, datastore, host=self.vm_hosts[vm], at_s=at_s)

    def write(
        self,
        vm: str,
        gib: float,
        *,
        disk: str | None = None,
        new_data: bool = True,
        at_s: float = 0,
    ) -> WriteResult:
        """The guest of ``vm`` writes ``gib`` GiB (see :meth:`StorageModel.write`)."""
        self._vm(vm)
        return self.storage.write(vm, gib, disk=disk, new_data=new_data, at_s=at_s)

    def set_link(self, host: str, nic: str, up: bool, *, at_s: float = 0) -> list[NetworkEvent]:
        """Bring a NIC's link down or up (see :meth:`Network.set_link`)."""
        return self.network.set_link(host, nic, up, at_s=at_s)

    @property
    def events(self) -> EventLog[StorageEvent | NetworkEvent]:
        """Storage and network events, in time order (``show(sc.events)`` draws a table)."""
        merged: list[StorageEvent | NetworkEvent] = [*self.storage.events, *self.network.events]
        return EventLog(sorted(merged, key=lambda e: e.time_s))

    def report(self) -> ScenarioReport:
        """Datastores, reachability between VMs, vMotion eligibility, warnings.

        Every pair of VMs is listed up to :data:`~hvlab.sim.world.report.FULL_PAIRS_MAX_VMS`
        VMs; the summary by class (counts, the pairs of classes that cannot reach each other)
        is always given. The work grows with the VMs, the hosts and the classes of VMs, not with
        the pairs of VMs once they are no longer listed.
        """
        names = list(self.vms)
        summary = self._reachability_summary(names)
        pairs: tuple[Reachability, ...] = ()
        if summary.listed:
            pairs = tuple(
                self.reachability(a, b) for i, a in enumerate(names) for b in names[i + 1 :]
            )
        checks = tuple(
            vmotion_checks(
                (
                    (vm, self.vm_hosts[vm], host)
                    for vm in names
                    for host in self.hosts
                    if host != self.vm_hosts[vm]
                ),
                storage=self.storage,
                network=self.network,
                cpus=self.host_cpus,
                hypervisors={name: host.hypervisor.name for name, host in self.hosts.items()},
            )
        )
        return ScenarioReport(
            self.name, datastore_reports(self), pairs, checks, warnings(self), summary
        )

    def _reachability_summary(self, names: list[str]) -> ReachabilitySummary:
        """Group the VMs by what decides their reachability, then answer per pair of groups.

        A VM's group key is the set of its NICs' :meth:`Network.reach_keys`: two VMs with the
        same key are reachable from the same VMs. Groups whose rows of answers are equal are
        then merged into the classes shown to the reader.
        """
        network = self.network
        endpoints = network.endpoints()
        vm_ends = [e for e in endpoints if e.kind == "vm"]
        keys = network.reach_keys(vm_ends)
        nic_keys: dict[str, set[Hashable]] = {}
        for end, key in zip(vm_ends, keys, strict=True):
            nic_keys.setdefault(end.name, set()).add(key)
        groups: dict[frozenset[Hashable], list[str]] = {}
        for vm in names:
            groups.setdefault(frozenset(nic_keys.get(vm, ())), []).append(vm)
        members = list(groups.values())

        def answer(i: int, j: int) -> Reachability:
            if i == j:
                first = members[i][0]
                # A lone VM: what a second VM with the same key would get (reach is per key).
                return self.reachability(first, members[i][1] if len(members[i]) > 1 else first)
            return self.reachability(members[i][0], members[j][0])

        count = len(members)
        rows = [[False] * count for _ in range(count)]
        for i in range(count):
            for j in range(i, count):
                rows[i][j] = rows[j][i] = answer(i, j).reachable
        merged: dict[tuple[bool, ...], list[int]] = {}
        for i in range(count):
            merged.setdefault(tuple(rows[i]), []).append(i)
        classes = list(merged.values())
        sizes = [sum(len(members[g]) for g in cls) for cls in classes]
        vms_of = [[vm for g in cls for vm in members[g]] for cls in classes]
        position = {vm: index for index, vm in enumerate(names)}
        order = sorted(range(len(classes)), key=lambda c: position[vms_of[c][0]])
        classes = [classes[c] for c in order]
        sizes = [sizes[c] for c in order]
        vms_of = [vms_of[c] for c in order]

        def reach(a: int, b: int) -> bool:
            return rows[classes[a][0]][classes[b][0]]

        reachable_pairs = 0
        reachable_classes: list[tuple[int, int]] = []
        unreachable: list[UnreachableClassPair] = []
        for a in range(len(classes)):
            for b in range(a, len(classes)):
                pairs = sizes[a] * (sizes[a] - 1) // 2 if a == b else sizes[a] * sizes[b]
                if reach(a, b):
                    reachable_pairs += pairs
                    reachable_classes.append((a + 1, b + 1))
                elif pairs:
                    first = vms_of[a][0]
                    second = vms_of[b][1] if a == b else vms_of[b][0]
                    reasons = self.reachability(first, second).reasons
                    unreachable.append(
                        UnreachableClassPair(a + 1, b + 1, pairs, (first, second), reasons)
                    )
        ports: list[set[str]] = [set() for _ in classes]
        class_of = {vm: c for c, vms in enumerate(vms_of) for vm in vms}
        for end in vm_ends:
            located = network.port_group(end.host, end.port_group)
            vlan = vlan_label(located[1].vlan_id) if located else "absent de l'hôte"
            if located and located[1].vlan_id == TRUNK_VLAN and end.guest_vlan:
                vlan += f", la VM étiquette le VLAN {end.guest_vlan}"
            ports[class_of[end.name]].add(f"{end.port_group} ({vlan})")
        described = tuple(
            ReachabilityClass(
                c + 1,
                sizes[c],
                tuple(vms_of[c][:3]),
                tuple(sorted(ports[c])),
                len({self.vm_hosts[vm] for vm in vms_of[c]}),
                sum(sizes[d] for d in range(len(classes)) if d != c and reach(c, d))
                + (sizes[c] - 1 if reach(c, c) else 0),
            )
            for c in range(len(classes))
        )
        total = len(names) * (len(names) - 1) // 2
        return ReachabilitySummary(
            len(names),
            total,
            reachable_pairs,
            len(names) <= FULL_PAIRS_MAX_VMS,
            described,
            tuple(reachable_classes),
            tuple(unreachable),
        )

    def to_datacenter(self) -> Datacenter:
        """A copy of the scenario's hosts and VMs as a core datacentre (one cluster).

        The copy is independent: placing, failing or moving VMs in it leaves the scenario as it
        is, so placement, power and the other models of the simulator apply to it freely.
        """
        cluster = Cluster(self.name, list(self.hosts.values()))
        return copy.deepcopy(Datacenter(self.name, [cluster]))

    def to_mermaid(self) -> MermaidDiagram:
        """The network as a Mermaid flowchart: hosts, vSwitches, port groups, uplinks, VMs."""
        return mermaid(self)

    def _vm(self, vm: str) -> VM:
        try:
            return self.vms[vm]
        except KeyError:
            known = ", ".join(self.vms) or "aucune"
            raise SimulationError(f"VM inconnue : « {vm} » (VM du scénario : {known}).") from None

    def _host(self, host: str) -> Host:
        try:
            return self.hosts[host]
        except KeyError:
            known = ", ".join(self.hosts) or "aucun"
            raise SimulationError(
                f"Hôte inconnu : « {host} » (hôtes du scénario : {known})."
            ) from None


def scenario_from_dict(data: Any, *, source: str = "") -> Scenario:
    """Validate a scenario document (a dict, e.g. parsed JSON) and build the datacentre.

    Args:
        data: the document.
        source: file name used in the problems ("" for a dict).

    Returns:
        The scenario.

    Raises:
        ScenarioError: every problem found, each with its path (never another exception).
    """
    problems, valid = check_document(data)
    if problems:
        order = _document_order(data)
        problems.sort(key=lambda problem: _rank(problem[0], order))
        raise ScenarioError([ValidationProblem(m, source, p) for p, m in problems])
    try:
        return _build(valid)
    except (SimulationError, KeyError, ValueError, TypeError) as error:
        raise ScenarioError([ValidationProblem(f"scénario incohérent : {error}", source)]) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario YAML file, validate it and build the datacentre.

    The file is read by the project's YAML reader (:mod:`hvlab.sources`, imported here only: it
    needs PyYAML, which the browser does not have), within its limits — size, nesting depth,
    number of values, aliases — so that a huge, deeply nested or alias-swollen file is refused
    at once with a French message naming the limit.

    Args:
        path: the YAML file.

    Returns:
        The scenario.

    Raises:
        ScenarioError: the file cannot be read or parsed, exceeds a limit, or has problems (all
            of them, each with its path, line, column and the line with a caret).
    """
    from hvlab.sources import read_yaml_file

    name = str(path)
    document = read_yaml_file(path, file=name)
    if document.problems:
        raise ScenarioError(document.problems)
    try:
        return scenario_from_dict(document.data, source=name)
    except ScenarioError as error:
        located = []
        for problem in error.problems:
            where = _path_tuple(problem.path)
            line, column = document.position(where, key=bool(where) and isinstance(where[-1], str))
            located.append(
                ValidationProblem(
                    problem.message,
                    problem.file,
                    problem.path,
                    line,
                    column,
                    document.problem("", where, key=True).excerpt if line else "",
                )
            )
        raise ScenarioError(located) from None


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _path_tuple(path: str) -> tuple[str | int, ...]:
    """``hosts[2].nics[0].speed_gbps`` → ``("hosts", 2, "nics", 0, "speed_gbps")``."""
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path))


def _document_order(data: Any) -> dict[str, int]:
    """Path → rank of every node of ``data`` in document order (shared nodes counted once)."""
    order: dict[str, int] = {}
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        order.setdefault(path, len(order))
        if not isinstance(value, (dict, list)) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        else:
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        stack.extend(reversed(children))
    return order


def _rank(path: str, order: dict[str, int]) -> int:
    while path not in order and path:
        path = _LAST_PART.sub("", path) if _LAST_PART.search(path) else ""
    return order.get(path, 0)


_LAST_PART = re.compile(r"(\.[^.\[]*|\[\d+\])$")


def _teaming(data: dict[str, Any] | None) -> TeamingPolicy | None:
    if data is None:
        return None
    return TeamingPolicy(
        LoadBalancing(data.get("policy", "port-id")),
        tuple(data.get("active", ())),
        tuple(data.get("standby", ())),
        bool(data.get("failback", True)),
        bool(data.get("notify_switches", True)),
    )


def _allowed(value: Any) -> frozenset[int] | None:
    if value is None or value == "all":
        return None
    vlans: set[int] = set()
    for item in value:
        vlans.update(parse_vlan_item(item) or ())
    return frozenset(vlans)


def _add_snapshots(storage: StorageModel, vm: str, snapshots: Any) -> None:
    """Snapshots of a scenario VM: each delta (overwritten blocks) spread over the disks by size."""
    disks = storage.disks_of(vm)
    total = sum(disk.size_gib for disk in disks)
    for snapshot in snapshots:
        storage.take_snapshot(vm, snapshot["name"])
        for disk in disks:
            disk.deltas[-1].allocated_gib = snapshot.get("delta_gib", 0) * disk.size_gib / total


def _build(doc: dict[str, Any]) -> Scenario:
    scenario = Scenario(doc["name"], doc.get("description", ""))
    for host in doc["hosts"]:
        model = SERVER_MODELS[host.get("model") or DEFAULT_SERVER_MODEL]
        hypervisor = HYPERVISORS[host.get("hypervisor", "esxi")]
        scenario.hosts[host["name"]] = Host(host["name"], model, hypervisor)
        cpu = host.get("cpu")
        if cpu:
            scenario.host_cpus[host["name"]] = HostCpu(
                cpu["vendor"], cpu["generation"], cpu.get("evc_mode", "")
            )
        vswitches = tuple(
            VSwitch(
                vs["name"],
                tuple(vs.get("uplinks", ())),
                tuple(
                    PortGroup(pg["name"], pg.get("vlan", 0), _teaming(pg.get("teaming")))
                    for pg in vs.get("port_groups", ())
                ),
                _teaming(vs.get("teaming")) or TeamingPolicy(),
            )
            for vs in host.get("vswitches", ())
        )
        scenario.network.add_host(
            HostNetwork(
                host["name"],
                tuple(
                    PhysicalNic(n["name"], float(n["speed_gbps"]), n.get("link", "up") == "up")
                    for n in host["nics"]
                ),
                vswitches,
                tuple(
                    VmkernelPort(
                        v["name"],
                        v["port_group"],
                        v.get("ip", ""),
                        frozenset(VmkService(s) for s in v.get("services", ())),
                    )
                    for v in host.get("vmkernel", ())
                ),
            )
        )
    for store in doc.get("datastores", ()):
        scenario.storage.add_datastore(
            Datastore(
                store["name"],
                DatastoreType(store["type"]),
                float(store["capacity_gib"]),
                tuple(store["hosts"]),
            )
        )
    for switch in doc.get("physical_switches", ()):
        cabled = []
        for port in switch["ports"]:
            cabled.append((port["host"], port["nic"]))
            scenario.network.add_switch_port(
                SwitchPort(
                    port["host"],
                    port["nic"],
                    _allowed(port.get("allowed_vlans")),
                    port.get("native_vlan", 1),
                    switch["name"],
                    port.get("port_channel", ""),
                )
            )
        scenario.switches[switch["name"]] = tuple(cabled)
    with scenario.storage.loading():
        for vm in doc.get("vms", ()):
            name, host = vm["name"], vm["host"]
            disks = tuple(
                scenario.storage.create_disk(
                    name,
                    disk["name"],
                    float(disk["size_gib"]),
                    DiskProvisioning(disk.get("provisioning", "thin")),
                    disk["datastore"],
                    written_gib=float(disk.get("used_gib", 0)),
                )
                for disk in vm.get("disks", ())
            )
            if vm.get("snapshots"):
                _add_snapshots(scenario.storage, name, vm["snapshots"])
                scenario.storage.forget_used_space()
            nics = []
            for index, nic in enumerate(vm.get("nics", ())):
                virtual = VirtualNic(
                    f"nic{index}",
                    nic["port_group"],
                    nic.get("mac", ""),
                    nic.get("ip", ""),
                    nic.get("guest_vlan"),
                )
                scenario.network.attach(name, host, virtual)
                nics.append(virtual)
            machine = VM(
                name, vm.get("vcpus", 1), vm.get("ram_mib", 1024), disks=disks, nics=tuple(nics)
            )
            scenario.hosts[host].add_vm(machine.power_on())
            scenario.vms[name] = machine
            scenario.vm_hosts[name] = host
    scenario.storage.events.clear()
    return scenario
