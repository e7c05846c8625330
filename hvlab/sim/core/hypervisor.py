"""Hypervisors: type 1 (bare metal) and type 2 (hosted), a catalogue, overhead, failure domains.

* A **type 1** hypervisor runs directly on the hardware; the VMs run on it (VMware ESXi,
  Microsoft Hyper-V, Xen, KVM, Oracle VM Server).
* A **type 2** hypervisor is an application installed on a host operating system (VirtualBox,
  VMware Workstation, VMware Server, Microsoft Virtual PC).

Overhead (`Overhead`) is a **teaching assumption**, configurable: the hypervisor keeps a
share of the CPU and some memory for itself, plus a little memory per VM; a type 2 also leaves room
for its host OS. Defaults: type 1 keeps 3 % of the CPU and 2 GiB, type 2 keeps 10 % and 4 GiB
(its host OS included); both add 64 MiB per VM. Orders of magnitude, not measurements.

Failure domains (`failure_impact`): a guest crash stops only that guest (isolation); a crash
of a type 2 host OS stops every guest; a hypervisor crash or a hardware failure stops every guest
of the host, whatever the type.

Examples:
    >>> get_hypervisor("virtualbox").type is HypervisorType.TYPE_2
    True
"""

from __future__ import annotations

__all__ = [
    "HYPERVISORS",
    "TYPE_1_OVERHEAD",
    "TYPE_2_OVERHEAD",
    "FailureEvent",
    "FailureImpact",
    "Hypervisor",
    "HypervisorType",
    "Overhead",
    "failure_impact",
    "get_hypervisor",
]

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.sim.display.values import Table


class HypervisorType(enum.Enum):
    """Type 1 (bare metal, native) or type 2 (hosted on an operating system)."""

    TYPE_1 = 1
    TYPE_2 = 2

    @property
    def label(self) -> str:
        """The French label, e.g. « type 1 (natif, bare metal) »."""
        if self is HypervisorType.TYPE_1:
            return "type 1 (natif, bare metal)"
        return "type 2 (hébergé sur un système d'exploitation)"


@dataclass(frozen=True)
class Overhead:
    """What the virtualisation layer keeps for itself on a host (teaching assumption).

    Args:
        cpu_fraction: share of the host's CPU used by the hypervisor (and host OS), in [0, 1).
        ram_gib: memory reserved by the hypervisor (and host OS), in GiB.
        per_vm_ram_mib: extra memory per running VM (page tables, device emulation), in MiB.
    """

    cpu_fraction: float
    ram_gib: float
    per_vm_ram_mib: float = 64.0

    def __post_init__(self) -> None:
        if not 0 <= self.cpu_fraction < 1:
            raise SimulationError(
                f"Surcoût CPU invalide : {self.cpu_fraction!r}. Donnez une fraction entre 0 et 1 "
                "(0,03 pour 3 %)."
            )
        if self.ram_gib < 0 or self.per_vm_ram_mib < 0:
            raise SimulationError(
                f"Surcoût mémoire invalide ({self.ram_gib!r} Gio, {self.per_vm_ram_mib!r} Mio "
                "par VM) : les valeurs doivent être positives ou nulles."
            )

    def usable_cores(self, cores: float) -> float:
        """Cores left to the VMs on a host of ``cores`` cores."""
        return cores * (1.0 - self.cpu_fraction)

    def usable_ram_gib(self, ram_gib: float, vms: int = 0) -> float:
        """Memory left to the VMs on a host of ``ram_gib`` GiB running ``vms`` VMs (≥ 0)."""
        return max(0.0, ram_gib - self.ram_gib - vms * self.per_vm_ram_mib / 1024.0)


#: Default overhead of a type 1 hypervisor (teaching assumption): 3 % CPU, 2 GiB, 64 MiB per VM.
TYPE_1_OVERHEAD = Overhead(cpu_fraction=0.03, ram_gib=2.0, per_vm_ram_mib=64.0)
#: Default overhead of a type 2 hypervisor with its host OS (teaching assumption): 10 % CPU,
#: 4 GiB, 64 MiB per VM.
TYPE_2_OVERHEAD = Overhead(cpu_fraction=0.10, ram_gib=4.0, per_vm_ram_mib=64.0)


