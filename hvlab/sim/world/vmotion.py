"""vMotion prerequisites, checked against the storage and network models.

A running VM can move to another host (vMotion) when:

* every datastore holding its disks is visible from the destination. When it is not, the fix
  depends on the datastore: a shared kind (NFS, iSCSI, Fibre Channel) only has to be presented
  to the destination (export the NFS share or present the LUN, then mount it); a local VMFS
  datastore cannot be, so a storage vMotion must first move the disks to a shared datastore;
* both hosts have a VMkernel port with the vMotion service, and those ports can reach each other
  (same VLAN, a working uplink, a physical switch that carries the VLAN, the same IP subnet when
  addresses are given);
* the destination has port groups with the same names as the VM's;
* the CPUs are compatible: same vendor, and the same generation or a common EVC mode — and an
  EVC mode is never newer than the CPUs of a host that enforces it (`CPU_GENERATIONS` lists each
  vendor's generations from oldest to newest; an EVC mode ``"<vendor>-<generation>"`` above a
  host's generation is refused, as vCenter refuses to enable it);
* the vMotion network offers at least 1 Gbit/s, and at least 250 Mbit/s per concurrent vMotion.

:func:`vmotion_bandwidth_mb_s` gives the vMotion network's bandwidth in MB/s (1 Gbit/s =
125 MB/s, 1 MB = 10^6 bytes), the rate ``R`` the pre-copy migration model needs; the VM's memory
(MiB) is converted with × 1.048576 (`hvlab.sim.core.units`). Teaching assumption: a vMotion uses
the uplink that carries each host's vMotion VMkernel port; with several vMotion ports
(multi-NIC vMotion) their uplinks add up; the slower of the two hosts sets the rate.
"""

from __future__ import annotations

__all__ = [
    "CPU_GENERATIONS",
    "MIN_VMOTION_GBPS",
    "MIN_VMOTION_MBPS_PER_MIGRATION",
    "HostCpu",
    "VMotionCheck",
    "check_vmotion",
    "cpu_incompatibility",
    "vmotion_bandwidth_mb_s",
    "vmotion_checks",
    "vmotion_ports",
]

import ipaddress
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from hvlab.sim.display.values import fr_number
from hvlab.sim.world.network import Endpoint, Network, VmkService
from hvlab.sim.world.storage import DatastoreType, StorageModel

#: vMotion needs at least 1 GbE (REFERENCES.md, VMware facts).
MIN_VMOTION_GBPS = 1.0
#: … and at least 250 Mbit/s per concurrent vMotion.
MIN_VMOTION_MBPS_PER_MIGRATION = 250.0
_MB_S_PER_GBPS = 125.0

_VENDOR_LABELS = {"intel": "Intel", "amd": "AMD"}

#: How a shared datastore is presented to one more host (French, for the reasons).
_PRESENT = {
    DatastoreType.NFS: "autorisez-le dans l'export NFS puis montez le partage",
    DatastoreType.ISCSI: "ajoutez-le au masquage du LUN iSCSI puis relancez l'analyse",
    DatastoreType.FC: "ajoutez-le au zonage et au masquage du LUN puis relancez l'analyse",
}

#: Processor generations of each vendor, oldest first: the baselines of VMware EVC (Intel
#: « Merom » to « Sapphire Rapids », AMD Opteron generations 1 to 4, then Piledriver and Zen).
CPU_GENERATIONS: dict[str, tuple[str, ...]] = {
    "intel": (
        "merom",
        "penryn",
        "nehalem",
        "westmere",
        "sandy-bridge",
        "ivy-bridge",
        "haswell",
        "broadwell",
        "skylake",
        "cascade-lake",
        "ice-lake",
        "sapphire-rapids",
    ),
    "amd": (
        "opteron-g1",
        "opteron-g2",
        "opteron-g3",
        "opteron-g4",
        "piledriver",
        "zen",
        "zen2",
        "zen3",
        "zen4",
    ),
}


def _key(name: str) -> str:
    return re.sub(r"[\s_-]", "", name.lower())


def _rank(vendor: str, generation: str) -> int | None:
    """Position of ``generation`` among ``vendor``'s (0 = oldest); None when unknown."""
    keys = [_key(g) for g in CPU_GENERATIONS.get(vendor.lower(), ())]
    wanted = _key(generation)
    return keys.index(wanted) if wanted in keys else None


