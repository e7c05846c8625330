"""The package's architecture, as docs/guide/architecture.md describes it: no import cycle, and
each subsystem imports only what its layer allows.

Every ``import`` counts, at module level or inside a function (a cycle hidden in a function is
still a cycle), except those under ``if TYPE_CHECKING:`` (never run). ``from package import
module`` is an edge to the module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "hvlab"

#: What each part of hvlab may import from hvlab (the rest of its own part always). The parts and
#: the reasons are those of docs/guide/architecture.md.
ALLOWED: dict[str, set[str]] = {
    "hvlab.errors": set(),
    "hvlab.fr": set(),
    "hvlab.typography": set(),
    # hvlab.sources only inside load_scenario, which reads a YAML file locally (PyYAML).
    "hvlab.sim": {"hvlab.errors", "hvlab.fr", "hvlab.sources"},
    "hvlab.show": {"hvlab.errors", "hvlab.fr", "hvlab.sim"},
    "hvlab.sources": {"hvlab.errors", "hvlab.fr"},
    "hvlab.quiz": {"hvlab.errors", "hvlab.fr", "hvlab.sim", "hvlab.sources"},
    "hvlab.labs": {"hvlab.errors", "hvlab.fr", "hvlab.sim", "hvlab.show", "hvlab.sources"},
    "hvlab.site": {
        "hvlab",
        "hvlab.errors",
        "hvlab.fr",
        "hvlab.typography",
        "hvlab.sim",
        "hvlab.show",
        "hvlab.sources",
        "hvlab.quiz",
        "hvlab.labs",
    },
    "hvlab.authoring": {
        "hvlab.errors",
        "hvlab.fr",
        "hvlab.sources",
        "hvlab.quiz",
        "hvlab.labs",
        "hvlab.site",
    },
    "hvlab.server": {
        "hvlab.errors",
        "hvlab.fr",
        "hvlab.typography",
        "hvlab.sources",
        "hvlab.quiz",
        "hvlab.labs",
    },
    "hvlab.commands": {
        "hvlab",
        "hvlab.errors",
        "hvlab.fr",
        "hvlab.typography",
        "hvlab.sim",
        "hvlab.show",
        "hvlab.sources",
        "hvlab.quiz",
        "hvlab.labs",
        "hvlab.authoring",
        "hvlab.server",
        "hvlab._argparse_fr",
    },
    "hvlab.cli": {"hvlab", "hvlab.errors", "hvlab._argparse_fr", "hvlab.commands"},
    "hvlab.__main__": {"hvlab.cli"},
    "hvlab._argparse_fr": set(),
    "hvlab": {"hvlab.errors", "hvlab.show"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "skeletons" in path.parts:
            continue  # the files hvlab new copies, not modules of the package
        name = path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for part in node.body for child in ast.walk(part))
    return skipped


def imports(module: str) -> set[str]:
    """The hvlab modules that ``module`` imports (anywhere but under ``if TYPE_CHECKING``)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in MODULES:
                    found.add(target)
                elif base in MODULES:
                    found.add(base)
    found.discard(module)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                child = todo.pop()
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def test_the_cycle_finder_finds_a_cycle_through_a_function_import() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycle() -> None:
    cycles = _cycles(GRAPH)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def _part(module: str) -> str:
    for part in sorted(ALLOWED, key=len, reverse=True):
        if module == part or module.startswith(part + "."):
            return part
    raise AssertionError(f"{module} belongs to no part of docs/guide/architecture.md")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_what_its_layer_allows(module: str) -> None:
    part = _part(module)
    wrong = sorted(
        target for target in GRAPH[module] if _part(target) not in ALLOWED[part] | {part}
    )
    assert not wrong, f"{module} ({part}) must not import {wrong}"
