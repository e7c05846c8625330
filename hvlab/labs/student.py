"""The student's side of "Vérifier": run the code, then hand its values over as data.

Where the student's code runs (a sandboxed child process, the browser's Python worker, a Jupyter
kernel), :func:`run_student` runs it, makes the calls the checks declared
(:func:`hvlab.labs.checks.declare_calls`) to the student's functions, and returns everything as
JSON-ready data: the run's result, the variables (:func:`hvlab.labs.transfer.encode_namespace`)
and each call's result or error. The checks then judge that data elsewhere
(:mod:`hvlab.labs.judge`); nothing here can change how they judge.

This module is standard library only (it runs in Pyodide).
"""

from __future__ import annotations

__all__ = ["call_key", "export_values", "run_student"]

import contextlib
import io
import json
from collections.abc import Mapping
from typing import Any

from hvlab.labs.runner import (
    STUDENT_FILENAME,
    ErrorInfo,
    explain_exception,
    fresh_namespace,
    run_code,
)
from hvlab.labs.transfer import TransferError, TransferLimits, decode, encode, encode_namespace
from hvlab.show import capture_displays


def call_key(call_data: Any) -> str:
    """The text identifying an encoded call (its canonical JSON)."""
    return json.dumps(call_data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def run_student(
    code: str,
    plan: Mapping[str, Any] | None = None,
    *,
    limits: TransferLimits | None = None,
) -> dict[str, Any]:
    """Run ``code``, then export its values and the results of the planned calls.

    Args:
        code: the student's code.
        plan: :func:`hvlab.labs.judge.call_plan`'s data (``{"calls": {name: [call, ...]}}``).
        limits: bounds on the exported values.

    Returns:
        ``{"run": RunResult dict, "namespace": data, "calls": {name: [[key, outcome], ...]}}``;
        without ``namespace`` and ``calls`` when the code raised.
    """
    namespace = fresh_namespace()
    run = run_code(code, namespace=namespace)
    data: dict[str, Any] = {"run": run.to_dict()}
    if run.ok:
        data.update(export_values(namespace, plan, code=code, limits=limits))
    return data


def export_values(
    namespace: Mapping[str, Any],
    plan: Mapping[str, Any] | None,
    *,
    code: str = "",
    limits: TransferLimits | None = None,
) -> dict[str, Any]:
    """The variables of ``namespace`` and the planned calls' outcomes, as data.

    Args:
        namespace: the student's variables (a run's globals, or Jupyter's ``globals()``).
        plan: the calls to make (see :func:`run_student`).
        code: the student's code, to point at their lines when a call raises.
        limits: bounds on the exported values.

    Returns:
        ``{"namespace": data, "calls": {name: [[key, outcome], ...]}}`` where an outcome is
        ``{"value": data}`` or ``{"error": ErrorInfo dict}``.
    """
    planned = _planned_calls(plan)
    calls: dict[str, list[list[Any]]] = {}
    names: dict[int, str] = {}
    for name, call_list in planned.items():
        function = namespace.get(name)
        if not callable(function) or isinstance(function, type):
            continue
        names[id(function)] = name
        calls[name] = [
            [call_key(call_data), _outcome(function, call_data, code, limits)]
            for call_data in call_list
        ]

    def function_node(value: Any) -> dict[str, Any]:
        name = names.get(id(value))
        shown = getattr(value, "__qualname__", None) or type(value).__name__
        return {"$": "function", "name": name, "shown": str(shown)[:100]}

    exported = encode_namespace(dict(namespace), limits=limits, functions=function_node)
    return {"namespace": exported, "calls": calls}


def _planned_calls(plan: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    calls = (plan or {}).get("calls") or {}
    if not isinstance(calls, Mapping):
        return {}
    return {str(k): list(v) for k, v in calls.items() if isinstance(v, list)}


def _outcome(
    function: Any, call_data: Any, code: str, limits: TransferLimits | None
) -> dict[str, Any]:
    try:
        args, kwargs = decode(call_data)
        args, kwargs = tuple(args), dict(kwargs)
    except (TransferError, TypeError, ValueError):
        return {"error": _error("ValueError", "appel déclaré illisible")}
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
            capture_displays(),
        ):
            value = function(*args, **kwargs)
    except BaseException as exc:  # the student's error, reported as data
        return {"error": explain_exception(exc, STUDENT_FILENAME, code).to_dict()}
    try:
        return {"value": encode(value, limits=limits)}
    except TransferError as exc:
        return {"error": _error("TransferError", str(exc))}


def _error(kind: str, message: str) -> dict[str, Any]:
    text = f"Erreur : {kind}: {message}"
    return ErrorInfo(type=kind, message=message, line=0, text=text).to_dict()