@dataclass(frozen=True)
class HostCpu:
    """What vMotion needs to know about a host's processors.

    Args:
        vendor: ``"intel"`` or ``"amd"``.
        generation: micro-architecture, e.g. ``"skylake"``, ``"cascade-lake"``, ``"zen3"``.
        evc_mode: EVC baseline the host's cluster enforces, e.g. ``"intel-skylake"`` ("" none).
    """

    vendor: str
    generation: str = ""
    evc_mode: str = ""

    @property
    def vendor_label(self) -> str:
        """Vendor as shown to students."""
        return _VENDOR_LABELS.get(self.vendor.lower(), self.vendor)

    @property
    def evc_generation(self) -> str:
        """The generation named by the EVC mode (``"intel-skylake"`` → ``"skylake"``)."""
        vendor, _, generation = self.evc_mode.partition("-")
        return generation if generation and vendor.lower() in _VENDOR_LABELS else self.evc_mode

    def evc_problem(self, host: str) -> str:
        """Why this host cannot enforce its EVC mode ("" when it can, or when unknown).

        A host offers only the instructions its processors have: an EVC mode of another vendor,
        or of a generation newer than the host's (`CPU_GENERATIONS`), is refused.
        """
        if not self.evc_mode:
            return ""
        mode_vendor = self.evc_mode.partition("-")[0].lower()
        if mode_vendor in _VENDOR_LABELS and mode_vendor != self.vendor.lower():
            return (
                f"Le mode EVC {self.evc_mode} de {host} est un mode "
                f"{_VENDOR_LABELS[mode_vendor]}, or ses processeurs sont des {self.vendor_label} : "
                "choisissez un mode EVC du même fabricant."
            )
        mode_rank = _rank(self.vendor, self.evc_generation)
        host_rank = _rank(self.vendor, self.generation)
        if mode_rank is None or host_rank is None or mode_rank <= host_rank:
            return ""
        return (
            f"Le mode EVC {self.evc_mode} de {host} est plus récent que ses processeurs "
            f"({self.generation}) : un hôte ne peut présenter que les instructions qu'il possède. "
            f"Choisissez un mode EVC de la génération la plus ancienne du cluster, au plus "
            f"{self.vendor.lower()}-{self.generation}."
        )


@dataclass(frozen=True)
class VMotionCheck:
    """Can a VM move live to a host? With every reason it cannot.

    Attributes:
        vm: the VM.
        source: the host it runs on.
        destination: the host it would move to.
        eligible: True when every prerequisite holds.
        reasons: French reasons, one per unmet prerequisite.
        bandwidth_mb_s: rate of the vMotion network between the two hosts (0 when none).
        needs_storage_vmotion: True when a local datastore of the VM is not visible from the
            destination (only a storage vMotion to a shared datastore fixes it).
        datastores_to_present: shared datastores (NFS, iSCSI, FC) of the VM the destination
            does not mount yet: presenting them to it is enough.
    """

    vm: str
    source: str
    destination: str
    eligible: bool
    reasons: tuple[str, ...] = ()
    bandwidth_mb_s: float = 0.0
    needs_storage_vmotion: bool = False
    datastores_to_present: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "vm": self.vm,
            "source": self.source,
            "destination": self.destination,
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "bandwidth_mb_s": self.bandwidth_mb_s,
            "needs_storage_vmotion": self.needs_storage_vmotion,
            "datastores_to_present": list(self.datastores_to_present),
        }


def vmotion_ports(network: Network, host: str) -> list[Endpoint]:
    """The VMkernel ports of ``host`` with the vMotion service enabled."""
    return [
        network.vmkernel_endpoint(host, port.name)
        for port in network.hosts[host].vmkernel_ports
        if VmkService.VMOTION in port.services
    ]


def _host_vmotion_gbps(network: Network, host: str) -> float:
    uplinks = {network.uplink_for(port) for port in vmotion_ports(network, host)}
    return sum(network.nic(host, u).speed_gbps for u in uplinks if u is not None)


def vmotion_bandwidth_mb_s(
    network: Network, source: str, destination: str, *, concurrent: int = 1
) -> float:
    """Bandwidth of the vMotion network between two hosts, per migration, in MB/s.

    Args:
        network: the network model.
        source: host the VM leaves.
        destination: host it goes to.
        concurrent: vMotions sharing the network at the same time (≥ 1).

    Returns:
        ``min(Gbit/s of source, Gbit/s of destination) × 125 / concurrent``; 0 when a host has no
        working vMotion port.

    Example:
        Two hosts whose vMotion ports use 10 Gbit/s NICs give 1250 MB/s for one migration.
    """
    gbps = min(_host_vmotion_gbps(network, source), _host_vmotion_gbps(network, destination))
    return gbps * _MB_S_PER_GBPS / max(1, concurrent)


