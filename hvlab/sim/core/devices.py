"""A VM's virtual devices: its disks (with their format and snapshot deltas) and its NICs.

One class per device, used everywhere a disk or a NIC appears: a :class:`~hvlab.sim.core.vm.VM`
holds them, the storage model (:mod:`hvlab.sim.world.storage`) places the disks on datastores and
tracks the space they take, the network model (:mod:`hvlab.sim.world.network`) plugs the NICs
into port groups.

Disk sizes are binary (GiB = 2^30 bytes, see :mod:`hvlab.sim.core.units`).

Examples:
    >>> disk = VirtualDisk("web1.vmdk", 40, "ds-nfs", DiskProvisioning.THIN, written_gib=12)
    >>> disk.allocated_gib, disk.read_chain
    (12, ('web1.vmdk',))
    >>> VirtualNic("nic0", "Production", ip="10.0.20.5/24").port_group
    'Production'
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_ZEROING_MB_S",
    "DeltaDisk",
    "DiskProvisioning",
    "VirtualDisk",
    "VirtualNic",
    "check_ip_interface",
]

import ipaddress
import math
from dataclasses import dataclass, field
from enum import StrEnum

from hvlab.errors import SimulationError
from hvlab.sim.core.units import gib_to_mb

#: Assumed rate at which ESXi writes zeros when creating an eager-zeroed disk (MB/s).
DEFAULT_ZEROING_MB_S = 500.0


class DiskProvisioning(StrEnum):
    """Provisioning format of a virtual disk."""

    THIN = "thin"
    THICK_LAZY = "thick-lazy"
    THICK_EAGER = "thick-eager"

    @property
    def label(self) -> str:
        """French label shown to students."""
        return _PROVISIONING_LABELS[self]


_PROVISIONING_LABELS = {
    DiskProvisioning.THIN: "fin (thin)",
    DiskProvisioning.THICK_LAZY: "épais, mise à zéro différée (lazy-zeroed)",
    DiskProvisioning.THICK_EAGER: "épais, mise à zéro immédiate (eager-zeroed)",
}

#: Writes the storage performs per guest write to a never-written block (teaching assumption:
#: a thin disk allocates and zeroes the block, a lazy-zeroed one zeroes it, an eager one is ready).
_FIRST_WRITE_FACTOR = {
    DiskProvisioning.THIN: 2.2,
    DiskProvisioning.THICK_LAZY: 2.0,
    DiskProvisioning.THICK_EAGER: 1.0,
}


@dataclass
class DeltaDisk:
    """The sparse delta of one disk created by a snapshot.

    Attributes:
        snapshot: name of the snapshot that created it.
        allocated_gib: blocks written since the snapshot (space taken on the datastore).
        new_gib: the part of those blocks the guest had never written before.
    """

    snapshot: str
    allocated_gib: float = 0.0
    new_gib: float = 0.0


@dataclass
class VirtualDisk:
    """A virtual disk (a VMDK file) and its snapshot chain (mutable: the guest writes to it).

    Args:
        name: file name, e.g. ``"web1.vmdk"``.
        size_gib: provisioned size, in GiB.
        datastore: the datastore holding it and its deltas ("" when storage is not modelled).
        provisioning: thin, thick lazy-zeroed or thick eager-zeroed.
        written_gib: data the guest has written into the base disk, tracked for every format
            (a thick disk's space on the datastore stays its size whatever it holds).
        deltas: snapshot deltas, oldest first; writes go to the last one.
        vm: the name of the VM it belongs to ("" when not attached yet; the storage model sets
            it when it creates the disk).

    Raises:
        SimulationError: a size that is not a positive finite number, or written data outside
            ``[0, size]`` (French message naming the value).
    """

    name: str
    size_gib: float
    datastore: str = ""
    provisioning: DiskProvisioning = DiskProvisioning.THIN
    written_gib: float = 0.0
    deltas: list[DeltaDisk] = field(default_factory=list)
    vm: str = ""

    def __post_init__(self) -> None:
        if (
            not isinstance(self.size_gib, (int, float))
            or not self.size_gib > 0
            or math.isinf(self.size_gib)
        ):
            raise SimulationError(
                f"Disque virtuel « {self.name} » : taille invalide ({self.size_gib!r} Gio). "
                "Donnez une taille positive."
            )
        if not 0 <= self.written_gib <= self.size_gib:
            raise SimulationError(
                f"Disque virtuel « {self.name} » : données écrites invalides "
                f"({self.written_gib!r} Gio pour un disque de {self.size_gib:g} Gio). Donnez une "
                "valeur entre 0 et la taille du disque."
            )
        self.provisioning = DiskProvisioning(self.provisioning)

    @property
    def base_allocated_gib(self) -> float:
        """Space the base disk takes: the written part if thin, the whole size if thick."""
        if self.provisioning is DiskProvisioning.THIN:
            return self.written_gib
        return self.size_gib

    @property
    def allocated_gib(self) -> float:
        """Space the base disk and its deltas take on the datastore."""
        return self.base_allocated_gib + sum(d.allocated_gib for d in self.deltas)

    @property
    def guest_data_gib(self) -> float:
        """Data the guest has ever written (base and deltas), at most the size."""
        return min(self.size_gib, self.written_gib + sum(d.new_gib for d in self.deltas))

    @property
    def read_chain(self) -> tuple[str, ...]:
        """Files a read goes through, newest delta first, base disk last."""
        stem = self.name.removesuffix(".vmdk")
        files = [f"{stem}-{index:06d}.vmdk" for index in range(len(self.deltas), 0, -1)]
        return (*files, self.name)

    @property
    def first_write_io_factor(self) -> float:
        """Writes the storage performs per guest write to a never-written block (assumption)."""
        return _FIRST_WRITE_FACTOR[self.provisioning]

    def creation_time_s(self, zeroing_mb_s: float = DEFAULT_ZEROING_MB_S) -> float:
        """Time to create the disk: zeroing the whole size for eager-zeroed, else instant.

        Args:
            zeroing_mb_s: rate at which zeros are written (assumption, MB/s).

        Returns:
            Seconds.
        """
        if self.provisioning is not DiskProvisioning.THICK_EAGER:
            return 0.0
        return gib_to_mb(self.size_gib) / zeroing_mb_s

    def needs_new_blocks(self) -> bool:
        """True when a guest write may need blocks the datastore has not given yet."""
        return self.provisioning is DiskProvisioning.THIN or bool(self.deltas)


def check_ip_interface(value: str, what: str, *, prefix_required: bool = False) -> str:
    """Check an IP address, optionally followed by its prefix length; "" is accepted.

    Args:
        value: the address, e.g. ``"10.0.20.5"`` or ``"10.0.20.5/24"``.
        what: what it belongs to, in French (``"la carte nic0"``), for the message.
        prefix_required: refuse an address without ``/prefix``.

    Returns:
        ``value`` unchanged.

    Raises:
        SimulationError: not an IPv4/IPv6 address, or a prefix out of range (French message).

    Example:
        >>> check_ip_interface("999.1.2.3/99", "vmk1")
        Traceback (most recent call last):
        ...
        hvlab.errors.SimulationError: Adresse IP invalide pour vmk1 : « 999.1.2.3/99 »...
    """
    if value == "":
        return value
    valid = isinstance(value, str) and (not prefix_required or "/" in value)
    if valid:
        try:
            ipaddress.ip_interface(value)
        except ValueError:
            valid = False
    if not valid:
        example = "« 10.0.20.5/24 »" if prefix_required else "« 10.0.20.5 » ou « 10.0.20.5/24 »"
        raise SimulationError(
            f"Adresse IP invalide pour {what} : « {value} ». Une adresse IPv4 s'écrit avec "
            "quatre nombres de 0 à 255, suivis de la longueur du préfixe (0 à 32), par exemple "
            f"{example}."
        )
    return value


@dataclass(frozen=True)
class VirtualNic:
    """A virtual network card.

    Args:
        name: e.g. ``"nic0"``.
        port_group: the port group it connects to ("" when the network is not modelled).
        mac: its MAC address ("" to derive one from the VM's name).
        ip: its IP address with prefix, e.g. ``"10.0.20.5/24"`` ("" when not modelled).
        guest_vlan: the VLAN the guest tags itself (only on a 4095 trunk port group; ``None``:
            untagged frames).

    Raises:
        SimulationError: an IP address that is not one (French message).
    """

    name: str
    port_group: str = ""
    mac: str = ""
    ip: str = ""
    guest_vlan: int | None = None

    def __post_init__(self) -> None:
        check_ip_interface(self.ip, f"la carte réseau {self.name}")