@dataclass(frozen=True)
class Hypervisor:
    """A hypervisor product.

    Args:
        name: the product's name.
        vendor: who publishes it.
        type: type 1 or type 2.
        host_os: for a type 2, the host operating systems it installs on ("" for a type 1).
        overhead: what it keeps for itself; ``None`` takes the default of its type.
        note: one sentence for the course, in French.
    """

    name: str
    vendor: str
    type: HypervisorType
    host_os: str = ""
    overhead: Overhead | None = None
    note: str = ""

    @property
    def effective_overhead(self) -> Overhead:
        """The overhead in force: the one given, or the default of the type."""
        if self.overhead is not None:
            return self.overhead
        return TYPE_1_OVERHEAD if self.type is HypervisorType.TYPE_1 else TYPE_2_OVERHEAD

    @property
    def is_hosted(self) -> bool:
        """True for a type 2 (it runs on a host operating system)."""
        return self.type is HypervisorType.TYPE_2

    def to_dict(self) -> dict[str, object]:
        """The product's description, ready for JSON."""
        overhead = self.effective_overhead
        return {
            "name": self.name,
            "vendor": self.vendor,
            "type": self.type.value,
            "host_os": self.host_os,
            "cpu_overhead": overhead.cpu_fraction,
            "ram_overhead_gib": overhead.ram_gib,
            "note": self.note,
        }


_T1 = HypervisorType.TYPE_1
_T2 = HypervisorType.TYPE_2

#: The catalogue of products, by short identifier.
HYPERVISORS: dict[str, Hypervisor] = {
    "esxi": Hypervisor(
        "VMware ESXi", "VMware (Broadcom)", _T1,
        note="Noyau propriétaire (VMkernel) installé directement sur le serveur.",
    ),
    "hyper-v": Hypervisor(
        "Microsoft Hyper-V", "Microsoft", _T1,
        note="L'hyperviseur s'installe sous Windows, qui devient une partition parente.",
    ),
    "xen": Hypervisor(
        "Xen", "Xen Project (Linux Foundation)", _T1,
        note="Un domaine privilégié (dom0) gère les pilotes et les autres domaines.",
    ),
    "kvm": Hypervisor(
        "KVM", "Linux (Red Hat, communauté)", _T1,
        note="Module du noyau Linux qui fait de Linux lui-même un hyperviseur.",
    ),
    "oracle-vm-server": Hypervisor(
        "Oracle VM Server", "Oracle", _T1, note="Fondé sur Xen.",
    ),
    "virtualbox": Hypervisor(
        "Oracle VM VirtualBox", "Oracle", _T2, host_os="Windows, Linux, macOS",
        note="Application de bureau, gratuite, pour tester ou développer.",
    ),
    "vmware-workstation": Hypervisor(
        "VMware Workstation", "VMware (Broadcom)", _T2, host_os="Windows, Linux",
        note="Application de bureau pour postes de travail.",
    ),
    "vmware-server": Hypervisor(
        "VMware Server", "VMware", _T2, host_os="Windows, Linux",
        note="Produit gratuit installé sur un système hôte, abandonné en 2011.",
    ),
    "virtual-pc": Hypervisor(
        "Microsoft Virtual PC", "Microsoft", _T2, host_os="Windows",
        note="Application de bureau de Microsoft, remplacée par Hyper-V.",
    ),
}  # fmt: skip


def get_hypervisor(identifier: str) -> Hypervisor:
    """Look up a hypervisor of the catalogue by its identifier (e.g. ``"esxi"``).

    Raises:
        SimulationError: unknown identifier (the message lists the known ones).
    """
    try:
        return HYPERVISORS[identifier]
    except KeyError:
        known = ", ".join(sorted(HYPERVISORS))
        raise SimulationError(
            f"Hyperviseur inconnu : « {identifier} ». Hyperviseurs disponibles : {known}."
        ) from None


