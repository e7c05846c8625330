"""pci.ids cut per vendor and per class, as the guest's lspci reads it."""

from __future__ import annotations

from hvlab.site.guest.pciids import split_pci_ids

# Lines of Debian's pci.ids (0.0~2023.04.11-1), in the file's order and format.
SAMPLE = """#
#	List of PCI ID's
#
1234  Technical Corp.
10ec  Realtek Semiconductor Co., Ltd.
	8029  RTL-8029(AS)
		10b8 2011  EZ-Card (SMC1208)
8086  Intel Corporation
	1237  440FX - 82441FX PMC [Natoma]
	7010  82371SB PIIX3 IDE [Natoma/Triton II]
# List of known device classes, subclasses and programming interfaces
C 01  Mass storage controller
	01  IDE interface
		00  ISA Compatibility mode-only controller
C 03  Display controller
	00  VGA compatible controller
"""


def test_one_file_per_vendor_and_per_class() -> None:
    files = split_pci_ids(SAMPLE)
    assert sorted(files) == [
        "usr/share/misc/pci/10ec",
        "usr/share/misc/pci/1234",
        "usr/share/misc/pci/8086",
        "usr/share/misc/pci/class-01",
        "usr/share/misc/pci/class-03",
    ]
    assert files["usr/share/misc/pci/8086"] == (
        b"8086  Intel Corporation\n\t1237  440FX - 82441FX PMC [Natoma]\n"
        b"\t7010  82371SB PIIX3 IDE [Natoma/Triton II]\n"
    )
    assert files["usr/share/misc/pci/1234"] == b"1234  Technical Corp.\n"


def test_subsystems_and_programming_interfaces_are_left_out() -> None:
    files = split_pci_ids(SAMPLE)
    assert b"EZ-Card" not in files["usr/share/misc/pci/10ec"]
    assert (
        files["usr/share/misc/pci/class-01"]
        == b"C 01  Mass storage controller\n\t01  IDE interface\n"
    )
