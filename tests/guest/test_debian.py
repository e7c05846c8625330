"""Reading Debian packages: a .deb made by Debian's own dpkg-deb is read back file by file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hvlab.site.guest.debian import DebianError, Pin, deb_members, read_member
from tests.conftest import require


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(shutil.which("dpkg-deb") is not None, "dpkg-deb is missing (a Debian machine)")
    root = tmp_path_factory.mktemp("pkg")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        "Package: hvlab-essai\nVersion: 1.0\nArchitecture: all\n"
        "Maintainer: hvlab <hvlab@example.invalid>\nDescription: essai\n",
        encoding="utf-8",
    )
    share = root / "usr" / "share" / "essai"
    share.mkdir(parents=True)
    (share / "vrai.bin").write_bytes(bytes(range(256)) * 4)
    (share / "lien.bin").symlink_to("vrai.bin")
    tool = root / "usr" / "bin" / "outil"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\necho outil\n", encoding="utf-8")
    tool.chmod(0o755)
    target = tmp_path_factory.mktemp("out") / "hvlab-essai_1.0_all.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_members_are_those_of_a_debian_package(deb: Path) -> None:
    names = [name for name, _ in deb_members(deb)]
    assert names[0] == "debian-binary"
    assert names[1].startswith("control.tar") and names[2] == "data.tar.xz"


def test_read_member_gives_content_and_permissions(deb: Path) -> None:
    content, mode = read_member(deb, "usr/share/essai/vrai.bin")
    assert content == bytes(range(256)) * 4
    assert read_member(deb, "usr/bin/outil") == (b"#!/bin/sh\necho outil\n", 0o755)
    assert mode == 0o644


def test_read_member_follows_symbolic_links(deb: Path) -> None:
    assert read_member(deb, "usr/share/essai/lien.bin")[0] == bytes(range(256)) * 4


def test_a_missing_file_names_its_neighbours(deb: Path) -> None:
    with pytest.raises(DebianError, match=r"ne contient pas « /usr/share/essai/faux.bin ».*vrai"):
        read_member(deb, "usr/share/essai/faux.bin")


def test_a_file_that_is_not_a_package_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "faux.deb"
    bad.write_bytes(b"PK\x03\x04 not an ar archive")
    with pytest.raises(DebianError, match="n'est pas un paquet Debian"):
        read_member(bad, "x")


def test_pin_spec_is_what_apt_takes() -> None:
    assert Pin("busybox-static", "1:1.35.0-4", "0" * 64).spec == "busybox-static=1:1.35.0-4"