class FailureEvent(enum.Enum):
    """What can fail on a host."""

    GUEST_CRASH = "guest_crash"
    HOST_OS_CRASH = "host_os_crash"
    HYPERVISOR_CRASH = "hypervisor_crash"
    HARDWARE_FAILURE = "hardware_failure"

    @property
    def label(self) -> str:
        """The French label of the event."""
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    FailureEvent.GUEST_CRASH: "plantage d'un système invité",
    FailureEvent.HOST_OS_CRASH: "plantage du système d'exploitation hôte",
    FailureEvent.HYPERVISOR_CRASH: "plantage de l'hyperviseur",
    FailureEvent.HARDWARE_FAILURE: "panne matérielle du serveur",
}


@dataclass(frozen=True)
class FailureImpact:
    """Which VMs an event stops.

    Attributes:
        event: what failed.
        stopped: names of the VMs that stop.
        unaffected: names of the VMs that keep running.
        explanation: why, in French.
    """

    event: FailureEvent
    stopped: tuple[str, ...]
    unaffected: tuple[str, ...]
    explanation: str

    def to_dict(self) -> dict[str, object]:
        """The impact, ready for JSON."""
        return {
            "event": self.event.value,
            "stopped": list(self.stopped),
            "unaffected": list(self.unaffected),
            "explanation": self.explanation,
        }

    def to_table(self) -> Table:
        """One row per VM of the host: stopped ones first, then those that keep running.

        Columns (French): « VM », « état après la panne », « explication ». The title names the
        event.
        """
        rows = [(name, "arrêtée", self.explanation) for name in self.stopped]
        rows += [(name, "continue de tourner", self.explanation) for name in self.unaffected]
        return Table(
            columns=("VM", "état après la panne", "explication"),
            rows=tuple(rows),
            title=self.event.label.capitalize(),
        )


def failure_impact(
    hypervisor_type: HypervisorType,
    event: FailureEvent,
    vm_names: Iterable[str],
    crashed_vm: str = "",
) -> FailureImpact:
    """Which VMs of a host stop when ``event`` happens (the failure domain).

    Args:
        hypervisor_type: the type of the host's hypervisor.
        event: what fails.
        vm_names: the VMs running on the host.
        crashed_vm: for `FailureEvent.GUEST_CRASH`, the guest that crashes.

    Returns:
        The VMs stopped and those that keep running, with a French explanation.

    Raises:
        SimulationError: a guest crash without a known ``crashed_vm``, or a host OS crash on a
            type 1 hypervisor (it has no general-purpose host OS).
    """
    names = tuple(vm_names)
    if event is FailureEvent.GUEST_CRASH:
        if crashed_vm not in names:
            raise SimulationError(
                f"VM « {crashed_vm} » absente de l'hôte : indiquez l'une des VM en marche "
                f"({', '.join(names) or 'aucune'})."
            )
        return FailureImpact(
            event,
            (crashed_vm,),
            tuple(n for n in names if n != crashed_vm),
            "Isolation : le plantage d'un invité n'affecte ni l'hôte ni les autres VM.",
        )
    if event is FailureEvent.HOST_OS_CRASH:
        if hypervisor_type is HypervisorType.TYPE_1:
            raise SimulationError(
                "Un hyperviseur de type 1 s'exécute directement sur le matériel : il n'a pas de "
                "système hôte qui puisse planter. Choisissez « hypervisor_crash » ou "
                "« hardware_failure »."
            )
        return FailureImpact(
            event,
            names,
            (),
            "Type 2 : l'hyperviseur est une application du système hôte ; si ce système "
            "plante, toutes les VM s'arrêtent.",
        )
    return FailureImpact(
        event,
        names,
        (),
        f"{event.label.capitalize()} : toutes les VM de l'hôte s'arrêtent (sans haute "
        "disponibilité, elles restent arrêtées jusqu'à leur redémarrage sur un autre hôte).",
    )
