"""The Python side of the browser's two lab workers (``lab-worker.js``), as JSON in and out.

A lab page runs two Pyodide workers. The **student's worker** runs the student's code
(:func:`run`), streaming what it prints and shows as it happens, then answers the checks' calls to
the student's functions (:func:`calls`). After each run :func:`changed` tells whether the code
altered the interpreter (a module, a class, a builtin, a constant of hvlab); the page then throws
this worker away for a fresh one, so that no such change survives into the next run. The
**checker's worker** never runs the student's code: it gives the calls a checks file declares
(:func:`plan`) and judges the student's data (:func:`judge`).

This module is standard library only (it runs in Pyodide); its functions take and return JSON
text so that the worker passes strings, not Python objects, across the JavaScript boundary.

Example:
    >>> import json
    >>> seen = []
    >>> result = json.loads(run("print('a')\\nprint('b')", None, seen.append))
    >>> result["stdout"], [json.loads(batch)[0]["text"] for batch in seen]
    ('a\\nb\\n', ['a', '\\n', 'b', '\\n'])
"""

from __future__ import annotations

__all__ = ["calls", "changed", "fingerprint", "judge", "plan", "run"]

import builtins
import json
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

from hvlab.labs import judge as _judge
from hvlab.labs.runner import run_code
from hvlab.labs.student import StudentSide

_side = StudentSide()
# The fingerprint must not use what it watches: the builtins it needs are bound here, at import.
_id, _len, _isinstance, _getattr, _vars, _sorted, _hash = (
    builtins.id,
    builtins.len,
    builtins.isinstance,
    builtins.getattr,
    builtins.vars,
    builtins.sorted,
    builtins.hash,
)
_tuple, _list, _str, _type, _dict, _set = (
    builtins.tuple,
    builtins.list,
    builtins.str,
    builtins.type,
    builtins.dict,
    builtins.set,
)
_DEPTH = 3
_MAX_OBJECTS = 200_000
_baseline: int | None = None
#: Globals that change with every run by design (this module's state, hvlab's own caches).
_OWN_STATE = frozenset(
    {
        (__name__, "_baseline"),
        (__name__, "_side"),
        ("hvlab.labs.transfer", "_OPAQUE_TYPES"),
        ("hvlab.labs.transfer", "_OBJECT_TYPES"),
    }
)


def fingerprint() -> int:
    """A digest of the interpreter's shared state: what a student's code must leave unchanged.

    It covers every loaded module (its name, object and each global's identity), the attributes of
    every class defined in them, the builtins, and, for ``hvlab`` modules, the contents of their
    constants three levels deep (a dict's items, an object's attributes): replacing
    ``hvlab.labs.checks.expect_close``, putting a module in ``sys.modules``, patching
    ``math.isclose`` or ``HYPERVISORS["esxi"].overhead`` all change it. So does importing a module
    not loaded before (it could have been altered right after): the next run then gets a fresh
    interpreter too, at the cost of a restart.
    """
    seen: dict[int, int] = {}  # id -> the most depth it was walked with
    parts: list[tuple[object, ...]] = [_tuple((k, _id(v)) for k, v in _vars(builtins).items())]
    for name, module in _sorted(sys.modules.items(), key=lambda item: _str(item[0])):
        if name == "__main__":  # the page's own; the student's code runs in a namespace of its own
            continue
        namespace = _getattr(module, "__dict__", None)
        if namespace is None or not _isinstance(namespace, _dict):
            parts.append((name, _id(module)))
            continue
        globals_ = [(k, v) for k, v in namespace.items() if (name, k) not in _OWN_STATE]
        parts.append((name, _id(module), _tuple((k, _id(v)) for k, v in globals_)))
        deep = name == "hvlab" or name.startswith("hvlab.")
        for _, value in globals_:
            if _isinstance(value, _type) and _getattr(value, "__module__", None) == name:
                parts.append(_tuple((k, _id(v)) for k, v in _vars(value).items()))
            elif deep:
                _walk(value, _DEPTH, parts, seen)
    return _hash(_tuple(parts))


