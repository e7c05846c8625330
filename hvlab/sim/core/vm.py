"""Virtual machines: vCPUs, vRAM, virtual disks and NICs (:mod:`~hvlab.sim.core.devices`),
demand, and a life cycle.

A VM's state follows a small state machine (`VMState`)::

    off ──power_on──▶ running ──suspend──▶ suspended ──resume──▶ running
    running ──start_migration──▶ migrating ──finish_migration──▶ running
    running / migrating ──crash──▶ crashed ──restart──▶ running
    running / suspended / crashed ──power_off──▶ off

Any other transition raises a `SimulationError` with a French message naming
the VM, its state and the operations allowed from it.

Examples:
    >>> vm = VM("web1", vcpus=2, ram_mib=4096)
    >>> vm.power_on().state.label
    'en marche'
"""

from __future__ import annotations

__all__ = ["MAX_RAM_MIB", "MAX_VCPUS", "VM", "VMState"]

import enum
from dataclasses import dataclass, field

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import VirtualDisk, VirtualNic
from hvlab.sim.core.workload import Workload

#: Configuration maximums of a VM in VMware vSphere 8 (VMware's published "Configuration
#: Maximums"): 768 vCPUs and 24 TiB of memory.
MAX_VCPUS = 768
MAX_RAM_MIB = 24 * 1024 * 1024


class VMState(enum.Enum):
    """The life-cycle states of a VM."""

    OFF = "off"
    RUNNING = "running"
    MIGRATING = "migrating"
    SUSPENDED = "suspended"
    CRASHED = "crashed"

    @property
    def label(self) -> str:
        """The French label, e.g. « en marche »."""
        return _LABELS[self]


_LABELS = {
    VMState.OFF: "éteinte",
    VMState.RUNNING: "en marche",
    VMState.MIGRATING: "en migration",
    VMState.SUSPENDED: "suspendue",
    VMState.CRASHED: "plantée",
}

#: Legal transitions: state → {target state: operation name}.
_TRANSITIONS: dict[VMState, dict[VMState, str]] = {
    VMState.OFF: {VMState.RUNNING: "power_on"},
    VMState.RUNNING: {
        VMState.OFF: "power_off",
        VMState.SUSPENDED: "suspend",
        VMState.MIGRATING: "start_migration",
        VMState.CRASHED: "crash",
    },
    VMState.MIGRATING: {VMState.RUNNING: "finish_migration", VMState.CRASHED: "crash"},
    VMState.SUSPENDED: {VMState.RUNNING: "resume", VMState.OFF: "power_off"},
    VMState.CRASHED: {VMState.RUNNING: "restart", VMState.OFF: "power_off"},
}


