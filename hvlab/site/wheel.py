"""The hvlab wheel that the browser labs install into Pyodide, built at every site build.

The wheel is made with the standard library only (``zipfile``), from the repository's current
code, so the site always runs the simulator it documents. It is a valid PEP 427 wheel
(``py3-none-any``, ``dist-info`` with ``METADATA``, ``WHEEL`` and ``RECORD``) that ``pip`` and
Pyodide's ``unpackArchive(buffer, "wheel")`` both accept.

Left out: ``hvlab/site/`` (it imports MkDocs and Markdown), the command line
(``hvlab/commands/``, ``cli.py``, ``__main__.py``), which labs never use in the browser, and any
other module that imports a third-party package at import time (PyYAML, jsonschema: Pyodide has
only the standard library; such a module could not be imported there anyway). A test checks that
the simulator, the lab runner and :mod:`hvlab.show` are never among them.

The example scenarios of the course (``labs/scenarios/*.yaml``) go in as package data
``hvlab/labs/examples/<name>.json`` (converted with PyYAML at build time), where
:func:`hvlab.labs.examples.example_data` finds them in the browser, which has no PyYAML.

The archive is deterministic: same sources, same bytes (fixed timestamps, sorted entries), and
:func:`write_wheel` leaves an identical file untouched, so browsers keep their cached copy.
"""

from __future__ import annotations

__all__ = [
    "WHEEL_DIR",
    "Wheel",
    "build_wheel",
    "example_entries",
    "third_party_imports",
    "wheel_files",
    "write_wheel",
]

import ast
import base64
import hashlib
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hvlab.labs.examples import EXAMPLES_PACKAGE_DIR
from hvlab.site.cache import BuildCache

#: Folder of the wheel in the built site.
WHEEL_DIR = "assets/hvlab/wheels"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The example scenarios packed as ``hvlab/labs/examples/<name>.json``.
_SCENARIOS_DIR = _PACKAGE_DIR.parent / "labs" / "scenarios"
_EXCLUDED_DIRS = frozenset({"site", "commands", "__pycache__"})
_EXCLUDED_FILES = frozenset({"cli.py", "__main__.py"})
_EXCLUDED_SUFFIXES = (".pyc", ".pyo")
#: 1980-01-01, the earliest date a zip entry can hold: the archive does not depend on mtimes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_VERSION = re.compile(r'^__version__\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)
_SUMMARY = "Simulateur de datacentre virtualisé, quiz et TP pour un cours de virtualisation"


@dataclass(frozen=True)
class Wheel:
    """A built wheel, in memory.

    Attributes:
        filename: PEP 427 file name, e.g. ``hvlab-0.1.0-py3-none-any.whl``.
        version: the package version (``hvlab.__version__`` of the sources).
        content: the bytes of the archive.
    """

    filename: str
    version: str
    content: bytes

    @property
    def sha256(self) -> str:
        """Hexadecimal SHA-256 of the archive."""
        return hashlib.sha256(self.content).hexdigest()


