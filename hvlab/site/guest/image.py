"""The guest image: what it is made of (``image.json`` + ``rootfs/``) and how it is built.

A build takes the pinned Debian packages (:mod:`hvlab.site.guest.debian`), the kernel and the
BIOS files as they are, and assembles the initramfs from busybox, the files of the packages and
the files of ``rootfs/`` (:mod:`hvlab.site.guest.initramfs`). Then v86, under Node, boots the
machine once and saves its state (``scripts/guest-state.mjs``), so that a student's first start
resumes a booted machine instead of waiting for the boot.

The result is kept in a cache folder named by a key: the SHA-256 of everything that goes in (the
pins, the machine's settings, the files of ``rootfs/``, this builder's code and the version of
v86). A build whose key is already in the cache only copies the files; a change of a pin, of a
file of ``rootfs/`` or of v86 builds a new image. The kernel, the initramfs and the BIOS files
are the same bytes for the same key; the saved state is not (it records a boot, clock included),
but it is derived from them.
"""

from __future__ import annotations

__all__ = [
    "IMAGE_FILES",
    "ROOTFS_DIR",
    "SPEC_FILE",
    "GuestImage",
    "ImageError",
    "ImageSpec",
    "Machine",
    "build_image",
    "cache_dir",
    "image_key",
    "load_image",
    "load_spec",
    "update_pins",
]

import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hvlab.errors import HvlabError
from hvlab.site.guest.debian import Archive, DebianError, Pin, read_member
from hvlab.site.guest.initramfs import RootFs, gzip_deterministic
from hvlab.site.guest.pciids import split_pci_ids

#: The pins and the machine's settings.
SPEC_FILE = Path(__file__).with_name("image.json")
#: Files copied as they are into the guest's root file system.
ROOTFS_DIR = Path(__file__).with_name("rootfs")
#: Files of a built image, by role.
IMAGE_FILES = {
    "bios": "bios.bin",
    "vga_bios": "vgabios.bin",
    "kernel": "vmlinuz",
    "initrd": "initramfs.cpio.gz",
    "state": "state.bin.gz",
}
#: The guest shell's prompt (set by ``rootfs/etc/profile``), after which the machine is saved.
PROMPT = "invite:~# "
MANIFEST = "manifest.json"

_BUILDER_SOURCES = ("debian.py", "initramfs.py", "pciids.py", "image.py")
_STATE_SCRIPT = "scripts/guest-state.mjs"
_BOOT_TIMEOUT_S = 600
_MACHINE_FILES = {"@kernel": "kernel", "@bios": "bios", "@vga_bios": "vga_bios"}
#: Files turned into other files of the root file system (see :mod:`hvlab.site.guest.pciids`).
_DERIVED = {"@pci_ids"}


class ImageError(HvlabError):
    """The guest image cannot be built or is missing (French message saying what to do)."""


@dataclass(frozen=True)
class Machine:
    """The PC that v86 emulates for the guest.

    Attributes:
        memory_mib: RAM (at least 64 MiB plus the initramfs: v86 loads it at 64 MiB).
        vga_memory_kib: video memory (the console is the serial port, so the minimum).
        cmdline: the kernel's command line.
    """

    memory_mib: int
    vga_memory_kib: int
    cmdline: str


@dataclass(frozen=True)
class ImageSpec:
    """What the image is made of: ``image.json``.

    Attributes:
        distribution: the Debian release the pins come from (shown to students).
        packages: the pinned packages and the files taken from each.
        machine: the emulated machine.
    """

    distribution: str
    packages: tuple[Pin, ...]
    machine: Machine


@dataclass(frozen=True)
class GuestImage:
    """A built image, as described by its ``manifest.json``.

    Attributes:
        key: the build key (see the module's documentation).
        folder: where its files are.
        manifest: the manifest's content (files and their sizes, packages, boot time…).
    """

    key: str
    folder: Path
    manifest: dict[str, Any]

    @property
    def site_folder(self) -> str:
        """Folder of the image in the built site (its key in the name: cached forever)."""
        return f"assets/guest/{self.key[:16]}"

    def file(self, role: str) -> Path:
        """Path of the file of ``role`` (``kernel``, ``state``…)."""
        return self.folder / IMAGE_FILES[role]