def _walk(value: Any, depth: int, parts: list[tuple[object, ...]], seen: dict[int, int]) -> None:
    if depth == 0 or seen.get(_id(value), 0) >= depth or _len(seen) > _MAX_OBJECTS:
        return
    if _isinstance(value, types.ModuleType):  # modules are covered by name, at the top level
        return
    seen[_id(value)] = depth
    items: list[Any]
    if _isinstance(value, (_dict, Mapping)):
        items = _list(value.items())
        parts.append(_tuple((_id(k), _id(v)) for k, v in items))
        children = [v for _, v in items]
    elif _isinstance(value, (_list, _set, _tuple, frozenset)):
        children = _list(value)
        parts.append(_tuple(_id(v) for v in children))
    elif _isinstance(_getattr(value, "__dict__", None), _dict) and not _isinstance(value, _type):
        items = _list(_vars(value).items())
        parts.append(_tuple((k, _id(v)) for k, v in items))
        children = [v for _, v in items]
    else:
        slots = [
            name
            for klass in _type(value).__mro__
            for name in _getattr(klass, "__slots__", ())
            if _isinstance(name, _str) and name not in ("__dict__", "__weakref__")
        ]
        if not slots:
            return
        children = [_getattr(value, name, None) for name in slots]
        parts.append(_tuple(_id(v) for v in children))
    for child in children:
        _walk(child, depth - 1, parts, seen)


def changed() -> bool:
    """Whether the interpreter differs from what it was before the first run (see above)."""
    global _baseline
    current = fingerprint()
    if _baseline is None:
        _baseline = current
    return current != _baseline


class _Emitter:
    """Hands each output to ``emit`` (a JSON list of one event) as soon as it happens.

    Not batched on purpose: a program that prints, then loops forever, must have its last lines on
    the page when it is stopped (nothing can run in the worker until the loop ends). The page
    groups them before drawing; :data:`~hvlab.labs.runner.MAX_OUTPUT_CHARS` bounds their number.
    """

    def __init__(self, emit: Callable[[str], Any] | None) -> None:
        self.emit = emit

    def __call__(self, event: dict[str, Any]) -> None:
        if self.emit is not None:
            self.emit(json.dumps([event], ensure_ascii=False, default=str))


def run(code: str, plan_json: str | None, emit: Callable[[str], Any] | None = None) -> str:
    """Run the student's ``code``; stream its outputs to ``emit``; the result as JSON.

    Args:
        code: the student's code.
        plan_json: for « Vérifier », :func:`plan`'s JSON (then the result is the student's data
            for :func:`judge`); ``None`` for « Exécuter » (then it is a ``RunResult`` dict).
        emit: receives batches of outputs (a JSON list) as the code runs.
    """
    global _side, _baseline
    if _baseline is None:
        _baseline = fingerprint()
    emitter = _Emitter(emit)
    if plan_json is None:
        result: dict[str, Any] = run_code(code, on_output=emitter).to_dict()
    else:
        _side = StudentSide()
        result = _side.run(code, json.loads(plan_json), on_output=emitter)
    return json.dumps(result, ensure_ascii=False, default=str)


def calls(needs_json: str) -> str:
    """Answer the checks' calls to the functions of the last run (JSON in, JSON out)."""
    needs = json.loads(needs_json)
    return json.dumps(_side.calls(needs if isinstance(needs, dict) else {}), ensure_ascii=False)


def plan(checks: str) -> str:
    """The calls a checks file declares (JSON), or ``{"error": …}`` (French) if it does not load."""
    try:
        return json.dumps(_judge.call_plan(checks), ensure_ascii=False)
    except Exception as exc:  # the author's bug, reported to the student as such
        message = (
            "Les vérifications de cette étape n'ont pas pu être chargées "
            f"({type(exc).__name__}: {exc}) : signalez-le à votre enseignant."
        )
        return json.dumps({"error": message}, ensure_ascii=False)


def judge(checks: str, student_json: str, answers_json: str, step_id: str) -> str:
    """One round of checks: ``{"report": …}`` or ``{"needs_json": "<JSON text>"}``.

    Args:
        checks: the step's checks.
        student_json: the student's data (:func:`run` with a plan), as its worker wrote it.
        answers_json: a JSON list of the texts :func:`calls` returned so far.
        step_id: the step's id.

    Everything crosses as JSON *text*, never re-encoded by JavaScript: ``2.0`` stays a float.
    """
    try:
        student = json.loads(student_json)
        for answer in json.loads(answers_json):
            student = _judge.merge_answers(student, json.loads(answer))
    except (ValueError, TypeError, AttributeError):
        student = {}
    verdict = _judge.judge_round(
        checks, student if isinstance(student, dict) else {}, step_id=step_id
    )
    if verdict.report is None:
        return json.dumps({"needs_json": json.dumps(verdict.needs, ensure_ascii=False)})
    return json.dumps({"report": verdict.report.to_dict()}, ensure_ascii=False)