def wheel_files(package_dir: Path = _PACKAGE_DIR) -> list[Path]:
    """Files of ``package_dir`` that go into the wheel, sorted.

    Args:
        package_dir: the ``hvlab`` package folder.

    Returns:
        The absolute paths of the files to pack.
    """
    files = []
    for path in sorted(package_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(package_dir)
        if _EXCLUDED_DIRS.intersection(relative.parts[:-1]):
            continue
        if len(relative.parts) == 1 and relative.name in _EXCLUDED_FILES:
            continue
        if path.name.endswith(_EXCLUDED_SUFFIXES) or path.name.startswith("."):
            continue
        if path.suffix == ".py" and third_party_imports(path):
            continue
        files.append(path)
    return files


def third_party_imports(path: Path) -> list[str]:
    """Modules outside the standard library and hvlab that ``path`` imports at import time.

    Only module-level ``import`` statements count: an import inside a function runs when the
    function is called, which is how optional dependencies are meant to be imported.

    Args:
        path: a Python source file.

    Returns:
        The imported module names, in source order (empty for a stdlib-only module).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        found += [m for m in modules if m.split(".")[0] not in sys.stdlib_module_names | {"hvlab"}]
    return found


def example_entries(scenarios_dir: Path = _SCENARIOS_DIR) -> list[tuple[str, bytes]]:
    """The example scenarios as JSON package data, sorted by name.

    Args:
        scenarios_dir: the folder of the ``*.yaml`` scenarios (none packed when it is missing).

    Returns:
        ``(path in the package, JSON bytes)`` pairs, e.g. ``("labs/examples/tp-reseau.json", …)``.
    """
    import yaml

    # libyaml's loader when PyYAML was built with it (5 times faster), else the Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = []
    for path in sorted(scenarios_dir.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        entries.append((f"{EXAMPLES_PACKAGE_DIR}/{path.stem}.json", text.encode("utf-8")))
    return entries


def build_wheel(package_dir: Path = _PACKAGE_DIR, scenarios_dir: Path = _SCENARIOS_DIR) -> Wheel:
    """Pack ``package_dir`` (the ``hvlab`` package) as a pure-Python wheel.

    Args:
        package_dir: the ``hvlab`` package folder.
        scenarios_dir: the example scenarios packed as ``hvlab/labs/examples/*.json``.

    Returns:
        The wheel, in memory.

    Raises:
        ValueError: when ``__init__.py`` has no ``__version__``.
    """
    version = _version_of(package_dir)
    name = package_dir.name
    dist_info = f"{name}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (f"{name}/{path.relative_to(package_dir).as_posix()}", path.read_bytes())
        for path in wheel_files(package_dir)
    ]
    entries += [(f"{name}/{path}", data) for path, data in example_entries(scenarios_dir)]
    entries.sort(key=lambda entry: entry[0])
    entries.append((f"{dist_info}/METADATA", _metadata(name, version).encode()))
    entries.append((f"{dist_info}/WHEEL", _WHEEL_FILE.encode()))
    record_path = f"{dist_info}/RECORD"
    record = "".join(f"{path},{_digest(data)},{len(data)}\n" for path, data in entries)
    entries.append((record_path, (record + f"{record_path},,\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return Wheel(f"{name}-{version}-py3-none-any.whl", version, buffer.getvalue())


def write_wheel(
    site_dir: Path,
    package_dir: Path = _PACKAGE_DIR,
    *,
    scenarios_dir: Path = _SCENARIOS_DIR,
    cache: BuildCache | None = None,
) -> Path:
    """Build the wheel and write it under ``site_dir/assets/hvlab/wheels/``.

    An identical existing file is left untouched (same bytes, same date: browsers and HTTP
    caches keep it).

    Args:
        site_dir: the built site.
        package_dir: the ``hvlab`` package folder.
        scenarios_dir: the example scenarios packed with it.
        cache: where a wheel built from the same files is kept (built afresh without one).

    Returns:
        The path of the wheel in the site.
    """
    filename = f"{package_dir.name}-{_version_of(package_dir)}-py3-none-any.whl"

    def build() -> bytes:
        return build_wheel(package_dir, scenarios_dir).content

    if cache is None:
        content = build()
    else:
        content = cache.binary("wheel", cache.key(package_dir, scenarios_dir), build)
    target = site_dir / WHEEL_DIR / filename
    if target.is_file() and target.read_bytes() == content:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def _version_of(package_dir: Path) -> str:
    init = (package_dir / "__init__.py").read_text(encoding="utf-8")
    match = _VERSION.search(init)
    if match is None:
        raise ValueError(f"__version__ introuvable dans {package_dir / '__init__.py'}")
    return match.group(1)


_WHEEL_FILE = """Wheel-Version: 1.0
Generator: hvlab.site.wheel
Root-Is-Purelib: true
Tag: py3-none-any
"""


def _metadata(name: str, version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {name}\n"
        f"Version: {version}\n"
        f"Summary: {_SUMMARY}\n"
        "License: MIT\n"
        "Requires-Python: >=3.11\n"
    )


def _digest(data: bytes) -> str:
    raw = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
