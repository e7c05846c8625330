"""Storage model: datastores, disk formats, a datastore filling up, snapshots, storage vMotion."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import DiskProvisioning, VirtualDisk
from hvlab.sim.world.storage import Datastore, DatastoreType, StorageModel

THIN = DiskProvisioning.THIN
LAZY = DiskProvisioning.THICK_LAZY
EAGER = DiskProvisioning.THICK_EAGER


@pytest.fixture
def model() -> StorageModel:
    storage = StorageModel()
    storage.add_datastore(Datastore("nfs01", DatastoreType.NFS, 100, ("esx01", "esx02")))
    storage.add_datastore(Datastore("local01", DatastoreType.LOCAL, 500, ("esx01",)))
    storage.add_datastore(Datastore("san01", DatastoreType.FC, 1000, ("esx01", "esx02")))
    return storage


def test_datastore_shared_is_derived_from_two_visible_hosts() -> None:
    assert Datastore("a", DatastoreType.LOCAL, 10, ("esx01",)).shared is False
    assert Datastore("b", DatastoreType.ISCSI, 10, ("esx01", "esx02")).shared is True
    assert Datastore("c", DatastoreType.FC, 10, ("esx01", "esx01")).shared is False


def test_datastore_capacity_must_be_positive() -> None:
    with pytest.raises(SimulationError, match="strictement positif"):
        Datastore("a", DatastoreType.NFS, 0)


def test_disk_formats_take_written_or_full_size(model: StorageModel) -> None:
    thin = model.create_disk("vm1", "thin.vmdk", 40, THIN, "local01", written_gib=10)
    lazy = model.create_disk("vm1", "lazy.vmdk", 40, LAZY, "local01", written_gib=10)
    eager = model.create_disk("vm1", "eager.vmdk", 40, EAGER, "local01", written_gib=10)
    assert (thin.allocated_gib, lazy.allocated_gib, eager.allocated_gib) == (10, 40, 40)
    assert model.used_gib("local01") == 90
    assert model.provisioned_gib("local01") == 120
    assert model.free_gib("local01") == 410


def test_disk_creation_time_only_for_eager_zeroed() -> None:
    # 100 GiB of zeros at 500 MB/s: 1 GiB = 2^30 B = 1,073.741824 MB (MB = 10^6 B), so
    # 100 × 1,073.741824 / 500 = 214.7483648 s (not 204.8 s, which would count 1 GiB = 1,024 MB).
    eager = VirtualDisk("d.vmdk", 100, "ds", EAGER)
    assert eager.creation_time_s() == pytest.approx(214.7483648)
    assert eager.creation_time_s(zeroing_mb_s=1073.741824) == pytest.approx(100.0)
    assert VirtualDisk("d.vmdk", 100, "ds", LAZY).creation_time_s() == 0
    assert VirtualDisk("d.vmdk", 100, "ds", THIN).creation_time_s() == 0


def test_first_write_cost_is_zeroing_plus_allocation() -> None:
    assert VirtualDisk("d", 1, "ds", EAGER).first_write_io_factor == 1.0
    assert VirtualDisk("d", 1, "ds", LAZY).first_write_io_factor == 2.0
    assert VirtualDisk("d", 1, "ds", THIN).first_write_io_factor == 2.2


def test_thick_disk_that_does_not_fit_is_refused(model: StorageModel) -> None:
    with pytest.raises(SimulationError, match="il lui faut 150 Gio, il reste 100 Gio"):
        model.create_disk("vm1", "big.vmdk", 150, LAZY, "nfs01")


def test_thin_disks_overcommit_the_datastore(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 80, THIN, "nfs01", written_gib=20)
    model.create_disk("web2", "web2.vmdk", 80, THIN, "nfs01", written_gib=30)
    assert model.overcommit_ratio("nfs01") == pytest.approx(1.6)
    assert model.used_gib("nfs01") == 50


def test_full_datastore_pauses_only_the_thin_disk_vms(model: StorageModel) -> None:
    # 100 GiB: thick 40 + thin 80 (20 written) + thin 80 (30 written) = 90 used, 10 free.
    model.create_disk("bdd1", "bdd1.vmdk", 40, LAZY, "nfs01")
    model.create_disk("web1", "web1.vmdk", 80, THIN, "nfs01", written_gib=20)
    model.create_disk("web2", "web2.vmdk", 80, THIN, "nfs01", written_gib=30)
    assert model.free_gib("nfs01") == pytest.approx(10)
    first = model.write("web1", 4, at_s=60)
    assert first.paused is False
    second = model.write("web1", 10, at_s=120)
    assert second.paused is True
    assert second.written_gib == pytest.approx(6)
    assert model.free_gib("nfs01") == pytest.approx(0)
    thick = model.write("bdd1", 30, at_s=130)
    assert thick.paused is False
    assert model.paused_vms == ("web1",)
    blocked = model.write("web2", 1, at_s=140)
    assert blocked.paused is True
    assert model.paused_vms == ("web1", "web2")
    events = [e for e in model.events if e.kind == "vm-paused"]
    assert [(e.time_s, e.vm, e.datastore) for e in events] == [
        (120, "web1", "nfs01"),
        (140, "web2", "nfs01"),
    ]
    assert events[0].message == (
        "La VM web1 est mise en pause : le datastore nfs01 est plein (0 Gio libre sur 100 Gio) "
        "et son disque fin web1.vmdk a besoin de nouveaux blocs. Libérez de la place (supprimez "
        "un snapshot, déplacez une VM) ou agrandissez le datastore."
    )


def test_writing_while_paused_is_refused(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 200, THIN, "nfs01")
    model.write("web1", 150)
    with pytest.raises(SimulationError, match="est en pause"):
        model.write("web1", 1)


def test_growing_the_datastore_resumes_the_paused_vm(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 200, THIN, "nfs01")
    model.write("web1", 150, at_s=10)
    assert model.is_paused("web1")
    assert model.grow_datastore("nfs01", 200, at_s=20) == ["web1"]
    assert not model.is_paused("web1")
    assert model.used_gib("nfs01") == pytest.approx(150)
    assert model.events[-1].kind == "vm-resumed"


def test_overwrites_cost_no_space_on_a_thin_base_disk(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 80, THIN, "nfs01", written_gib=20)
    model.write("web1", 15, new_data=False)
    assert model.used_gib("nfs01") == 20


def test_snapshot_delta_grows_with_writes_even_for_thick_disk(model: StorageModel) -> None:
    model.create_disk("bdd1", "bdd1.vmdk", 40, EAGER, "nfs01", written_gib=40)
    model.take_snapshot("bdd1", "avant-maj")
    model.write("bdd1", 5, new_data=False)
    assert model.used_gib("nfs01") == 45
    assert model.disks_of("bdd1")[0].read_chain == ("bdd1-000001.vmdk", "bdd1.vmdk")


def test_thick_disk_on_a_snapshot_pauses_when_the_datastore_is_full(model: StorageModel) -> None:
    model.create_disk("bdd1", "bdd1.vmdk", 90, LAZY, "nfs01")
    model.take_snapshot("bdd1", "s1")
    result = model.write("bdd1", 20, new_data=False, at_s=5)
    assert result.paused is True
    assert "le delta de snapshot de bdd1.vmdk" in model.events[-1].message


def test_snapshot_chain_reads_newest_delta_first_and_consolidates(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 100, THIN, "san01", written_gib=30)
    model.take_snapshot("web1", "s1")
    model.write("web1", 10)  # new data: delta 1 = 10, of which 10 new
    model.take_snapshot("web1", "s2")
    model.write("web1", 5, new_data=False)  # overwrites: delta 2 = 5
    disk = model.disks_of("web1")[0]
    assert disk.read_chain == ("web1-000002.vmdk", "web1-000001.vmdk", "web1.vmdk")
    assert model.used_gib("san01") == 45  # 30 + 10 + 5
    freed = model.delete_snapshot("web1", "s2")
    # Delta 2 (5) merges into delta 1: 10 + 5 = 15 (upper bound), nothing freed.
    assert freed == pytest.approx(0)
    assert [d.allocated_gib for d in disk.deltas] == [15]
    assert disk.read_chain == ("web1-000001.vmdk", "web1.vmdk")
    freed = model.delete_snapshot("web1", "s1")
    # Delta 1 (15 allocated, 10 new) merges into the thin base: 30 + 10 = 40, frees 5.
    assert freed == pytest.approx(5)
    assert disk.written_gib == 40
    assert disk.read_chain == ("web1.vmdk",)
    assert model.used_gib("san01") == 40
    assert model.snapshots["web1"] == []


def test_deleting_a_snapshot_resumes_a_paused_vm(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 80, THIN, "nfs01", written_gib=50)
    model.take_snapshot("web1", "s1")
    model.write("web1", 40, new_data=False)  # 50 free: the 40 GiB delta fits, 10 left
    model.create_disk("web2", "web2.vmdk", 80, THIN, "nfs01")
    assert model.write("web2", 20).paused is True  # 90 used, 10 free
    freed = model.delete_all_snapshots("web1")
    assert freed == pytest.approx(40)
    assert model.paused_vms == ()


def test_unknown_snapshot_is_reported_with_the_known_ones(model: StorageModel) -> None:
    model.create_disk("web1", "web1.vmdk", 10, THIN, "nfs01")
    model.take_snapshot("web1", "s1")
    with pytest.raises(SimulationError, match=r"pas de snapshot nommé s9 \(snapshots : s1\)"):
        model.delete_snapshot("web1", "s9")


def test_storage_vmotion_moves_disks_and_deltas(model: StorageModel) -> None:
    model.create_disk("app1", "app1.vmdk", 60, THIN, "local01", written_gib=20)
    model.take_snapshot("app1", "s1")
    model.write("app1", 5)
    result = model.storage_vmotion("app1", "san01", host="esx01")
    assert result.sources == ("local01",)
    assert result.moved_gib == 25
    # 25 GiB at 200 MB/s: 25 × 1,073.741824 / 200 = 134.217728 s.
    assert result.duration_s == pytest.approx(134.217728)
    assert model.used_gib("local01") == 0
    assert model.used_gib("san01") == 25
    assert model.datastores_of("app1") == ("san01",)


def test_storage_vmotion_refused_without_free_space(model: StorageModel) -> None:
    model.create_disk("app1", "app1.vmdk", 200, LAZY, "local01")
    with pytest.raises(SimulationError) as error:
        model.storage_vmotion("app1", "nfs01")
    assert str(error.value) == (
        "Storage vMotion de app1 impossible : il faut 200 Gio libres sur nfs01, il n'en reste "
        "que 100. Libérez de la place ou choisissez un autre datastore."
    )


def test_storage_vmotion_refused_to_a_datastore_the_host_cannot_see(model: StorageModel) -> None:
    model.create_disk("app1", "app1.vmdk", 10, THIN, "nfs01")
    with pytest.raises(SimulationError, match="l'hôte esx02 ne voit pas le datastore local01"):
        model.storage_vmotion("app1", "local01", host="esx02")


@pytest.mark.parametrize("provisioning", [LAZY, EAGER])
def test_thick_disk_tracks_guest_writes_while_its_used_space_stays_its_size(
    model: StorageModel, provisioning: DiskProvisioning
) -> None:
    disk = model.create_disk("bdd1", "bdd1.vmdk", 100, provisioning, "local01", written_gib=10)
    assert model.write("bdd1", 30).written_gib == 30
    # 10 + 30 GiB of guest data, but the datastore still gives the disk its whole 100 GiB.
    assert disk.written_gib == 40
    assert disk.guest_data_gib == 40
    assert model.used_gib("local01") == 100
    # Overwrites add no data; new data is capped at the disk's size.
    model.write("bdd1", 5, new_data=False)
    model.write("bdd1", 80)
    assert disk.written_gib == 100
    assert model.used_gib("local01") == 100
