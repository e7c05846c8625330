"""Units: binary sizes to decimal transfer units."""

from __future__ import annotations

import pytest

from hvlab.sim.core.units import MB_PER_GIB, MB_PER_MIB, gib_to_mb, mib_to_mb


def test_units_convert_binary_sizes_to_decimal_megabytes() -> None:
    # 1 MiB = 1,048,576 B = 1.048576 MB; 1 GiB = 1,073,741,824 B = 1,073.741824 MB.
    assert MB_PER_MIB == 1_048_576 / 1_000_000
    assert MB_PER_GIB == 1_073_741_824 / 1_000_000
    assert mib_to_mb(1024) == pytest.approx(gib_to_mb(1))


def test_units_storage_vmotion_and_vmotion_agree() -> None:
    # The same 4 GiB take the same time whether they are a VM's memory (4,096 MiB, vMotion) or
    # a disk (4 GiB, storage vMotion) at 125 MB/s: 4,294.967296 MB / 125 = 34.359738368 s.
    from hvlab.sim.core.devices import DiskProvisioning
    from hvlab.sim.world.storage import Datastore, DatastoreType, StorageModel

    model = StorageModel()
    model.add_datastore(Datastore("a", DatastoreType.LOCAL, 100, ("esx01",)))
    model.add_datastore(Datastore("b", DatastoreType.NFS, 100, ("esx01", "esx02")))
    model.create_disk("vm", "vm.vmdk", 4, DiskProvisioning.THICK_LAZY, "a")
    moved = model.storage_vmotion("vm", "b", copy_mb_s=125)
    assert moved.duration_s == pytest.approx(34.359738368)
    assert mib_to_mb(4096) / 125 == pytest.approx(moved.duration_s)
