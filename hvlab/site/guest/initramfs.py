"""The guest's root file system as an initramfs: a ``newc`` cpio archive, compressed with gzip.

Linux unpacks this archive into its first file system (``rootfs``) before running ``/init``
(kernel documentation, ``filesystems/ramfs-rootfs-initramfs``; format in
``driver-api/early-userspace/buffer-format``). Everything the guest has lives there, in memory.

The archive is deterministic: entries sorted by path, owner root, modification time 0, inode
numbers in order, gzip without a time stamp. The same files give the same bytes.
"""

from __future__ import annotations

__all__ = ["Entry", "RootFs", "cpio_newc", "gzip_deterministic"]

import gzip
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

_MAGIC = b"070701"
_TRAILER = "TRAILER!!!"


@dataclass(frozen=True)
class Entry:
    """One file, folder or symbolic link of the archive.

    Attributes:
        path: path without the leading ``/`` (``bin/busybox``).
        mode: full ``st_mode`` (type and permission bits).
        data: file content, or the target of a symbolic link (empty for a folder).
    """

    path: str
    mode: int
    data: bytes = b""


@dataclass
class RootFs:
    """A root file system being assembled: files by path; parent folders are implied."""

    entries: dict[str, Entry] = field(default_factory=dict)

    def add_file(self, path: str, data: bytes, permissions: int = 0o644) -> None:
        """Add (or replace) a regular file."""
        self._add(Entry(path.strip("/"), stat.S_IFREG | permissions, data))

    def add_dir(self, path: str, permissions: int = 0o755) -> None:
        """Add a folder (also created implicitly for every file)."""
        self._add(Entry(path.strip("/"), stat.S_IFDIR | permissions))

    def add_symlink(self, path: str, target: str) -> None:
        """Add a symbolic link ``path`` → ``target``."""
        self._add(Entry(path.strip("/"), stat.S_IFLNK | 0o777, target.encode()))

    def _add(self, entry: Entry) -> None:
        parts = entry.path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent not in self.entries:
                self.entries[parent] = Entry(parent, stat.S_IFDIR | 0o755)
        self.entries[entry.path] = entry

    def archive(self) -> bytes:
        """The ``newc`` cpio archive of the file system (uncompressed)."""
        return cpio_newc(self.entries[path] for path in sorted(self.entries))

    def total_bytes(self) -> int:
        """Sum of the sizes of the regular files."""
        return sum(len(e.data) for e in self.entries.values() if stat.S_ISREG(e.mode))


def cpio_newc(entries: Iterable[Entry]) -> bytes:
    """A ``newc`` (SVR4, no CRC) cpio archive of ``entries``, in the given order.

    Args:
        entries: an iterable of :class:`Entry`.

    Returns:
        The archive, trailer included.
    """
    out = bytearray()
    for inode, entry in enumerate([*entries, Entry(_TRAILER, 0)], start=1):
        name = entry.path.encode() + b"\0"
        links = 2 if stat.S_ISDIR(entry.mode) else 1
        number = 0 if entry.path == _TRAILER else inode
        fields = (number, entry.mode, 0, 0, links, 0, len(entry.data), 0, 0, 0, 0, len(name), 0)
        out += _MAGIC + b"".join(b"%08x" % value for value in fields) + name
        out += b"\0" * (-len(out) % 4)
        out += entry.data
        out += b"\0" * (-len(out) % 4)
    return bytes(out)


def gzip_deterministic(data: bytes) -> bytes:
    """gzip at level 9 with no time stamp (the same input gives the same bytes)."""
    return gzip.compress(data, compresslevel=9, mtime=0)
