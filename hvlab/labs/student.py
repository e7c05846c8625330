"""The student's side of "Vérifier": run the code, then hand its values over as data.

Where the student's code runs (a sandboxed child process, the browser's Python worker, a Jupyter
kernel), :class:`StudentSide` runs it and returns JSON-ready data: the run's result, the variables
(:func:`hvlab.labs.transfer.encode_namespace`) and the results of the calls the checks declared
(:func:`hvlab.labs.checks.declare_calls`). It then answers the calls the checks ask for while they
judge (their arguments may depend on the student's values), round after round, from the same
namespace. The checks judge that data elsewhere (:mod:`hvlab.labs.judge`); nothing here can change
how they judge.

This module is standard library only (it runs in Pyodide).
"""

from __future__ import annotations

__all__ = ["StudentSide", "call_key", "export_values", "run_student"]

import contextlib
import io
import json
from collections.abc import Callable, Mapping
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

_MAX_CALLS = 1000


def call_key(call_data: Any) -> str:
    """The text identifying an encoded call (its canonical JSON)."""
    return json.dumps(call_data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class StudentSide:
    """The student's code and what it left, kept to answer the checks' calls round after round.

    Example:
        >>> side = StudentSide()
        >>> data = side.run("def double(n):\\n    return 2 * n\\n")
        >>> side.calls({"double": [encode(((21,), {}))]})["calls"]["double"][0][1]
        {'value': 42}
    """

    def __init__(self, *, limits: TransferLimits | None = None) -> None:
        self.limits = limits
        self.namespace: dict[str, Any] = {}
        self.code = ""

    def run(
        self,
        code: str,
        plan: Mapping[str, Any] | None = None,
        *,
        on_output: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Run ``code``, then export its values and the results of the planned calls.

        Args:
            code: the student's code.
            plan: :func:`hvlab.labs.judge.call_plan`'s data (``{"calls": {name: [call, ...]}}``).
            on_output: receives each output as it happens (see :func:`run_code`).

        Returns:
            ``{"run": RunResult dict, "namespace": data, "calls": {name: [[key, outcome], ...]}}``;
            without ``namespace`` and ``calls`` when the code raised.
        """
        self.namespace = fresh_namespace()
        self.code = code
        run = run_code(code, namespace=self.namespace, on_output=on_output)
        data: dict[str, Any] = {"run": run.to_dict()}
        if run.ok:
            data.update(self.export(self.namespace, plan, code=code))
        return data

    def export(
        self, namespace: Mapping[str, Any], plan: Mapping[str, Any] | None, *, code: str = ""
    ) -> dict[str, Any]:
        """The variables of ``namespace`` and the planned calls' outcomes, as data.

        Args:
            namespace: the student's variables (a run's globals, or Jupyter's ``globals()``).
            plan: the calls to make (see :meth:`run`).
            code: the student's code, to point at their lines when a call raises.

        Returns:
            ``{"namespace": data, "calls": {name: [[key, outcome], ...]}}`` where an outcome is
            ``{"value": data}`` or ``{"error": ErrorInfo dict}``.
        """
        self.namespace = dict(namespace)
        self.code = code
        calls = self.calls(_planned_calls(plan))["calls"]
        names = {
            id(value): name
            for name, value in self.namespace.items()
            if isinstance(name, str) and callable(value) and not isinstance(value, type)
        }

        def function_node(value: Any) -> dict[str, Any]:
            shown = getattr(value, "__qualname__", None) or type(value).__name__
            return {"$": "function", "name": names.get(id(value)), "shown": str(shown)[:100]}

        exported = encode_namespace(self.namespace, limits=self.limits, functions=function_node)
        return {"namespace": exported, "calls": calls}

    def calls(self, requests: Mapping[str, Any]) -> dict[str, Any]:
        """Call the student's functions as the checks asked: ``{"calls": {name: [[key, out]]}}``.

        Args:
            requests: ``{name: [call data, ...]}`` (see :func:`hvlab.labs.judge.judge_round`).
        """
        answers: dict[str, list[list[Any]]] = {}
        for name, call_list in requests.items():
            if not isinstance(call_list, list):
                continue
            function = self.namespace.get(str(name))
            answers[str(name)] = [
                [call_key(call_data), self._outcome(str(name), function, call_data)]
                for call_data in call_list[:_MAX_CALLS]
            ]
        return {"calls": answers}

    def _outcome(self, name: str, function: Any, call_data: Any) -> dict[str, Any]:
        if not callable(function) or isinstance(function, type):
            return {"error": _error("TypeError", f"« {name} » n'est pas une fonction")}
        try:
            args, kwargs = decode(call_data)
            args, kwargs = tuple(args), dict(kwargs)
        except (TransferError, TypeError, ValueError):
            return {"error": _error("ValueError", "appel illisible")}
        try:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
                capture_displays(),
            ):
                value = function(*args, **kwargs)
        except BaseException as exc:  # the student's error, reported as data
            return {"error": explain_exception(exc, STUDENT_FILENAME, self.code).to_dict()}
        try:
            return {"value": encode(value, limits=self.limits)}
        except TransferError as exc:
            return {"error": _error("TransferError", str(exc))}


def run_student(
    code: str,
    plan: Mapping[str, Any] | None = None,
    *,
    limits: TransferLimits | None = None,
) -> dict[str, Any]:
    """:meth:`StudentSide.run` on a fresh side (when no later call will be asked)."""
    return StudentSide(limits=limits).run(code, plan)


def export_values(
    namespace: Mapping[str, Any],
    plan: Mapping[str, Any] | None,
    *,
    code: str = "",
    limits: TransferLimits | None = None,
) -> dict[str, Any]:
    """:meth:`StudentSide.export` on a fresh side."""
    return StudentSide(limits=limits).export(namespace, plan, code=code)


def _planned_calls(plan: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    calls = (plan or {}).get("calls") or {}
    if not isinstance(calls, Mapping):
        return {}
    return {str(k): list(v) for k, v in calls.items() if isinstance(v, list)}


def _error(kind: str, message: str) -> dict[str, Any]:
    text = f"Erreur : {kind}: {message}"
    return ErrorInfo(type=kind, message=message, line=0, text=text).to_dict()
