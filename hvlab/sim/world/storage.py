"""Storage of a virtualised datacentre: datastores, virtual disks, snapshots, storage vMotion.

A :class:`Datastore` is a volume (local VMFS, NFS, iSCSI or Fibre Channel LUN) that some hosts can
see; it is *shared* when at least two hosts see it, which is what vMotion and HA need. A
:class:`~hvlab.sim.core.devices.VirtualDisk` has a provisioned size and a provisioning format:

* **thin**: blocks are allocated and zeroed on demand, so the disk takes on the datastore only what
  the guest has written;
* **thick lazy-zeroed**: the whole size is allocated at creation, each block is zeroed on its first
  write;
* **thick eager-zeroed**: allocated and zeroed at creation (slow to create, no first-write cost).

Thin disks let the provisioned total exceed the capacity (*overcommit*). When a write needs new
blocks and the datastore is full, ESXi pauses the VM (the "no space left" question in the vSphere
client) rather than corrupting its disk: :meth:`StorageModel.write` does the same and records a
:class:`StorageEvent` with a French message a lab can show. Thick disks already own their blocks,
so their VMs keep running — unless they run on a snapshot, whose delta disk is sparse and grows.

A snapshot freezes the disks: each disk gets a sparse *delta* on top of a read-only parent, and
writes go to the newest delta. Reading a block walks the chain from the newest delta down to the
base disk. Deleting a snapshot merges (consolidates) its delta into the parent and frees space.

Teaching assumptions (stated, not measured; change them through the arguments):

* Delta disks live on the datastore of their parent disk (the default since ESXi 5).
* Creating an eager-zeroed disk writes zeros over its whole size at ``zeroing_mb_s`` (default
  :data:`~hvlab.sim.core.devices.DEFAULT_ZEROING_MB_S`); thin and lazy-zeroed disks are created
  instantly.
* The first write to a block of a thin or lazy-zeroed disk costs two writes (zeroing, then data):
  ``VirtualDisk.first_write_io_factor`` is 2.0; thin disks pay in addition the block
  allocation (metadata update), counted as 0.2 of a write. Eager-zeroed disks pay nothing (1.0).
* When a delta is merged into a parent delta the overlap between them is unknown: the merged delta
  is the sum of both, capped at the disk size (an upper bound).
* Storage vMotion copies at ``copy_mb_s`` (default :data:`DEFAULT_COPY_MB_S`).

Units (`hvlab.sim.core.units`): sizes are binary (GiB = 2^30 bytes), rates decimal
(MB/s = 10^6 bytes per second), so a copy or a zeroing of ``g`` GiB at ``r`` MB/s takes
``g × 1,073.741824 / r`` seconds — the conversion the live-migration model uses for memory
(MiB × 1.048576).

Example:
    >>> model = StorageModel()
    >>> model.add_datastore(Datastore("nfs01", DatastoreType.NFS, 100, ("esx01", "esx02")))
    >>> _ = model.create_disk("web1", "web1.vmdk", 80, DiskProvisioning.THIN, "nfs01")
    >>> _ = model.create_disk("web2", "web2.vmdk", 80, DiskProvisioning.THIN, "nfs01")
    >>> model.overcommit_ratio("nfs01")
    1.6
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_COPY_MB_S",
    "Datastore",
    "DatastoreType",
    "StorageEvent",
    "StorageModel",
    "StorageVMotionResult",
    "WriteResult",
]

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import DeltaDisk, DiskProvisioning, VirtualDisk
from hvlab.sim.core.units import gib_to_mb
from hvlab.sim.display.values import fr_number
from hvlab.sim.world.events import EventLog

#: Assumed copy rate of a storage vMotion between two datastores (MB/s).
DEFAULT_COPY_MB_S = 200.0
_EPSILON_GIB = 1e-9


class DatastoreType(StrEnum):
    """Kind of volume behind a datastore."""

    LOCAL = "local"
    NFS = "nfs"
    ISCSI = "iscsi"
    FC = "fc"

    @property
    def label(self) -> str:
        """French label shown to students."""
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    DatastoreType.LOCAL: "VMFS local",
    DatastoreType.NFS: "NFS",
    DatastoreType.ISCSI: "VMFS sur iSCSI",
    DatastoreType.FC: "VMFS sur SAN Fibre Channel",
}


@dataclass(frozen=True)
class Datastore:
    """A datastore and the hosts that see it.

    Args:
        name: unique name, e.g. ``"san-prod-01"``.
        kind: the volume behind it.
        capacity_gib: usable capacity in GiB (> 0).
        hosts: names of the hosts that mount it.
    """

    name: str
    kind: DatastoreType
    capacity_gib: float
    hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.capacity_gib > 0 or math.isinf(self.capacity_gib):
            raise SimulationError(
                f"Capacité du datastore {self.name} invalide : {self.capacity_gib} Gio. "
                "Donnez un nombre de Gio strictement positif."
            )

    @property
    def shared(self) -> bool:
        """True when at least two hosts see the datastore (what vMotion and HA need)."""
        return len(set(self.hosts)) >= 2

    def visible_from(self, host: str) -> bool:
        """True when ``host`` mounts this datastore."""
        return host in self.hosts


@dataclass(frozen=True)
class StorageEvent:
    """Something that happened to the storage, with a French message for students.

    Attributes:
        time_s: simulated time of the event.
        kind: ``"vm-paused"``, ``"vm-resumed"``, ``"snapshot-created"``, ``"snapshot-deleted"``
            or ``"storage-vmotion"``.
        vm: the VM concerned.
        datastore: the datastore concerned.
        message: what happened, in French.
    """

    time_s: float
    kind: str
    vm: str
    datastore: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "time_s": self.time_s,
            "kind": self.kind,
            "vm": self.vm,
            "datastore": self.datastore,
            "message": self.message,
        }

    @property
    def subject(self) -> str:
        """The object concerned, for tables: the VM and its datastore."""
        if self.vm and self.datastore:
            return f"{self.vm} ({self.datastore})"
        return self.vm or self.datastore


@dataclass(frozen=True)
class WriteResult:
    """Outcome of :meth:`StorageModel.write`.

    Attributes:
        vm: the VM that wrote.
        disk: the disk written to.
        requested_gib: what the guest asked to write.
        written_gib: what was written before the datastore filled (all of it when not paused).
        paused: True when the VM was paused because its datastore is full.
    """

    vm: str
    disk: str
    requested_gib: float
    written_gib: float
    paused: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "vm": self.vm,
            "disk": self.disk,
            "requested_gib": self.requested_gib,
            "written_gib": self.written_gib,
            "paused": self.paused,
        }


@dataclass(frozen=True)
class StorageVMotionResult:
    """Outcome of :meth:`StorageModel.storage_vmotion`.

    Attributes:
        vm: the VM whose disks moved.
        sources: datastores the disks came from.
        target: datastore they now live on.
        moved_gib: data copied (base disks and deltas).
        duration_s: copy time at the assumed rate.
    """

    vm: str
    sources: tuple[str, ...]
    target: str
    moved_gib: float
    duration_s: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "vm": self.vm,
            "sources": list(self.sources),
            "target": self.target,
            "moved_gib": self.moved_gib,
            "duration_s": self.duration_s,
        }


@dataclass(frozen=True)
class _PendingWrite:
    disk: str
    gib: float
    new_data: bool


class StorageModel:
    """Datastores, the disks on them, the VMs paused by a full datastore, and their events.

    The model is mutable: writes, snapshots and storage vMotions change it, and each step that a
    student should notice is recorded in :attr:`events`.
    """

    def __init__(self) -> None:
        self.datastores: dict[str, Datastore] = {}
        self.disks: dict[tuple[str, str], VirtualDisk] = {}
        self.snapshots: dict[str, list[str]] = {}
        self.events: EventLog[StorageEvent] = EventLog()
        self._paused: dict[str, _PendingWrite] = {}
        self._keys_by_vm: dict[str, list[tuple[str, str]]] = {}
        self._indexed = 0
        self._used_while_loading: dict[str, float] | None = None

    def add_datastore(self, datastore: Datastore) -> None:
        """Add a datastore.

        Raises:
            SimulationError: a datastore of that name exists.
        """
        if datastore.name in self.datastores:
            raise SimulationError(f"Le datastore {datastore.name} existe déjà : changez son nom.")
        self.datastores[datastore.name] = datastore

    def create_disk(
        self,
        vm: str,
        name: str,
        size_gib: float,
        provisioning: DiskProvisioning,
        datastore: str,
        *,
        written_gib: float = 0.0,
    ) -> VirtualDisk:
        """Create a virtual disk of ``vm`` on ``datastore``.

        Thick disks take their whole size at once, so they must fit in the free space; a thin
        disk only needs room for ``written_gib``.

        Raises:
            SimulationError: unknown datastore, duplicate disk, bad size, or not enough space.
        """
        store = self._datastore(datastore)
        if (vm, name) in self.disks:
            raise SimulationError(f"La VM {vm} a déjà un disque nommé {name}.")
        if not size_gib > 0 or math.isinf(size_gib):
            raise SimulationError(
                f"Taille du disque {name} invalide : {size_gib} Gio. Donnez un nombre positif."
            )
        if not 0 <= written_gib <= size_gib:
            raise SimulationError(
                f"Données écrites sur {name} invalides : {written_gib} Gio pour un disque de "
                f"{fr_number(size_gib)} Gio. Donnez une valeur entre 0 et la taille du disque."
            )
        disk = VirtualDisk(
            name, float(size_gib), datastore, provisioning, float(written_gib), vm=vm
        )
        loading = self._used_while_loading
        used = loading.get(datastore) if loading is not None else None
        if used is None:
            used = self.used_gib(datastore)
        free = max(0.0, store.capacity_gib - used)
        if disk.allocated_gib > free + _EPSILON_GIB:
            raise SimulationError(
                f"Pas assez de place sur {store.name} pour le disque {name} "
                f"({provisioning.label}) : il lui faut {fr_number(disk.allocated_gib)} Gio, il "
                f"reste {fr_number(free)} Gio. Choisissez un disque fin ou un autre datastore."
            )
        self.disks[(vm, name)] = disk
        if loading is not None:
            loading[datastore] = used + disk.allocated_gib
        if self._indexed == len(self.disks) - 1:
            self._keys_by_vm.setdefault(vm, []).append((vm, name))
            self._indexed += 1
        return disk

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Create many disks in a row: each datastore's used space is summed once, then kept.

        Inside the block, only :meth:`create_disk` may change the disks; call
        :meth:`forget_used_space` after changing them otherwise (a snapshot's delta, say).
        """
        self._used_while_loading = {}
        try:
            yield
        finally:
            self._used_while_loading = None

    def forget_used_space(self) -> None:
        """Inside :meth:`loading`: the disks changed, sum the used space again."""
        if self._used_while_loading is not None:
            self._used_while_loading.clear()

    def disks_of(self, vm: str) -> list[VirtualDisk]:
        """The disks of ``vm``, in creation order."""
        if self._indexed != len(self.disks):  # disks added to the dict directly: re-index
            self._keys_by_vm = {}
            for key in self.disks:
                self._keys_by_vm.setdefault(key[0], []).append(key)
            self._indexed = len(self.disks)
        return [self.disks[key] for key in self._keys_by_vm.get(vm, ()) if key in self.disks]

    def disks_on(self, datastore: str) -> list[VirtualDisk]:
        """The disks stored on ``datastore``."""
        return [disk for disk in self.disks.values() if disk.datastore == datastore]

    def datastores_of(self, vm: str) -> tuple[str, ...]:
        """Datastores holding the disks of ``vm`` (no duplicates, in disk order)."""
        return tuple(dict.fromkeys(disk.datastore for disk in self.disks_of(vm)))

    def capacity_gib(self, datastore: str) -> float:
        """Capacity of ``datastore``."""
        return self._datastore(datastore).capacity_gib

    def used_gib(self, datastore: str) -> float:
        """Space taken on ``datastore`` by base disks and snapshot deltas."""
        return sum((disk.allocated_gib for disk in self.disks_on(datastore)), 0.0)

    def provisioned_gib(self, datastore: str) -> float:
        """Sum of the provisioned sizes of the disks on ``datastore`` (plus snapshot deltas)."""
        return sum(
            (
                disk.size_gib + sum(d.allocated_gib for d in disk.deltas)
                for disk in self.disks_on(datastore)
            ),
            0.0,
        )

    def free_gib(self, datastore: str) -> float:
        """Free space on ``datastore`` (never below 0)."""
        return max(0.0, self.capacity_gib(datastore) - self.used_gib(datastore))

    def overcommit_ratio(self, datastore: str) -> float:
        """Provisioned / capacity: above 1, the datastore fills up if the thin disks grow."""
        return self.provisioned_gib(datastore) / self.capacity_gib(datastore)

    def is_paused(self, vm: str) -> bool:
        """True when ``vm`` is paused for lack of space."""
        return vm in self._paused

    @property
    def paused_vms(self) -> tuple[str, ...]:
        """VMs paused because their datastore is full."""
        return tuple(self._paused)

    def write(
        self,
        vm: str,
        gib: float,
        *,
        disk: str | None = None,
        new_data: bool = True,
        at_s: float = 0,
    ) -> WriteResult:
        """The guest of ``vm`` writes ``gib`` GiB to one of its disks.

        Args:
            vm: the VM writing.
            gib: amount written.
            disk: the disk (default: the VM's first disk).
            new_data: True when the guest writes blocks it never wrote (a growing file system);
                False for overwrites, which cost no space on a base disk but do fill a delta.
            at_s: simulated time, for the event.

        Returns:
            What was written and whether the VM had to be paused.

        Raises:
            SimulationError: unknown VM or disk, negative amount, or VM already paused.
        """
        target = self._disk(vm, disk)
        if not gib >= 0 or math.isinf(gib):
            raise SimulationError(f"Quantité écrite invalide : {gib} Gio. Donnez un nombre ≥ 0.")
        if vm in self._paused:
            raise SimulationError(
                f"La VM {vm} est en pause (datastore {target.datastore} plein) : libérez de la "
                "place ou agrandissez le datastore avant d'écrire à nouveau."
            )
        needed = self._space_needed(target, gib, new_data)
        free = self.free_gib(target.datastore)
        if needed <= free + _EPSILON_GIB:
            self._apply_write(target, gib, new_data)
            return WriteResult(vm, target.name, gib, gib, paused=False)
        fraction = free / needed if needed else 0.0
        done = gib * fraction
        self._apply_write(target, done, new_data)
        self._paused[vm] = _PendingWrite(target.name, gib - done, new_data)
        kind = "fin" if target.provisioning is DiskProvisioning.THIN and not target.deltas else ""
        what = (
            f"son disque {kind} {target.name}" if kind else f"le delta de snapshot de {target.name}"
        )
        self.events.append(
            StorageEvent(
                at_s,
                "vm-paused",
                vm,
                target.datastore,
                f"La VM {vm} est mise en pause : le datastore {target.datastore} est plein "
                f"(0 Gio libre sur {fr_number(self.capacity_gib(target.datastore))} Gio) et "
                f"{what} a besoin de nouveaux blocs. Libérez de la place (supprimez un snapshot, "
                "déplacez une VM) ou agrandissez le datastore.",
            )
        )
        return WriteResult(vm, target.name, gib, done, paused=True)

    def grow_datastore(self, datastore: str, capacity_gib: float, *, at_s: float = 0) -> list[str]:
        """Give ``datastore`` a larger capacity and resume the VMs paused on it if they now fit.

        Returns:
            The VMs resumed.

        Raises:
            SimulationError: unknown datastore or a capacity smaller than the space used.
        """
        store = self._datastore(datastore)
        if not capacity_gib >= self.used_gib(datastore) or math.isinf(capacity_gib):
            raise SimulationError(
                f"Nouvelle capacité de {datastore} invalide : {capacity_gib} Gio. Elle doit être "
                f"au moins égale à l'espace utilisé ({fr_number(self.used_gib(datastore))} Gio)."
            )
        self.datastores[datastore] = Datastore(store.name, store.kind, capacity_gib, store.hosts)
        return self._retry_paused(at_s)

    def resume(self, vm: str, *, at_s: float = 0) -> bool:
        """Retry the pending write of a paused VM; True when it could resume."""
        return vm in self._retry_paused(at_s, only=vm)

    def take_snapshot(self, vm: str, name: str, *, at_s: float = 0) -> None:
        """Snapshot every disk of ``vm``: each gets a new, empty delta that receives the writes.

        Raises:
            SimulationError: unknown VM or a snapshot of that name exists.
        """
        disks = self._disks_of_checked(vm)
        names = self.snapshots.setdefault(vm, [])
        if name in names:
            raise SimulationError(f"La VM {vm} a déjà un snapshot nommé {name} : changez le nom.")
        names.append(name)
        for disk in disks:
            disk.deltas.append(DeltaDisk(name))
        self.events.append(
            StorageEvent(
                at_s,
                "snapshot-created",
                vm,
                disks[0].datastore,
                f"Snapshot {name} de la VM {vm} : chaque disque reçoit un delta vide ; le disque "
                "parent passe en lecture seule.",
            )
        )

    def delete_snapshot(self, vm: str, name: str, *, at_s: float = 0) -> float:
        """Delete snapshot ``name``: its deltas are merged into their parents (consolidation).

        Returns:
            Space freed on the datastores, in GiB.

        Raises:
            SimulationError: unknown VM or snapshot.
        """
        disks = self._disks_of_checked(vm)
        names = self.snapshots.get(vm, [])
        if name not in names:
            known = ", ".join(names) or "aucun"
            raise SimulationError(
                f"La VM {vm} n'a pas de snapshot nommé {name} (snapshots : {known})."
            )
        index = names.index(name)
        before = sum(disk.allocated_gib for disk in disks)
        for disk in disks:
            _merge_delta(disk, index)
        names.pop(index)
        freed = before - sum(disk.allocated_gib for disk in disks)
        self.events.append(
            StorageEvent(
                at_s,
                "snapshot-deleted",
                vm,
                disks[0].datastore,
                f"Snapshot {name} de la VM {vm} supprimé : son delta est fusionné dans le disque "
                f"parent (consolidation), {fr_number(freed)} Gio libérés.",
            )
        )
        self._retry_paused(at_s)
        return freed

    def delete_all_snapshots(self, vm: str, *, at_s: float = 0) -> float:
        """Delete every snapshot of ``vm``, newest first; returns the GiB freed."""
        return sum(
            self.delete_snapshot(vm, name, at_s=at_s)
            for name in reversed(list(self.snapshots.get(vm, [])))
        )

    def storage_vmotion(
        self,
        vm: str,
        target: str,
        *,
        host: str | None = None,
        copy_mb_s: float = DEFAULT_COPY_MB_S,
        at_s: float = 0,
    ) -> StorageVMotionResult:
        """Move every disk of ``vm`` (deltas included) to datastore ``target``, VM running.

        Args:
            vm: the VM.
            target: destination datastore.
            host: the host running the VM; when given, it must see ``target``.
            copy_mb_s: copy rate (assumption).
            at_s: simulated time, for the event.

        Raises:
            SimulationError: unknown VM or datastore, host not seeing the target, or not enough
                free space on the target.
        """
        disks = self._disks_of_checked(vm)
        store = self._datastore(target)
        if host is not None and not store.visible_from(host):
            raise SimulationError(
                f"Storage vMotion de {vm} impossible : l'hôte {host} ne voit pas le datastore "
                f"{target}. Montez-le sur {host} ou choisissez un datastore que {host} voit."
            )
        moving = [disk for disk in disks if disk.datastore != target]
        needed = sum(disk.allocated_gib for disk in moving)
        free = self.free_gib(target)
        if needed > free + _EPSILON_GIB:
            raise SimulationError(
                f"Storage vMotion de {vm} impossible : il faut {fr_number(needed)} Gio libres sur "
                f"{target}, il n'en reste que {fr_number(free)}. Libérez de la place ou choisissez "
                "un autre datastore."
            )
        sources = tuple(dict.fromkeys(disk.datastore for disk in moving))
        for disk in moving:
            disk.datastore = target
        duration = gib_to_mb(needed) / copy_mb_s if copy_mb_s > 0 else math.inf
        self.events.append(
            StorageEvent(
                at_s,
                "storage-vmotion",
                vm,
                target,
                f"Storage vMotion de {vm} : {fr_number(needed)} Gio copiés de "
                f"{', '.join(sources) or target} vers {target} sans arrêter la VM.",
            )
        )
        self._retry_paused(at_s)
        return StorageVMotionResult(vm, sources, target, needed, duration)

    def _space_needed(self, disk: VirtualDisk, gib: float, new_data: bool) -> float:
        if disk.deltas:
            top = disk.deltas[-1]
            return min(gib, disk.size_gib - top.allocated_gib)
        if disk.provisioning is DiskProvisioning.THIN and new_data:
            return min(gib, disk.size_gib - disk.written_gib)
        return 0.0

    def _apply_write(self, disk: VirtualDisk, gib: float, new_data: bool) -> None:
        fresh = min(gib, disk.size_gib - disk.guest_data_gib) if new_data else 0.0
        if disk.deltas:
            top = disk.deltas[-1]
            top.allocated_gib = min(disk.size_gib, top.allocated_gib + gib)
            top.new_gib += fresh
        else:
            disk.written_gib += fresh

    def _retry_paused(self, at_s: float, only: str | None = None) -> list[str]:
        resumed = []
        for vm, pending in list(self._paused.items()):
            if only is not None and vm != only:
                continue
            disk = self.disks[(vm, pending.disk)]
            if self._space_needed(disk, pending.gib, pending.new_data) > self.free_gib(
                disk.datastore
            ):
                continue
            del self._paused[vm]
            self._apply_write(disk, pending.gib, pending.new_data)
            resumed.append(vm)
            self.events.append(
                StorageEvent(
                    at_s,
                    "vm-resumed",
                    vm,
                    disk.datastore,
                    f"La VM {vm} reprend : le datastore {disk.datastore} a de nouveau de la place "
                    f"({fr_number(self.free_gib(disk.datastore))} Gio libres).",
                )
            )
        return resumed

    def _datastore(self, name: str) -> Datastore:
        try:
            return self.datastores[name]
        except KeyError:
            known = ", ".join(self.datastores) or "aucun"
            raise SimulationError(
                f"Datastore inconnu : « {name} » (datastores connus : {known})."
            ) from None

    def _disks_of_checked(self, vm: str) -> list[VirtualDisk]:
        disks = self.disks_of(vm)
        if not disks:
            raise SimulationError(f"La VM « {vm} » n'a aucun disque dans ce modèle de stockage.")
        return disks

    def _disk(self, vm: str, name: str | None) -> VirtualDisk:
        disks = self._disks_of_checked(vm)
        if name is None:
            return disks[0]
        for disk in disks:
            if disk.name == name:
                return disk
        known = ", ".join(d.name for d in disks)
        raise SimulationError(f"La VM {vm} n'a pas de disque « {name} » (disques : {known}).")


def _merge_delta(disk: VirtualDisk, index: int) -> None:
    delta = disk.deltas.pop(index)
    if index == 0:
        disk.written_gib = min(disk.size_gib, disk.written_gib + delta.new_gib)
        return
    parent = disk.deltas[index - 1]
    parent.allocated_gib = min(disk.size_gib, parent.allocated_gib + delta.allocated_gib)
    parent.new_gib += delta.new_gib
