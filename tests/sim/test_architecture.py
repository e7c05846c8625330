"""The simulator's architecture holds: layers, no import cycle, stdlib only, one public API.

The rules are those of the contributors' page ``docs/guide/architecture-simulateur.md``: every
import of every module of ``hvlab.sim`` (at module level or inside a function) is read from the
source, so an import hidden in a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from pathlib import Path

import pytest

import hvlab.sim

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "hvlab" / "sim"
REFERENCE = ROOT / "docs" / "reference"

#: What each subpackage may import from the rest of the simulator.
ALLOWED: dict[str, set[str]] = {
    "display": set(),
    "core": {"display"},
    "migration": {"core", "display"},
    "planning": {"core", "display"},
    "dynamic": {"core", "migration", "display"},
    "world": {"core", "migration", "display"},
    "operations": {"core", "migration", "display"},
}
#: hvlab modules outside the simulator that it may use (the exceptions and French formatting).
HVLAB_ALLOWED = {"hvlab.errors", "hvlab.fr"}
#: Imports allowed inside one function only: reading a YAML file locally needs the project's
#: YAML reader, which needs PyYAML (absent from the browser, which gets scenarios as JSON).
OPTIONAL = {("hvlab.sim.world.scenario", "hvlab.sources")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """``(imported module, at module level)`` for every import statement of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (SIM.parent.parent / Path(*candidate.split("."))).with_suffix(".py").is_file():
                    found.append((candidate, id(node) in top))
    return found


MODULES = {_module_name(path): path for path in sorted(SIM.rglob("*.py"))}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else ""


def test_the_layout_has_the_documented_subpackages() -> None:
    layers = {_layer(name) for name in MODULES} - {""}
    assert layers == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_what_its_layer_allows(module: str) -> None:
    layer = _layer(module)
    for imported, at_top in _imports(MODULES[module]):
        root = imported.split(".")[0]
        if (module, ".".join(imported.split(".")[:2])) in OPTIONAL:
            assert not at_top, f"{module} imports {imported} at import time"
        elif imported.startswith("hvlab.sim"):
            target = _layer(imported)
            if module == "hvlab.sim" or target in ("", layer):
                continue
            assert target in ALLOWED[layer], f"{module} imports {imported}"
        elif root == "hvlab":
            assert imported in HVLAB_ALLOWED, f"{module} imports {imported}"
        else:
            assert root in sys.stdlib_module_names or root == "__future__", (
                f"{module} imports {imported}"
            )


def test_no_import_cycle_between_modules() -> None:
    graph = {
        module: {
            imported
            for imported, _ in _imports(path)
            if imported in MODULES and imported != module and imported != "hvlab.sim"
        }
        for module, path in MODULES.items()
    }
    # A package's __init__ may import its own modules; a module importing its own package's
    # __init__ is resolved to the modules it re-exports, so both directions count.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_public_api_is_listed_once_and_importable() -> None:
    names = hvlab.sim.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(hvlab.sim, name) is not None


def _defining_module(name: str) -> str:
    value = getattr(hvlab.sim, name)
    module = getattr(value, "__module__", None)
    if isinstance(module, str) and module.startswith("hvlab.sim.") and isinstance(value, type):
        return module
    if callable(value) and isinstance(module, str) and module.startswith("hvlab.sim."):
        return module
    owners = [
        candidate
        for candidate in MODULES
        if MODULES[candidate].name != "__init__.py"
        and name in getattr(importlib.import_module(candidate), "__all__", ())
    ]
    assert len(owners) == 1, f"{name} is defined in {owners}"
    return owners[0]


def test_every_public_name_is_in_the_api_reference() -> None:
    documented = set()
    for page in REFERENCE.glob("*.md"):
        documented |= set(re.findall(r"^::: (hvlab\.sim[\w.]*)$", page.read_text("utf-8"), re.M))
    missing = []
    for name in hvlab.sim.__all__:
        module = _defining_module(name)
        listed = name in getattr(importlib.import_module(module), "__all__", ())
        if module not in documented or not listed:
            missing.append(f"{name} ({module})")
    assert missing == [], "public names missing from docs/reference: " + ", ".join(missing)


def test_the_reference_documents_only_existing_modules() -> None:
    for page in REFERENCE.glob("*.md"):
        for module in re.findall(r"^::: (hvlab\.sim[\w.]*)$", page.read_text("utf-8"), re.M):
            assert module in MODULES, f"{page.name} documents {module}, which does not exist"