@dataclass(eq=False)
class VM:
    """A virtual machine (mutable: its state changes; compared by identity).

    Args:
        name: unique name in its datacentre.
        vcpus: number of virtual CPUs (≥ 1).
        ram_mib: configured memory, in MiB (≥ 1).
        workload: its demand over time, as shares of its vCPUs and of its RAM; ``None`` for a
            VM whose demand is not modelled.
        disks: its virtual disks.
        nics: its virtual network cards.
        state: its life-cycle state (off when created).

    Raises:
        SimulationError: no name, or a vCPU count or memory size below 1 (French message naming
            the value).
    """

    name: str
    vcpus: int = 1
    ram_mib: int = 1024
    workload: Workload | None = None
    disks: tuple[VirtualDisk, ...] = ()
    nics: tuple[VirtualNic, ...] = ()
    state: VMState = VMState.OFF
    history: list[VMState] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            raise SimulationError("Une VM doit avoir un nom (par exemple « web1 »).")
        if (
            not isinstance(self.vcpus, int)
            or isinstance(self.vcpus, bool)
            or not 1 <= self.vcpus <= MAX_VCPUS
        ):
            raise SimulationError(
                f"VM « {self.name} » : nombre de vCPU invalide ({self.vcpus!r}). "
                f"Donnez un entier entre 1 et {MAX_VCPUS} (le maximum de vSphere 8)."
            )
        if isinstance(self.ram_mib, (int, float)) and self.ram_mib > MAX_RAM_MIB:
            raise SimulationError(
                f"VM « {self.name} » : mémoire invalide ({self.ram_mib!r} Mio). Le maximum de "
                "vSphere 8 est 24 Tio (25 165 824 Mio)."
            )
        if not self.ram_mib >= 1:
            raise SimulationError(
                f"VM « {self.name} » : mémoire invalide ({self.ram_mib!r} Mio). "
                "Donnez une taille positive, par exemple 4096 Mio (4 Gio)."
            )

    @classmethod
    def with_ram_gib(cls, name: str, vcpus: int, ram_gib: float, **kwargs: object) -> VM:
        """Create a VM whose memory is given in GiB (``ram_gib × 1024`` MiB)."""
        if not ram_gib > 0:
            raise SimulationError(
                f"VM « {name} » : mémoire invalide ({ram_gib!r} Gio). "
                "Donnez une taille positive, par exemple 4 Gio."
            )
        return cls(name, vcpus, round(ram_gib * 1024), **kwargs)  # type: ignore[arg-type]

    @property
    def ram_gib(self) -> float:
        """Configured memory, in GiB."""
        return self.ram_mib / 1024.0

    @property
    def is_running(self) -> bool:
        """True while the VM consumes CPU (running or migrating)."""
        return self.state in (VMState.RUNNING, VMState.MIGRATING)

    def cpu_demand_cores(self, time_s: float | None = None) -> float:
        """CPU the VM wants, in cores: ``vcpus × share`` (0 when it is not running).

        Args:
            time_s: the instant; ``None`` takes the workload's mean. Without workload the VM
                is taken as fully busy (``vcpus`` cores).
        """
        if not self.is_running:
            return 0.0
        if self.workload is None:
            return float(self.vcpus)
        share = self.workload.mean_cpu if time_s is None else self.workload.cpu_at(time_s)
        return self.vcpus * share

    def ram_demand_gib(self, time_s: float | None = None) -> float:
        """Memory the VM uses, in GiB (configured size × RAM share; 0 when off or crashed)."""
        if self.state in (VMState.OFF, VMState.CRASHED):
            return 0.0
        if self.workload is None:
            return self.ram_gib
        share = self.workload.mean_ram if time_s is None else self.workload.ram_at(time_s)
        return self.ram_gib * share

    def can(self, target: VMState) -> bool:
        """True if the VM may go from its state to ``target``."""
        return target in _TRANSITIONS[self.state]

    def transition(self, target: VMState) -> VM:
        """Move to ``target`` if the life cycle allows it; returns the VM (for chaining).

        Raises:
            SimulationError: an illegal transition (in French, with the allowed operations).
        """
        if target not in _TRANSITIONS[self.state]:
            allowed = ", ".join(
                f"{op} (→ {state.label})" for state, op in _TRANSITIONS[self.state].items()
            )
            raise SimulationError(
                f"VM « {self.name} » : impossible de passer de l'état « {self.state.label} » à "
                f"l'état « {target.label} ». Depuis « {self.state.label} », opérations "
                f"possibles : {allowed}."
            )
        self.history.append(self.state)
        self.state = target
        return self

    def power_on(self) -> VM:
        """off → running."""
        return self._operation("power_on", VMState.RUNNING)

    def power_off(self) -> VM:
        """running, suspended or crashed → off."""
        return self._operation("power_off", VMState.OFF)

    def suspend(self) -> VM:
        """running → suspended (memory saved to disk)."""
        return self._operation("suspend", VMState.SUSPENDED)

    def resume(self) -> VM:
        """suspended → running."""
        return self._operation("resume", VMState.RUNNING)

    def start_migration(self) -> VM:
        """running → migrating (live migration under way; the VM keeps running)."""
        return self._operation("start_migration", VMState.MIGRATING)

    def finish_migration(self) -> VM:
        """migrating → running (on the destination host)."""
        return self._operation("finish_migration", VMState.RUNNING)

    def crash(self) -> VM:
        """running or migrating → crashed."""
        return self._operation("crash", VMState.CRASHED)

    def restart(self) -> VM:
        """crashed → running (a reboot, or an HA restart on another host)."""
        return self._operation("restart", VMState.RUNNING)

    def _operation(self, operation: str, target: VMState) -> VM:
        if _TRANSITIONS[self.state].get(target) != operation:
            allowed = ", ".join(_TRANSITIONS[self.state].values())
            raise SimulationError(
                f"VM « {self.name} » : opération « {operation} » impossible dans l'état "
                f"« {self.state.label} ». Opérations possibles : {allowed}."
            )
        return self.transition(target)

    def to_dict(self) -> dict[str, object]:
        """The VM's configuration and state, ready for JSON."""
        return {
            "name": self.name,
            "vcpus": self.vcpus,
            "ram_mib": self.ram_mib,
            "state": self.state.value,
            "disks": [{"name": d.name, "size_gib": d.size_gib} for d in self.disks],
            "nics": [{"name": n.name, "port_group": n.port_group} for n in self.nics],
        }
