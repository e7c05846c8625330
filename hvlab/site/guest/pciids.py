"""Debian's ``pci.ids`` cut into small files, for the guest's ``lspci``.

The guest names its PCI devices from ``pci.ids`` (the PCI ID Repository's list, Debian package
``pci.ids``). Searching the whole file (1.3 MB, 36 000 lines) takes tens of seconds inside the
emulator, so the image holds it cut at build time: one file per vendor (``pci/8086``: the vendor's
line, then its devices' lines) and one per device class (``pci/class-01``: the class's line, then
its subclasses). Subsystem and programming-interface lines (two tabs) are left out: ``lspci``
without ``-v`` does not show them. The lines themselves are kept as they are.
"""

from __future__ import annotations

__all__ = ["split_pci_ids"]

import re

_VENDOR = re.compile(r"^([0-9a-f]{4})  ")
_CLASS = re.compile(r"^C ([0-9a-f]{2})  ")


def split_pci_ids(text: str, folder: str = "usr/share/misc/pci") -> dict[str, bytes]:
    """The files of ``folder`` made from the content of ``pci.ids``.

    Args:
        text: the content of ``pci.ids``.
        folder: where the files go in the guest's file system.

    Returns:
        Path → content, e.g. ``usr/share/misc/pci/8086`` → ``b"8086  Intel Corporation\\n\\t…"``.

    >>> sample = "8086  Intel\\n\\t7010  IDE\\n\\t\\t1af4 1100  QEMU\\nC 01  Disk\\n\\t01  IDE\\n"
    >>> files = split_pci_ids("# comment\\n" + sample)
    >>> sorted(files)
    ['usr/share/misc/pci/8086', 'usr/share/misc/pci/class-01']
    >>> files['usr/share/misc/pci/8086']
    b'8086  Intel\\n\\t7010  IDE\\n'
    """
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if vendor := _VENDOR.match(line):
            current = blocks.setdefault(vendor.group(1), [])
        elif device_class := _CLASS.match(line):
            current = blocks.setdefault(f"class-{device_class.group(1)}", [])
        elif not line.startswith("\t"):
            current = None  # another list of the file (countries, languages…)
            continue
        elif line.startswith("\t\t"):
            continue
        if current is not None:
            current.append(line)
    return {
        f"{folder}/{name}": ("\n".join(lines) + "\n").encode("utf-8")
        for name, lines in sorted(blocks.items())
    }
