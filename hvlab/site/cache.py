"""What a site build computes from files that seldom change, kept for the next build.

Compiled quizzes, loaded labs and the Pyodide wheel take about a fifth of a build, and almost never
change from one build to the next. :class:`BuildCache` keeps each of them under a key that is the
SHA-256 of everything it was computed from: the input files' bytes, every file of the hvlab package
(the code that computes) and the versions of the libraries that render Markdown. Changing a quiz, a
lab, the compiler or a library changes the key; nothing is trusted by date.

Two levels: in memory for the life of the process (``mkdocs serve`` rebuilds in one process), and
on disk (``build/cache/`` by default) for the next ``mkdocs build``. A disk entry is written
atomically; one that cannot be read is computed again; entries unused for a week are removed.
"""

from __future__ import annotations

__all__ = ["BuildCache", "code_fingerprint", "files_under"]

import functools
import hashlib
import importlib.metadata
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Libraries whose version changes what the cached values contain.
_LIBRARIES = ("Markdown", "pymdown-extensions", "Pygments", "PyYAML", "jsonschema")
#: Entries of the disk cache unused for this long are removed.
_MAX_AGE_S = 7 * 24 * 3600
_SKIPPED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})


def files_under(folder: Path) -> list[Path]:
    """Every file of ``folder`` (recursively, sorted), caches and hidden files left out.

    Args:
        folder: a folder; a missing one has no file.

    Returns:
        The files' paths.
    """
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not _SKIPPED_PARTS.intersection(path.parts)
        and not path.name.startswith(".")
        and path.suffix != ".pyc"
    ]


def code_fingerprint(package_dir: Path = _PACKAGE_DIR) -> str:
    """SHA-256 of the hvlab package's files and of the Markdown libraries' versions.

    Args:
        package_dir: the ``hvlab`` package folder.

    Returns:
        The hexadecimal digest.
    """
    digest = hashlib.sha256()
    for name in _LIBRARIES:
        digest.update(f"{name}=={_version(name)}\n".encode())
    _hash_files(digest, files_under(package_dir), package_dir)
    return digest.hexdigest()


@functools.cache
def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _hash_files(digest: Any, paths: Iterable[Path], base: Path) -> None:
    for path in paths:
        shown = path.relative_to(base).as_posix()
        data = path.read_bytes()
        digest.update(f"{shown}\0{len(data)}\0".encode())
        digest.update(data)


class BuildCache:
    """Values keyed on the hash of their inputs, in memory and (optionally) on disk.

    Args:
        directory: the disk cache folder (created when needed), or ``None`` for memory only.
        code: the fingerprint of the code computing the values (:func:`code_fingerprint` by
            default, computed when first needed).

    Example:
        >>> cache = BuildCache(None, code="test")
        >>> key = cache.key(b"quiz source")
        >>> cache.text("quiz", key, lambda: "<div>compiled</div>")
        '<div>compiled</div>'
        >>> cache.text("quiz", key, lambda: "never computed again")
        '<div>compiled</div>'
    """

    def __init__(self, directory: Path | None, *, code: str | None = None) -> None:
        self.directory = directory
        self._code = code
        self._memory: dict[tuple[str, str], Any] = {}
        #: Keys looked up since :meth:`start_build`, and how many were computed.
        self.used: set[tuple[str, str]] = set()
        self.computed = 0

    @property
    def code(self) -> str:
        """The fingerprint of the code (part of every key)."""
        if self._code is None:
            self._code = code_fingerprint()
        return self._code

    def start_build(self) -> None:
        """Start a new build: the code is fingerprinted again (it may have changed on disk)."""
        self._code = None
        self.used = set()
        self.computed = 0

    def key(self, *inputs: bytes | str | Path) -> str:
        """The key of a value computed from ``inputs`` by the current code.

        Args:
            *inputs: bytes or text taken as they are; a file stands for its name and bytes, a
                folder for the relative names and bytes of every file in it (where the project
                lies does not matter).

        Returns:
            A hexadecimal SHA-256.
        """
        digest = hashlib.sha256(self.code.encode())
        for item in inputs:
            if isinstance(item, Path):
                if item.is_dir():
                    digest.update(b"folder\0")
                    _hash_files(digest, files_under(item), item)
                else:
                    digest.update(b"file\0")
                    _hash_files(digest, [item] if item.is_file() else [], item.parent)
            else:
                data = item.encode() if isinstance(item, str) else item
                digest.update(f"data\0{len(data)}\0".encode())
                digest.update(data)
        return digest.hexdigest()

    def text(self, namespace: str, key: str, make: Callable[[], str]) -> str:
        """The text cached under ``key``, or ``make()`` (then kept)."""
        value = self._get(namespace, key, ".txt", make, str.encode, bytes.decode)
        assert isinstance(value, str)
        return value

    def data(self, namespace: str, key: str, make: Callable[[], Any]) -> Any:
        """The JSON value cached under ``key``, or ``make()`` (then kept).

        The value is returned as JSON reads it back (tuples become lists) whether it was just
        computed or found, so callers see the same thing either way.
        """

        def dump(value: Any) -> bytes:
            return json.dumps(value, ensure_ascii=False, sort_keys=True).encode()

        def make_as_read() -> Any:
            return json.loads(dump(make()))

        return self._get(namespace, key, ".json", make_as_read, dump, json.loads)

    def binary(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes cached under ``key``, or ``make()`` (then kept)."""
        value = self._get(namespace, key, ".bin", make, bytes, bytes)
        assert isinstance(value, bytes)
        return value

    def _get(
        self,
        namespace: str,
        key: str,
        suffix: str,
        make: Callable[[], Any],
        dump: Callable[[Any], bytes],
        load: Callable[[bytes], Any],
    ) -> Any:
        self.used.add((namespace, key))
        if (namespace, key) in self._memory:
            return self._memory[namespace, key]
        path = self.directory / namespace / f"{key}{suffix}" if self.directory else None
        value: Any = None
        found = False
        if path is not None and path.is_file():
            try:
                value = load(path.read_bytes())
                found = True
                os.utime(path)
            except (OSError, ValueError):
                found = False
        if not found:
            value = make()
            self.computed += 1
            if path is not None:
                _write_atomically(path, dump(value))
        self._memory[namespace, key] = value
        return value

    def prune(self, max_age_s: float = _MAX_AGE_S) -> int:
        """Forget what this build did not use; remove disk entries unused for ``max_age_s``.

        Returns:
            The number of disk entries removed.
        """
        for entry in set(self._memory) - self.used:
            del self._memory[entry]
        if self.directory is None or not self.directory.is_dir():
            return 0
        removed = 0
        oldest = time.time() - max_age_s
        for path in self.directory.glob("*/*"):
            try:
                if path.is_file() and path.stat().st_mtime < oldest:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        # A read-only or full disk only costs the next build its cache.
        if temporary:
            Path(temporary).unlink(missing_ok=True)
