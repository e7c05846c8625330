"""No test asserts a duration: the shared, loaded test machine makes any speed claim flaky.

Figures belong to ``benchmarks/``; a test of a hostile input guards against a hang with
``tests.hang.no_hang`` and asserts results (messages, counts, files left unopened). This test
reads every test module and refuses an ``assert`` that compares a clock reading
(``time.perf_counter()``, ``time.monotonic()``, ``time.time()`` and the names set from them).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hang import no_hang

#: Names that hold a measured duration whatever sets them (`code, elapsed = _run(...)`).
TIMING_NAMES = {"elapsed", "took"}
CLOCKS = {"perf_counter", "monotonic", "time", "process_time", "perf_counter_ns", "monotonic_ns"}


def _is_clock(node: ast.AST, clock_names: set[str]) -> bool:
    """A clock reading, a name set from one, or arithmetic over them (``now - start``)."""
    if isinstance(node, ast.Call):
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in CLOCKS
            and isinstance(func.value, ast.Name)
            and func.value.id == "time"
        )
    if isinstance(node, ast.Name):
        return node.id in clock_names
    if isinstance(node, ast.BinOp):
        return _is_clock(node.left, clock_names) or _is_clock(node.right, clock_names)
    return False


def _timing_asserts_in(scope: ast.AST) -> list[int]:
    clock_names = set(TIMING_NAMES)
    assigns = [
        node
        for node in ast.walk(scope)
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
    ]
    for _ in range(3):  # start → elapsed → …
        for node in assigns:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and _is_clock(node.value, clock_names):
                clock_names |= {t.id for t in targets if isinstance(t, ast.Name)}
    # `deadline = time.monotonic() + 60` in a polling loop is a wait, not an assertion: only the
    # comparisons inside an assert count.
    return [
        node.lineno
        for node in ast.walk(scope)
        if isinstance(node, ast.Assert)
        and any(
            isinstance(inner, ast.Compare)
            and any(_is_clock(side, clock_names) for side in [inner.left, *inner.comparators])
            for inner in ast.walk(node.test)
        )
    ]


def timing_asserts(source: str) -> list[int]:
    """The lines of the ``assert`` statements of ``source`` that compare a clock reading."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a fixture written broken on purpose (a starter that does not compile)
        return []
    functions = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]
    found = {line for scope in functions for line in _timing_asserts_in(scope)}
    module_level = ast.Module(
        body=[node for node in tree.body if node not in functions], type_ignores=[]
    )
    return sorted(found | set(_timing_asserts_in(module_level)))


def test_the_detector_finds_the_usual_forms() -> None:
    source = (
        "import time\n"
        "def t():\n"
        "    start = time.perf_counter()\n"
        "    elapsed = time.perf_counter() - start\n"
        "    assert elapsed < 2\n"
        "    assert time.monotonic() - start < 5, 'x'\n"
        "    assert code == 1 and elapsed < BOUND_S\n"
        "    code, took = run()\n"
        "    assert took < 9\n"
        "    deadline = time.monotonic() + 5\n"
        "    while time.monotonic() < deadline:\n"
        "        pass\n"
        "    assert result == 3\n"
    )
    assert timing_asserts(source) == [5, 6, 7, 9]


def test_no_test_asserts_a_duration() -> None:
    found = []
    with no_hang("lecture des tests"):
        for path in sorted((ROOT / "tests").rglob("*.py")):
            if path == Path(__file__):
                continue
            for line in timing_asserts(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == [], (
        "assertion sur une durée (instable sur la machine de test chargée) : vérifiez un "
        "résultat, et protégez contre un blocage avec tests.hang.no_hang ; les mesures vont "
        "dans benchmarks/ — " + ", ".join(found)
    )


def test_the_hang_guard_stops_a_loop_and_names_it() -> None:
    with (
        pytest.raises(AssertionError, match=r"^boucle : toujours en cours après 0 s — bloqué"),
        no_hang("boucle", seconds=0.2),
    ):
        while True:
            pass
    with no_hang("rien"):
        pass  # no alarm left behind: the next line is not interrupted
    assert sum(range(10**6)) == 499999500000
