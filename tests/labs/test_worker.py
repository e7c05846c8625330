"""The Python side of the browser's workers: outputs in order, and every lasting change noticed.

Each case runs in a forked copy of this process (the attacks change the interpreter for good).
"""

from __future__ import annotations

import gc
import json
import os
import sys

import pytest

import hvlab.sim  # noqa: F401 - loaded as in the student's worker
from hvlab.labs import worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def changed_after(code: str) -> bool:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked copy
        try:
            # Hypothesis, loaded by other tests, times garbage collections in a global: not code.
            gc.callbacks.clear()
            worker.run("x = 1", None)  # the first run records the interpreter as it starts
            worker.run(code, None)
            os.write(write_end, b"1" if worker.changed() else b"0")
        finally:
            os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 1)
    os.close(read_end)
    os.waitpid(pid, 0)
    return answer == b"1"


@pytest.mark.parametrize(
    "code",
    [
        "x = 2\nfrom hvlab import show\nfrom hvlab.sim import place, RACK_1U\nprint(RACK_1U.cores)",
        "import math\nmath.sqrt(2)",
        "def f():\n    return 1\nclass A:\n    pass\nf()",
    ],
)
def test_ordinary_code_leaves_the_interpreter_unchanged(code: str) -> None:
    assert not changed_after(code)


@pytest.mark.parametrize(
    "code",
    [
        "import hvlab.labs.checks as c\nc.expect_close = lambda *a, **k: None",
        "import sys, types\nsys.modules['hvlab.labs.checks'] = types.ModuleType('faux')",
        "import sys, types\nsys.modules['nouveau'] = types.ModuleType('nouveau')",
        "import math\nmath.isclose = lambda *a, **k: True",
        "import builtins\nbuiltins.len = lambda x: 0",
        "import builtins\nbuiltins.id = lambda x: 0",
        "from hvlab.sim import HYPERVISORS\nHYPERVISORS['esxi'] = None",
        "from hvlab.sim import HYPERVISORS\nobject.__setattr__(HYPERVISORS['esxi'], 'name', 'x')",
        "from hvlab.sim import RACK_1U\nobject.__setattr__(RACK_1U, 'cores', 64)",
        "from hvlab.sim import PlacementItem\nPlacementItem.__eq__ = lambda a, b: True",
        "import hvlab.sim\nhvlab.sim.place = None",
    ],
)
def test_a_lasting_change_is_noticed(code: str) -> None:
    assert changed_after(code)


def test_a_newly_imported_module_is_noticed() -> None:
    # a module loaded now could have been altered right after; another test of this process may
    # have imported it already, so it is unloaded first (and put back after)
    saved = sys.modules.pop("statistics", None)
    try:
        assert changed_after("import statistics")
    finally:
        if saved is not None:
            sys.modules["statistics"] = saved


def test_outputs_are_streamed_in_the_order_they_happen() -> None:
    batches: list[str] = []
    code = (
        "import sys\nfrom hvlab import show\n"
        "print('un')\nshow('deux', title='T')\nprint('trois', file=sys.stderr)\nprint('quatre')\n"
    )
    result = json.loads(worker.run(code, None, batches.append))
    events: list[dict[str, object]] = []
    for event in (e for batch in batches for e in json.loads(batch)):
        if events and event["type"] == events[-1]["type"] != "display":
            events[-1] = {**events[-1], "text": str(events[-1]["text"]) + event["text"]}
        else:
            events.append(event)
    assert [e["type"] for e in events] == ["stdout", "display", "stderr", "stdout"]
    assert [e.get("text") for e in events] == ["un\n", None, "trois\n", "quatre\n"]
    assert events[1]["display"] == {"type": "text", "data": "deux", "title": "T"}
    assert [e["type"] for e in result["outputs"]] == ["stdout", "display", "stderr", "stdout"]


def test_the_checkers_side_plans_and_judges_as_json() -> None:
    checks = "def check_x(ns):\n    assert ns['x'] == 42, 'x vaut ' + str(ns['x'])\n"
    plan = worker.plan(checks)
    student = worker.run("x = 41", plan)
    verdict = json.loads(worker.judge(checks, student, "[]", "s"))
    assert verdict["report"]["results"][0]["message"] == "x vaut 41"
    broken = json.loads(worker.plan("import nulle_part\n"))
    assert broken["error"].startswith("Les vérifications de cette étape n'ont pas pu être chargées")


def test_floats_stay_floats_through_the_rounds_of_calls() -> None:
    checks = (
        "from hvlab.labs.checks import declare_calls\n"
        "APPELS = declare_calls('f', (2.0,))\n"
        "def check_f(ns):\n"
        "    assert ns['f'](2.0) == 'float', 'f(2.0) a reçu ' + ns['f'](2.0)\n"
        "    assert ns['f'](ns['n']) == 'float', 'f(n) a reçu ' + ns['f'](ns['n'])\n"
    )
    code = "n = 3.0\ndef f(x):\n    return type(x).__name__\n"
    student = worker.run(code, worker.plan(checks))
    answers: list[str] = []
    for _ in range(5):
        verdict = json.loads(worker.judge(checks, student, json.dumps(answers), "s"))
        if "report" in verdict:
            break
        answers.append(worker.calls(verdict["needs_json"]))
    assert verdict["report"]["passed"], verdict
    assert len(answers) == 1  # f(2.0) was declared; only f(n) took a round
