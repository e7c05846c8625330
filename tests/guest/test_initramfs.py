"""The initramfs: a newc cpio archive as the kernel's buffer-format documentation describes it."""

from __future__ import annotations

import gzip
import stat

from hvlab.site.guest.initramfs import Entry, RootFs, cpio_newc, gzip_deterministic


def _header(ino: int, mode: int, nlink: int, size: int, namesize: int) -> bytes:
    # Documentation/driver-api/early-userspace/buffer-format.rst: "070701", then 13 fields of
    # 8 ASCII hexadecimal digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
    # devminor, rdevmajor, rdevminor, namesize, check.
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, 0]
    return b"070701" + b"".join(f"{v:08X}".lower().encode() for v in fields)


def test_one_file_archive_matches_the_documented_layout() -> None:
    archive = cpio_newc([Entry("init", stat.S_IFREG | 0o755, b"#!/bin/sh\n")])
    expected = _header(1, 0o100755, 1, 10, 5) + b"init\0"  # 110 + 5 bytes: pad to 116
    expected += b"\0" + b"#!/bin/sh\n" + b"\0\0"  # file data padded to a multiple of 4
    expected += _header(0, 0, 1, 0, 11) + b"TRAILER!!!\0"
    assert archive[: len(expected)] == expected
    assert len(archive) % 4 == 0


def test_rootfs_adds_parent_folders_and_sorts_entries() -> None:
    fs = RootFs()
    fs.add_file("usr/local/bin/aide", b"x", 0o755)
    fs.add_symlink("bin/sh", "busybox")
    archive = fs.archive()
    names = [p for p in ("bin", "bin/sh", "usr", "usr/local", "usr/local/bin") if p in fs.entries]
    assert names == ["bin", "bin/sh", "usr", "usr/local", "usr/local/bin"]
    assert archive.index(b"bin\0") < archive.index(b"usr/local/bin/aide\0")
    assert stat.S_ISDIR(fs.entries["usr/local"].mode)
    assert fs.entries["bin/sh"].data == b"busybox"
    assert fs.total_bytes() == 1


def test_same_files_give_the_same_bytes() -> None:
    def build() -> bytes:
        fs = RootFs()
        for name in ("b", "a/c", "a/b"):
            fs.add_file(name, name.encode())
        return gzip_deterministic(fs.archive())

    first = build()
    assert first == build()
    assert first[4:8] == b"\0\0\0\0"  # RFC 1952: MTIME 0, no time stamp
    assert b"TRAILER!!!\0" in gzip.decompress(first)