def cpu_incompatibility(source: str, a: HostCpu, destination: str, b: HostCpu) -> str:
    """Why a VM cannot move between CPUs ``a`` and ``b`` ("" when it can)."""
    if a.vendor.lower() != b.vendor.lower():
        return (
            f"Processeurs incompatibles : {source} a des processeurs {a.vendor_label}, "
            f"{destination} des {b.vendor_label} ; même EVC ne permet pas de migrer à chaud "
            "d'un fabricant à l'autre (arrêtez la VM pour la déplacer)."
        )
    problems = [p for p in (a.evc_problem(source), b.evc_problem(destination)) if p]
    if problems:
        return " ".join(problems)
    if a.generation.lower() == b.generation.lower():
        return ""
    if a.evc_mode and a.evc_mode == b.evc_mode:
        return ""
    return (
        f"Processeurs de générations différentes ({source} : {a.generation}, {destination} : "
        f"{b.generation}) sans mode EVC commun : activez EVC sur le cluster au niveau de la "
        "génération la plus ancienne."
    )


def check_vmotion(
    vm: str,
    destination: str,
    *,
    source: str,
    storage: StorageModel,
    network: Network,
    cpus: Mapping[str, HostCpu] | None = None,
    hypervisors: Mapping[str, str] | None = None,
    concurrent: int = 1,
) -> VMotionCheck:
    """Check every vMotion prerequisite for moving ``vm`` from ``source`` to ``destination``.

    Args:
        vm: the VM.
        destination: the host it would move to.
        source: the host it runs on.
        storage: the storage model (the VM's disks and datastores).
        network: the network model (the VM's NICs, VMkernel ports, uplinks).
        cpus: the hosts' CPUs (not checked when None or a host is missing).
        hypervisors: the hosts' hypervisor names, e.g. ``"VMware ESXi"`` (not checked when None).
        concurrent: vMotions running at the same time on these hosts.

    Returns:
        The check, with every unmet prerequisite as a French reason.
    """
    pair = _host_pair(
        source,
        destination,
        network=network,
        cpus=cpus,
        hypervisors=hypervisors,
        concurrent=concurrent,
    )
    return _check(vm, source, destination, pair, storage, network)


def vmotion_checks(
    moves: Iterable[tuple[str, str, str]],
    *,
    storage: StorageModel,
    network: Network,
    cpus: Mapping[str, HostCpu] | None = None,
    hypervisors: Mapping[str, str] | None = None,
) -> Iterator[VMotionCheck]:
    """:func:`check_vmotion` for many ``(vm, source, destination)`` moves, one at a time each.

    What depends only on the two hosts (hypervisors, vMotion network, CPUs, bandwidth) is worked
    out once per pair of hosts, so checking every VM towards every host grows with VMs × hosts,
    not with VMs × hosts × the size of the network. Each check equals :func:`check_vmotion`'s.
    """
    pairs: dict[tuple[str, str], _HostPair] = {}
    for vm, source, destination in moves:
        pair = pairs.get((source, destination))
        if pair is None:
            pair = _host_pair(
                source, destination, network=network, cpus=cpus, hypervisors=hypervisors
            )
            pairs[(source, destination)] = pair
        yield _check(vm, source, destination, pair, storage, network)


class _HostPair(NamedTuple):
    """What a vMotion between two hosts needs, whatever the VM."""

    same: bool
    hypervisor: tuple[str, ...]
    network: tuple[str, ...]
    cpu: str
    bandwidth_mb_s: float


def _host_pair(
    source: str,
    destination: str,
    *,
    network: Network,
    cpus: Mapping[str, HostCpu] | None,
    hypervisors: Mapping[str, str] | None,
    concurrent: int = 1,
) -> _HostPair:
    if source == destination:
        return _HostPair(True, (), (), "", 0.0)
    products = []
    for host in (source, destination):
        product = (hypervisors or {}).get(host, "")
        if product and "esxi" not in product.lower():
            products.append(
                f"vMotion ne fonctionne qu'entre hôtes VMware ESXi : {host} exécute {product}."
            )
    links = _vmotion_network_reasons(network, source, destination, concurrent)
    problem = ""
    if cpus is not None and source in cpus and destination in cpus:
        problem = cpu_incompatibility(source, cpus[source], destination, cpus[destination])
    bandwidth = vmotion_bandwidth_mb_s(network, source, destination, concurrent=concurrent)
    return _HostPair(False, tuple(products), tuple(links), problem, bandwidth)


