"""Debian packages of the guest image: pinned, downloaded with apt, read without installing.

The guest runs 32-bit x86 (v86 emulates a Pentium-class PC), so its packages are Debian's
``i386`` ones, whatever the build machine is. They are fetched by ``apt-get download`` with a
private apt state (its own package lists, cache and architecture, under the cache folder): the
machine's apt configuration and dpkg database are never touched, and nothing is installed. The
repositories are those the machine's apt is configured with.

A pin names a package, its exact version and the SHA-256 of its ``.deb``: the same pins give the
same bytes. Debian's archive keeps one version of a package per suite, so a pin goes stale when
Debian publishes a point release; :func:`hvlab.site.guest.image.update_pins` gives the current
versions (``python -m hvlab.site.guest update-pins``).

A ``.deb`` is read here with the standard library (an ``ar`` archive holding ``data.tar.*``).
"""

from __future__ import annotations

__all__ = [
    "ARCHITECTURE",
    "Archive",
    "DebianError",
    "Pin",
    "deb_members",
    "read_member",
]

import gzip
import hashlib
import io
import lzma
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hvlab.errors import HvlabError

#: Debian architecture of the guest's programs (v86 has no 64-bit mode).
ARCHITECTURE = "i386"

_APT_TIMEOUT_S = 900


class DebianError(HvlabError):
    """A package could not be fetched or read (French message saying what to do)."""


@dataclass(frozen=True)
class Pin:
    """One Debian package of the image.

    Attributes:
        package: the package name (``busybox-static``).
        version: the exact Debian version (``1:1.35.0-4+deb12u1+b1``).
        sha256: SHA-256 of the ``.deb`` file (hexadecimal).
        files: file of the package (path inside its data, no leading ``/``) → where it goes:
            a path in the guest's root file system, or ``@name`` for a file of the machine
            itself (``@kernel``, ``@bios``, ``@vga_bios``).
    """

    package: str
    version: str
    sha256: str
    files: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        """``package=version`` as apt takes it."""
        return f"{self.package}={self.version}"


