"""The guest image's description (image.json), its build key and a built image's manifest."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from hvlab.site.guest.image import (
    IMAGE_FILES,
    ROOTFS_DIR,
    SPEC_FILE,
    ImageError,
    image_key,
    load_image,
    load_spec,
)


def test_committed_pins_are_exact_versions_with_their_digest() -> None:
    spec = load_spec()
    assert {pin.package for pin in spec.packages} >= {"busybox-static", "seabios"}
    for pin in spec.packages:
        assert re.fullmatch(r"[0-9a-f]{64}", pin.sha256), pin.package
        assert pin.version and not pin.version.startswith(("<", ">", "=")), pin.package
    kernel = next(p for p in spec.packages if "@kernel" in p.files.values())
    assert kernel.package.endswith("-686"), "v86 runs 32-bit x86 only: an i386 (686) kernel"
    assert spec.machine.memory_mib > 64, "v86 loads the initramfs at 64 MiB"
    assert "console=ttyS0" in spec.machine.cmdline


def _spec_copy(tmp_path: Path, change: dict[str, object] | None = None) -> Path:
    data = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    data.update(change or {})
    path = tmp_path / "image.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_unknown_destination_is_refused(tmp_path: Path) -> None:
    data = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    data["packages"][1]["files"] = {"bin/busybox": "@busybox"}
    with pytest.raises(ImageError, match=r"destination.*@busybox"):
        load_spec(_spec_copy(tmp_path, {"packages": data["packages"]}))


def test_a_spec_without_kernel_is_refused(tmp_path: Path) -> None:
    data = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    packages = [p for p in data["packages"] if "@kernel" not in p["files"].values()]
    with pytest.raises(ImageError, match="aucun paquet ne fournit @kernel"):
        load_spec(_spec_copy(tmp_path, {"packages": packages}))


def test_a_malformed_spec_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "image.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ImageError, match=r"image\.json"):
        load_spec(path)


def test_key_changes_with_a_pin_a_file_of_the_rootfs_or_v86(tmp_path: Path) -> None:
    spec = load_spec()
    rootfs = tmp_path / "rootfs"
    shutil.copytree(ROOTFS_DIR, rootfs)
    key = image_key(spec, rootfs, "0.5.462")
    assert key == image_key(spec, rootfs, "0.5.462")
    assert key != image_key(spec, rootfs, "0.5.463")
    (rootfs / "etc" / "motd").write_text("autre message\n", encoding="utf-8")
    assert key != image_key(spec, rootfs, "0.5.462")
    data = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    data["machine"]["memory_mib"] = 128
    assert image_key(load_spec(_spec_copy(tmp_path, data)), ROOTFS_DIR, "0.5.462") != image_key(
        spec, ROOTFS_DIR, "0.5.462"
    )


def test_a_missing_image_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="make build"):
        load_image(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"key": "0" * 64}), encoding="utf-8")
    with pytest.raises(ImageError, match=r"incomplète.*vmlinuz"):
        load_image(tmp_path)
    for name in IMAGE_FILES.values():
        (tmp_path / name).write_bytes(b"x")
    assert load_image(tmp_path).site_folder == "assets/guest/" + "0" * 16