def _check(
    vm: str,
    source: str,
    destination: str,
    pair: _HostPair,
    storage: StorageModel,
    network: Network,
) -> VMotionCheck:
    if pair.same:
        return VMotionCheck(vm, source, destination, False, (f"{vm} tourne déjà sur {source}.",))
    reasons: list[str] = list(pair.hypervisor)
    needs_svmotion = False
    to_present: list[str] = []
    for disk in storage.disks_of(vm):
        store = storage.datastores[disk.datastore]
        if store.visible_from(destination):
            continue
        seen = ", ".join(store.hosts) or "aucun hôte"
        head = (
            f"Le datastore {store.name} du disque {disk.name} n'est pas visible depuis "
            f"{destination} ({store.kind.label}, vu seulement par {seen}) : "
        )
        if store.kind is DatastoreType.LOCAL:
            needs_svmotion = True
            reasons.append(
                head + "un disque local ne se partage pas, faites d'abord un storage vMotion "
                "vers un datastore partagé par les deux hôtes."
            )
        else:
            to_present.append(store.name)
            reasons.append(head + f"présentez-le à {destination} ({_PRESENT[store.kind]}).")
    reasons += pair.network
    for nic in network.nics_of(vm):
        if network.port_group(destination, nic.port_group) is None:
            reasons.append(
                f"Le groupe de ports « {nic.port_group} » de {vm} n'existe pas sur {destination} : "
                "créez-le avec exactement le même nom (la casse compte)."
            )
    if pair.cpu:
        reasons.append(pair.cpu)
    unique = tuple(dict.fromkeys(reasons))
    return VMotionCheck(
        vm,
        source,
        destination,
        not unique,
        unique,
        pair.bandwidth_mb_s,
        needs_svmotion,
        tuple(dict.fromkeys(to_present)),
    )


def _vmotion_network_reasons(
    network: Network, source: str, destination: str, concurrent: int
) -> list[str]:
    reasons: list[str] = []
    ports = {host: vmotion_ports(network, host) for host in (source, destination)}
    for host, found in ports.items():
        if not found:
            reasons.append(
                f"Aucun port VMkernel de {host} n'a le service vMotion : activez-le sur un port "
                "VMkernel (par exemple vmk1)."
            )
    if reasons:
        return reasons
    connected = False
    blocking: list[str] = []
    for a in ports[source]:
        for b in ports[destination]:
            link = network.reach(a, b)
            subnet = _subnet_problem(a, b, network)
            if link.reachable and not subnet:
                connected = True
            blocking += [*link.reasons, *([subnet] if subnet else [])]
    if not connected:
        reasons += blocking
    for host in (source, destination):
        gbps = _host_vmotion_gbps(network, host)
        if 0 < gbps < MIN_VMOTION_GBPS:
            reasons.append(
                f"Le réseau vMotion de {host} n'offre que {_gbps(gbps)} Gbit/s : vMotion exige au "
                "moins 1 GbE."
            )
        elif gbps and gbps * 1000 / max(1, concurrent) < MIN_VMOTION_MBPS_PER_MIGRATION:
            reasons.append(
                f"{concurrent} vMotion simultanés sur {_gbps(gbps)} Gbit/s ({host}) : chacun doit "
                "disposer d'au moins 250 Mbit/s ; lancez-les les uns après les autres."
            )
    return reasons


def _subnet_problem(a: Endpoint, b: Endpoint, network: Network) -> str:
    ips = []
    for end in (a, b):
        port = next(p for p in network.hosts[end.host].vmkernel_ports if p.name == end.name)
        ips.append(port.ip)
    if not all(ips):
        return ""
    try:
        first, second = (ipaddress.ip_interface(ip) for ip in ips)
    except ValueError:
        return ""
    if first.network == second.network:
        return ""
    return (
        f"Les ports vMotion {a.name} de {a.host} ({ips[0]}) et {b.name} de {b.host} ({ips[1]}) ne "
        "sont pas dans le même sous-réseau IP : donnez-leur des adresses du même réseau."
    )


def _gbps(value: float) -> str:
    return fr_number(value, 3)