def load_spec(path: Path = SPEC_FILE) -> ImageSpec:
    """Read ``image.json``.

    Raises:
        ImageError: the file is missing or malformed (the message names the key).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        packages = tuple(
            Pin(
                package=str(p["package"]),
                version=str(p["version"]),
                sha256=str(p["sha256"]),
                files={str(k): str(v) for k, v in p["files"].items()},
            )
            for p in data["packages"]
        )
        machine = Machine(
            memory_mib=int(data["machine"]["memory_mib"]),
            vga_memory_kib=int(data["machine"]["vga_memory_kib"]),
            cmdline=str(data["machine"]["cmdline"]),
        )
        spec = ImageSpec(str(data["distribution"]), packages, machine)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ImageError(f"{path} illisible ou incomplet : {error!r}.") from None
    roles = [target for pin in packages for target in pin.files.values() if target[0] == "@"]
    missing = sorted(set(_MACHINE_FILES) - set(roles))
    if missing:
        raise ImageError(f"{path} : aucun paquet ne fournit {', '.join(missing)}.")
    unknown = sorted(set(roles) - set(_MACHINE_FILES) - _DERIVED)
    if unknown:
        known = ", ".join(sorted(set(_MACHINE_FILES) | _DERIVED))
        raise ImageError(f"{path} : destination(s) inconnue(s) {', '.join(unknown)} ({known}).")
    return spec


def image_key(spec: ImageSpec, rootfs_dir: Path = ROOTFS_DIR, v86_version: str = "") -> str:
    """SHA-256 of everything the image is built from (see the module's documentation)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(spec), sort_keys=True).encode())
    digest.update(f"v86={v86_version}".encode())
    for name in _BUILDER_SOURCES:
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update((Path(__file__).parents[3] / _STATE_SCRIPT).read_bytes())
    for path in sorted(p for p in rootfs_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(rootfs_dir).as_posix().encode() + b"\0")
        digest.update(oct(path.stat().st_mode & 0o111).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where built images are kept between builds (and between checkouts of the project).

    ``HVLAB_GUEST_CACHE`` if set, else ``$XDG_CACHE_HOME/hvlab/guest`` (``~/.cache/hvlab/guest``).
    """
    if os.environ.get("HVLAB_GUEST_CACHE"):
        return Path(os.environ["HVLAB_GUEST_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hvlab" / "guest"


def load_image(folder: Path) -> GuestImage:
    """The image built in ``folder`` (``build/guest``).

    Raises:
        ImageError: no complete image there.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        key = str(manifest["key"])
    except (OSError, ValueError, KeyError) as error:
        raise ImageError(
            f"image de la machine invitée absente de {folder} ({type(error).__name__}) : "
            "construisez-la avec « make build » (ou « .venv/bin/python -m hvlab.site.guest "
            "build »)."
        ) from None
    image = GuestImage(key=key, folder=folder, manifest=manifest)
    absent = [name for name in IMAGE_FILES.values() if not (folder / name).is_file()]
    if absent:
        raise ImageError(
            f"image de la machine invitée incomplète dans {folder} (manque {', '.join(absent)}) : "
            "reconstruisez-la avec « make build »."
        )
    return image


def build_image(
    root: Path,
    out_dir: Path,
    *,
    spec_path: Path = SPEC_FILE,
    rootfs_dir: Path = ROOTFS_DIR,
    cache: Path | None = None,
    node: str = "node",
    log: Any = print,
) -> GuestImage:
    """Build the image (or take it from the cache) and copy it into ``out_dir``.

    Args:
        root: the project folder (its ``node_modules/`` holds v86).
        out_dir: where the image's files and manifest go (``build/guest``).
        spec_path: the pins and machine settings.
        rootfs_dir: the files added to the guest's root file system.
        cache: the cache folder (default :func:`cache_dir`).
        node: the Node.js program.
        log: called with one French line per step.

    Returns:
        The image in ``out_dir``.

    Raises:
        ImageError: a package, Node or v86 is missing, or the machine did not boot.
    """
    spec = load_spec(spec_path)
    v86_version = _v86_version(root)
    key = image_key(spec, rootfs_dir, v86_version)
    cache = cache or cache_dir()
    cached = cache / key[:16]
    try:
        image = load_image(cached)
        if image.key != key:
            raise ImageError("clé différente")
        log(f"Machine invitée : image {key[:16]} déjà construite ({cached}).")
    except ImageError:
        image = _build(root, spec, key, v86_version, rootfs_dir, cache, cached, node, log)
    _publish(image, out_dir)
    return load_image(out_dir)


def _build(
    root: Path,
    spec: ImageSpec,
    key: str,
    v86_version: str,
    rootfs_dir: Path,
    cache: Path,
    target: Path,
    node: str,
    log: Any,
) -> GuestImage:
    log(f"Machine invitée : construction de l'image {key[:16]} (paquets Debian i386)…")
    archive = Archive(cache / "apt")
    work = cache / f"{key[:16]}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    fs = RootFs()
    packages = {}
    try:
        for pin in spec.packages:
            deb = archive.download(pin)
            packages[pin.package] = pin.version
            for member, destination in pin.files.items():
                content, mode = read_member(deb, member)
                if destination in _MACHINE_FILES:
                    (work / IMAGE_FILES[_MACHINE_FILES[destination]]).write_bytes(content)
                elif destination == "@pci_ids":
                    for name, data in split_pci_ids(content.decode("utf-8", "replace")).items():
                        fs.add_file(name, data)
                else:
                    fs.add_file(destination, content, mode or 0o644)
    except DebianError as error:
        raise ImageError(str(error)) from None
    for path in sorted(p for p in rootfs_dir.rglob("*") if p.is_file()):
        mode = 0o755 if path.stat().st_mode & 0o111 else 0o644
        fs.add_file(path.relative_to(rootfs_dir).as_posix(), path.read_bytes(), mode)
    (work / IMAGE_FILES["initrd"]).write_bytes(gzip_deterministic(fs.archive()))
    log("Machine invitée : premier démarrage dans v86, pour enregistrer son état…")
    boot = _boot_and_save(root, work, spec.machine, node)
    manifest = {
        "key": key,
        "distribution": spec.distribution,
        "packages": packages,
        "v86": v86_version,
        "machine": asdict(spec.machine),
        "prompt": PROMPT,
        "banner": boot["banner"],
        "cold_boot_s": boot["cold_boot_s"],
        "built": time.strftime("%Y-%m-%d"),
        "rootfs_bytes": fs.total_bytes(),
        "files": {
            role: {"name": name, "bytes": (work / name).stat().st_size}
            for role, name in IMAGE_FILES.items()
        },
        "state_raw_bytes": boot["state_raw_bytes"],
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    _prune(cache, keep=target)
    total = sum(f["bytes"] for f in manifest["files"].values()) / 1e6
    log(
        f"Machine invitée : image prête ({total:.1f} Mo), démarrage à froid en "
        f"{boot['cold_boot_s']} s sous Node."
    )
    return load_image(target)


def _prune(cache: Path, keep: Path, count: int = 3) -> None:
    """Remove all but the ``count`` most recent images of the cache (``keep`` always stays)."""
    images = sorted(
        (p for p in cache.iterdir() if p.is_dir() and (p / MANIFEST).is_file() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in images[count - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _boot_and_save(root: Path, folder: Path, machine: Machine, node: str) -> dict[str, Any]:
    settings = {
        "folder": str(folder),
        "memory_mib": machine.memory_mib,
        "vga_memory_kib": machine.vga_memory_kib,
        "cmdline": machine.cmdline,
        "prompt": PROMPT,
        "timeout_s": _BOOT_TIMEOUT_S,
    }
    if shutil.which(node) is None:
        raise ImageError(f"« {node} » (Node.js) est introuvable : installez Node.js 20 ou plus.")
    try:
        done = subprocess.run(
            [node, str(root / _STATE_SCRIPT), json.dumps(settings)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=_BOOT_TIMEOUT_S + 60,
        )
    except subprocess.TimeoutExpired:
        raise ImageError(
            f"la machine invitée n'a pas démarré en {_BOOT_TIMEOUT_S} s sous Node."
        ) from None
    if done.returncode != 0:
        raise ImageError(
            "la machine invitée n'a pas démarré sous Node :\n" + done.stderr.strip()[-3000:]
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _publish(image: GuestImage, out_dir: Path) -> None:
    if out_dir.resolve() == image.folder.resolve():
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in [*IMAGE_FILES.values(), MANIFEST]:
        source, target = image.folder / name, out_dir / name
        same_size = target.is_file() and target.stat().st_size == source.stat().st_size
        if same_size and name != MANIFEST and _same_bytes(source, target):
            continue
        shutil.copy2(source, target)


def _same_bytes(a: Path, b: Path) -> bool:
    return hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def _v86_version(root: Path) -> str:
    package = root / "node_modules" / "v86" / "package.json"
    try:
        return str(json.loads(package.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        raise ImageError(
            f"v86 est absent de {package.parent} : installez les paquets npm (« npm ci »)."
        ) from None


def update_pins(spec_path: Path = SPEC_FILE, cache: Path | None = None) -> list[str]:
    """Pin every package of ``image.json`` to the version the archive offers today.

    Returns:
        One French line per changed pin (empty when nothing changed).

    Raises:
        ImageError: a package is unknown to the archive.
    """
    data = json.loads(spec_path.read_text(encoding="utf-8"))
    archive = Archive((cache or cache_dir()) / "apt")
    changes = []
    for entry in data["packages"]:
        try:
            if entry.get("via"):
                _follow(archive, entry)
            version, sha256 = archive.candidate(entry["package"])
        except DebianError as error:
            raise ImageError(str(error)) from None
        if (version, sha256) != (entry["version"], entry["sha256"]):
            changes.append(f"{entry['package']} : {entry['version']} → {version}")
            entry["version"], entry["sha256"] = version, sha256
    if changes:
        spec_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return changes


def _follow(archive: Archive, entry: dict[str, Any]) -> None:
    """Point ``entry`` at the package its metapackage (``via``) depends on today.

    Debian names its kernel packages after the kernel's ABI (``linux-image-6.1.0-50-686``), and
    the file names inside follow it; the metapackage (``linux-image-686``) names the current one.
    """
    old = str(entry["package"])
    new = archive.depends(str(entry["via"]))
    if new == old:
        return
    old_abi, new_abi = old.removeprefix("linux-image-"), new.removeprefix("linux-image-")
    entry["package"] = new
    entry["files"] = {k.replace(old_abi, new_abi): v for k, v in entry["files"].items()}