class Archive:
    """Debian's archive seen through a private apt state in ``folder``.

    Args:
        folder: where apt keeps its lists and downloads (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._updated = False

    def _options(self) -> list[str]:
        lists = self.folder / "lists"
        cache = self.folder / "cache"
        status = self.folder / "status"
        for path in (lists / "partial", cache / "archives" / "partial"):
            path.mkdir(parents=True, exist_ok=True)
        status.touch()
        return [
            "-q",
            "-o", f"APT::Architecture={ARCHITECTURE}",
            "-o", f"APT::Architectures::={ARCHITECTURE}",
            "-o", f"Dir::State::Lists={lists}",
            "-o", f"Dir::State::status={status}",
            "-o", f"Dir::Cache={cache}",
            "-o", "Debug::NoLocking=1",
            "-o", "APT::Sandbox::User=root",
        ]  # fmt: skip

    def _run(self, args: list[str], cwd: Path | None = None, program: str = "apt-get") -> str:
        if shutil.which(program) is None:
            raise DebianError(
                f"« {program} » est introuvable : l'image de la machine invitée se construit à "
                "partir des paquets Debian, sur une machine Debian (ou dérivée)."
            )
        try:
            done = subprocess.run(
                [program, *self._options(), *args],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=_APT_TIMEOUT_S,
                env={**os.environ, "LC_ALL": "C", "DEBIAN_FRONTEND": "noninteractive"},
            )
        except subprocess.TimeoutExpired:
            raise DebianError(
                f"{program} {args[0]} n'a pas répondu en {_APT_TIMEOUT_S} s : vérifiez l'accès "
                "aux dépôts Debian, puis relancez."
            ) from None
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-4:])
            raise DebianError(f"{program} {args[0]} a échoué :\n{tail}")
        return done.stdout

    def update(self) -> None:
        """Fetch the package lists (once per :class:`Archive`)."""
        if not self._updated:
            self._run(["update"])
            self._updated = True

    def candidate(self, package: str) -> tuple[str, str]:
        """The version apt would take today for ``package`` and the SHA-256 of its ``.deb``.

        Raises:
            DebianError: the package is unknown to the configured repositories.
        """
        self.update()
        shown = self._run(["show", "--no-all-versions", package], program="apt-cache")
        fields = dict(
            line.split(": ", 1) for line in shown.splitlines() if ": " in line and line[0] != " "
        )
        if "Version" not in fields or "SHA256" not in fields:
            raise DebianError(f"paquet Debian « {package} » ({ARCHITECTURE}) introuvable.")
        return fields["Version"], fields["SHA256"]

    def depends(self, package: str) -> str:
        """The first package that ``package`` (a metapackage, say) depends on today."""
        self.update()
        shown = self._run(["show", "--no-all-versions", package], program="apt-cache")
        for line in shown.splitlines():
            if line.startswith("Depends: "):
                return line.removeprefix("Depends: ").split(",")[0].split()[0]
        raise DebianError(f"le paquet Debian « {package} » ne dépend d'aucun autre.")

    def download(self, pin: Pin) -> Path:
        """The ``.deb`` of ``pin``, downloaded once and checked against its SHA-256.

        Raises:
            DebianError: the version is no longer in the archive, or the file differs.
        """
        target = self.folder / "debs" / f"{pin.package}_{pin.sha256[:16]}.deb"
        if target.is_file() and _sha256(target) == pin.sha256:
            return target
        self.update()
        work = self.folder / "download"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            self._run(["download", pin.spec], cwd=work)
        except DebianError as error:
            raise DebianError(
                f"{error}\nLa version épinglée {pin.spec} n'est peut-être plus dans l'archive "
                "Debian (elle change à chaque version intermédiaire de Debian). Mettez les "
                "épingles à jour avec « .venv/bin/python -m hvlab.site.guest update-pins », "
                "vérifiez que la machine démarre, puis validez hvlab/site/guest/image.json."
            ) from None
        found = sorted(work.glob("*.deb"))
        if len(found) != 1:
            raise DebianError(f"apt-get download {pin.spec} n'a pas produit un seul fichier .deb.")
        digest = _sha256(found[0])
        if digest != pin.sha256:
            raise DebianError(
                f"le paquet {pin.spec} téléchargé a pour SHA-256 {digest}, l'épingle attend "
                f"{pin.sha256} : le fichier n'est pas celui qui a été vérifié."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        found[0].replace(target)
        return target


def deb_members(deb: Path) -> Iterator[tuple[str, bytes]]:
    """The members of the ``ar`` archive ``deb`` (name, content), in order.

    Raises:
        DebianError: the file is not an ``ar`` archive.
    """
    data = deb.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise DebianError(f"{deb.name} n'est pas un paquet Debian (archive ar attendue).")
    offset = 8
    while offset + 60 <= len(data):
        header = data[offset : offset + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        start = offset + 60
        yield name, data[start : start + size]
        offset = start + size + (size % 2)


def read_member(deb: Path, path: str) -> tuple[bytes, int]:
    """Content and permission bits of the file ``path`` of a package's data.

    The data archive is read as a stream and the reading stops at the file (a kernel package
    holds hundreds of megabytes of modules after its kernel). Symbolic links inside the package
    are followed (Debian's seabios ships ``vgabios.bin`` as a link, for instance).

    Args:
        deb: the ``.deb`` file.
        path: the file's path in the installed package, without the leading ``/``.

    Raises:
        DebianError: the package has no such file.
    """
    for _ in range(8):
        member, content = _find_in_data(deb, path)
        if member.issym():
            target = member.linkname
            if not target.startswith("/") and "/" in path:
                target = f"{path.rsplit('/', 1)[0]}/{target}"
            path = os.path.normpath(target).lstrip("/")
            continue
        if content is None:
            raise DebianError(f"« /{path} » de {deb.name} n'est pas un fichier ordinaire.")
        return content, member.mode & 0o7777
    raise DebianError(f"{deb.name} : trop de liens symboliques en suivant « /{path} ».")


def _find_in_data(deb: Path, path: str) -> tuple[tarfile.TarInfo, bytes | None]:
    for name, content in deb_members(deb):
        if not name.startswith("data.tar"):
            continue
        seen = []
        with tarfile.open(fileobj=_decompressed(name, content), mode="r|") as tar:
            for member in tar:
                member_path = member.name.removeprefix("./")
                if member_path == path:
                    extracted = tar.extractfile(member) if member.isfile() else None
                    return member, extracted.read() if extracted else None
                if member_path.rsplit("/", 1)[0] == path.rsplit("/", 1)[0]:
                    seen.append(member_path)
        listed = ", ".join(seen[:8]) or "aucun"
        raise DebianError(
            f"{deb.name} ne contient pas « /{path} » (fichiers du même dossier : {listed})."
        )
    raise DebianError(f"{deb.name} ne contient pas de data.tar : paquet Debian invalide.")


def _decompressed(name: str, content: bytes) -> io.BufferedIOBase:
    if name.endswith(".xz"):
        return lzma.LZMAFile(io.BytesIO(content))
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=io.BytesIO(content))
    if name == "data.tar":
        return io.BytesIO(content)
    raise DebianError(
        f"format « {name} » non pris en charge (data.tar, .gz ou .xz attendus dans un "
        "paquet Debian)."
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
