"""The checker's side of "Vérifier": a step's checks judge the values a student's code left.

The checks run where the student's code never ran (a child process of the CLI that only ever
receives data, the browser's checker worker): they cannot have been replaced or patched by it.

* :func:`load_checks` executes a checks file (trusted: the lab author's) and returns its
  ``check_<name>(ns)`` functions, in file order, and the calls it declares
  (:func:`hvlab.labs.checks.declare_calls`);
* :func:`call_plan` gives those calls as data, for the student's side to make
  (:func:`hvlab.labs.student.run_student`);
* :func:`judge` rebuilds the student's values from that side's data
  (:func:`hvlab.labs.transfer.decode`: plain values and known ``hvlab.sim`` types only) and runs
  every check over them. A check fails by raising ``AssertionError`` (or
  :class:`~hvlab.labs.checks.CheckFailed`) with a French message;
* :func:`run_checks` does both sides in this process, through the same data (for trusted code:
  tests, documentation examples); :func:`check_namespace` judges values already at hand.

This module is standard library only (it runs in Pyodide).

Examples:
    >>> report = run_checks("x = 41", "def check_x(ns):\\n    assert ns['x'] == 42, 'x vaut 41'",
    ...                     step_id="demo")
    >>> report.passed, report.results[0].message
    (False, 'x vaut 41')
"""

from __future__ import annotations

__all__ = [
    "MAX_ROUNDS",
    "LoadedChecks",
    "StudentFunction",
    "StudentNamespace",
    "Verdict",
    "call_plan",
    "check_namespace",
    "collect_checks",
    "judge",
    "judge_round",
    "load_checks",
    "merge_answers",
    "rounds_exhausted",
    "run_checks",
    "run_from_data",
]

import contextlib
import io
import json
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hvlab.labs.checks import (
    Call,
    CheckFailed,
    DeclaredCalls,
    StudentCallError,
    missing_variable_message,
)
from hvlab.labs.runner import (
    CHECKS_FILENAME,
    CheckReport,
    CheckResult,
    ErrorInfo,
    RunResult,
    fresh_namespace,
    register_source,
)
from hvlab.labs.student import StudentSide, call_key
from hvlab.labs.transfer import TransferError, decode, encode
from hvlab.show import capture_displays

#: Rounds of calls to the student's functions a step's checks may ask for, at most.
MAX_ROUNDS = 20

_CACHE_SIZE = 8
_CACHE: dict[str, LoadedChecks] = {}


class StudentNamespace(dict[str, Any]):
    """The namespace handed to checks: reading a missing name fails with a French message."""

    def __missing__(self, key: str) -> Any:
        raise CheckFailed(missing_variable_message(key))


class _NeedsCall(BaseException):
    """A check called a student's function with arguments not answered yet (next round).

    A ``BaseException``: a check's own ``except Exception`` must not swallow it.
    """


class _Round:
    """The calls a round of checks asked for and that the student's side has not answered."""

    def __init__(self) -> None:
        self.needs: dict[str, dict[str, Any]] = {}

    def need(self, name: str, call_data: Any) -> None:
        self.needs.setdefault(name, {})[call_key(call_data)] = call_data


class StudentFunction:
    """A function of the student's, as checks see it: its calls answered from data.

    Calling it returns (a fresh copy of) what the student's function returned for these
    arguments, or raises :class:`~hvlab.labs.checks.StudentCallError` with the French explanation
    of its error. Arguments not answered yet are asked of the student's side, and the checks run
    again once it has answered (:func:`judge_round`).
    """

    def __init__(
        self, name: str, shown: str, outcomes: Mapping[str, Any], round_: _Round | None = None
    ) -> None:
        self._name = name
        self._shown = shown
        self._outcomes = outcomes
        self._round = round_

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        call_data = encode((args, kwargs))
        outcome = self._outcomes.get(call_key(call_data))
        if not isinstance(outcome, Mapping):
            if self._round is not None:
                self._round.need(self._name, call_data)
            raise _NeedsCall(self._name)
        if "error" in outcome:
            error = _error_info(outcome["error"])
            raise StudentCallError(
                f"Votre fonction « {self._shown} » a levé une erreur quand la vérification l'a "
                f"appelée :\n{error.text}"
            )
        return decode(outcome.get("value"))

    def __repr__(self) -> str:
        return f"<fonction {self._shown}>"


# Messages about the student's value say « une function » as Python would name it.
StudentFunction.__name__ = "function"


@dataclass(frozen=True)
class LoadedChecks:
    """A checks file, executed.

    Attributes:
        functions: its ``check_<name>`` functions, in file order.
        calls: the calls it declares, by student's function name.
    """

    functions: tuple[Callable[[dict[str, Any]], None], ...]
    calls: dict[str, tuple[Call, ...]]


def load_checks(checks_source: str) -> LoadedChecks:
    """Execute a checks file; its check functions in file order and its declared calls.

    A checks file is loaded once per source text and kept (a few at most): pressing "Vérifier"
    again does not recompute the reference values its module level computes. Check functions
    must therefore not keep state between calls.

    Raises:
        Exception: whatever the checks file raises while loading (an author's bug).
    """
    cached = _CACHE.get(checks_source)
    if cached is not None:
        return cached
    namespace = fresh_namespace()
    namespace["__name__"] = "hvlab_checks"
    register_source(CHECKS_FILENAME, checks_source)
    with contextlib.redirect_stdout(io.StringIO()), capture_displays():
        exec(compile(checks_source, CHECKS_FILENAME, "exec", dont_inherit=True), namespace)
    functions = sorted(
        (
            value
            for name, value in namespace.items()
            if name.startswith("check_") and isinstance(value, types.FunctionType)
        ),
        key=lambda f: f.__code__.co_firstlineno,
    )
    calls: dict[str, tuple[Call, ...]] = {}
    for value in namespace.values():
        if isinstance(value, DeclaredCalls):
            calls[value.function] = calls.get(value.function, ()) + value.calls
    loaded = LoadedChecks(functions=tuple(functions), calls=calls)
    if len(_CACHE) >= _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[checks_source] = loaded
    return loaded


def collect_checks(checks_source: str) -> list[Callable[[dict[str, Any]], None]]:
    """The ``check_*`` functions of a checks file, in file order (see :func:`load_checks`)."""
    return list(load_checks(checks_source).functions)


def call_plan(checks_source: str) -> dict[str, Any]:
    """The calls a checks file declares, as data: ``{"calls": {name: [call data, ...]}}``.

    Raises:
        Exception: the checks file does not load (see :func:`load_checks`).
    """
    loaded = load_checks(checks_source)
    return {
        "calls": {
            name: [encode((c.args, c.kwargs)) for c in calls]
            for name, calls in loaded.calls.items()
        }
    }


@dataclass(frozen=True)
class Verdict:
    """What a round of checks gave: the report, or the calls to make before judging again.

    Attributes:
        report: the report, when every check could run to its end.
        needs: ``{name: [call data, ...]}``: calls to the student's functions the checks made
            and the student's side has not answered yet (then ``report`` is ``None``).
    """

    report: CheckReport | None
    needs: dict[str, list[Any]]


def judge_round(checks_source: str, student: Mapping[str, Any], *, step_id: str) -> Verdict:
    """Run the checks over the data of :class:`~hvlab.labs.student.StudentSide`.

    Args:
        checks_source: the step's checks file.
        student: the student's side's data (untrusted: anything malformed is reported), with
            every call answered so far.
        step_id: the step's id, copied into the report.

    Returns:
        The report, or the calls the student's side must answer first (then call this again with
        :func:`merge_answers`).
    """
    data = student if isinstance(student, Mapping) else {}
    run = run_from_data(data.get("run"))
    if not run.ok:
        error = run.error
        where = f" (ligne {error.line})" if error is not None and error.line else ""
        message = (
            f"Votre code s'est arrêté sur une erreur{where} : les vérifications n'ont pas été "
            "lancées. Corrigez l'erreur, puis vérifiez à nouveau."
        )
        return Verdict(CheckReport(step_id=step_id, passed=False, message=message, run=run), {})
    calls = data.get("calls")
    outcomes = _outcomes(calls if isinstance(calls, Mapping) else {})
    round_ = _Round()

    def function(node: dict[str, Any]) -> StudentFunction:
        name = node.get("name")
        shown = str(node.get("shown") or name or "fonction")[:100]
        if not isinstance(name, str):  # not a variable of theirs: nothing can be asked of it
            return StudentFunction(shown, shown, {}, None)
        return StudentFunction(name, shown, outcomes.get(name, {}), round_)

    try:
        namespace = decode(data.get("namespace"), functions=function)
        if not isinstance(namespace, dict):
            raise TransferError("donnée mal formée : pas de variables.")
    except TransferError as exc:
        message = (
            f"Les valeurs produites par votre code n'ont pas pu être lues ({exc}) : "
            "les vérifications n'ont pas été lancées."
        )
        return Verdict(CheckReport(step_id=step_id, passed=False, message=message, run=run), {})
    report = check_namespace(namespace, checks_source, step_id=step_id, run=run)
    if round_.needs:
        return Verdict(None, {name: list(c.values()) for name, c in round_.needs.items()})
    return Verdict(report, {})


def judge(checks_source: str, student: Mapping[str, Any], *, step_id: str) -> CheckReport:
    """One round of :func:`judge_round`, for data no student's side will complete."""
    verdict = judge_round(checks_source, student, step_id=step_id)
    if verdict.report is not None:
        return verdict.report
    message = (
        "Les vérifications n'ont pas pu appeler vos fonctions (le code qui les a définies ne "
        "répond plus) : vérifiez à nouveau."
    )
    run = run_from_data(student.get("run") if isinstance(student, Mapping) else None)
    return CheckReport(step_id=step_id, passed=False, message=message, run=run)


def merge_answers(student: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The student's data with the calls of ``answers`` (:meth:`StudentSide.calls`) added."""
    merged = dict(student)
    calls = {k: list(v) for k, v in (student.get("calls") or {}).items() if isinstance(v, list)}
    new = answers.get("calls") if isinstance(answers, Mapping) else None
    for name, pairs in (new or {}).items():
        if isinstance(pairs, list):
            calls.setdefault(str(name), []).extend(pairs)
    merged["calls"] = calls
    return merged


def rounds_exhausted(step_id: str, run: Any = None) -> CheckReport:
    """The report when the checks keep asking for new calls (beyond :data:`MAX_ROUNDS`)."""
    message = (
        "Les vérifications ont demandé trop d'appels à vos fonctions "
        f"({MAX_ROUNDS} allers-retours) : signalez-le à votre enseignant."
    )
    return CheckReport(step_id=step_id, passed=False, message=message, run=run_from_data(run))


def run_checks(code: str, checks_source: str, *, step_id: str) -> CheckReport:
    """Run ``code`` then judge it, in this process but through the same data as everywhere.

    For trusted code only (tests, examples): the student's code runs in this process. Student
    code goes through :func:`hvlab.labs.isolate.run_checks_isolated` (the CLI) or the browser's
    two workers.

    Args:
        code: the code.
        checks_source: the step's checks file (functions ``check_<name>(ns)``).
        step_id: the step's id, copied into the report.

    Returns:
        The report.
    """
    try:
        plan = call_plan(checks_source)
    except Exception as exc:
        return _unloadable(exc, step_id, RunResult(ok=True))
    side = StudentSide()
    data = _through_json(side.run(code, plan))
    for _ in range(MAX_ROUNDS):
        verdict = judge_round(checks_source, data, step_id=step_id)
        if verdict.report is not None:
            return verdict.report
        data = merge_answers(data, _through_json(side.calls(verdict.needs)))
    return rounds_exhausted(step_id, data.get("run"))


def _through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def check_namespace(
    namespace: dict[str, Any],
    checks_source: str,
    *,
    step_id: str,
    run: RunResult | None = None,
) -> CheckReport:
    """Run every check of ``checks_source`` over variables already at hand.

    Args:
        namespace: the variables (not modified).
        checks_source: the step's checks file.
        step_id: the step's id, copied into the report.
        run: the result of the run that produced ``namespace``, kept in the report.

    Returns:
        The report.
    """
    run = run if run is not None else RunResult(ok=True)
    try:
        checks = load_checks(checks_source).functions
    except Exception as exc:
        return _unloadable(exc, step_id, run)
    student = StudentNamespace(namespace)
    results = tuple(_run_one(check, student) for check in checks)
    passed = bool(results) and all(r.passed for r in results)
    return CheckReport(
        step_id=step_id,
        passed=passed,
        message=_summary(results),
        results=results,
        run=run,
    )


def run_from_data(data: Any) -> RunResult:
    """A :class:`RunResult` from untrusted data: wrong types become empty values."""
    if not isinstance(data, Mapping):
        text = "Le résultat de l'exécution est illisible."
        return RunResult(ok=False, error=ErrorInfo("ProcessError", text, 0, text))
    error = data.get("error")
    outputs = data.get("outputs")
    displays = data.get("displays")
    outputs = outputs if isinstance(outputs, list) else []
    displays = displays if isinstance(displays, list) else []
    return RunResult(
        ok=data.get("ok") is True and not error,
        stdout=_str(data.get("stdout")),
        stderr=_str(data.get("stderr")),
        error=_error_info(error) if error else None,
        displays=tuple(d for d in displays if isinstance(d, dict)),
        outputs=tuple(o for o in outputs if isinstance(o, dict))
        if isinstance(outputs, list)
        else (),
    )


def _error_info(data: Any) -> ErrorInfo:
    if not isinstance(data, Mapping):
        return ErrorInfo("Error", "", 0, "Erreur")
    line = data.get("line")
    return ErrorInfo(
        type=_str(data.get("type"))[:100],
        message=_str(data.get("message")),
        line=line if isinstance(line, int) and not isinstance(line, bool) else 0,
        text=_str(data.get("text")),
    )


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _outcomes(calls: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for name, pairs in calls.items():
        if not isinstance(pairs, list):
            continue
        found[str(name)] = {
            pair[0]: pair[1]
            for pair in pairs
            if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
        }
    return found


def _unloadable(exc: Exception, step_id: str, run: RunResult) -> CheckReport:
    message = (
        "Les vérifications de cette étape n'ont pas pu être chargées "
        f"({type(exc).__name__}: {exc}) : signalez-le à votre enseignant."
    )
    return CheckReport(step_id=step_id, passed=False, message=message, run=run)


def _run_one(check: Callable[[dict[str, Any]], None], namespace: StudentNamespace) -> CheckResult:
    name = check.__name__
    title = _title_of(check)
    try:
        with contextlib.redirect_stdout(io.StringIO()), capture_displays():
            check(namespace)
    except AssertionError as exc:
        message = str(exc).strip() or f"La vérification « {title} » n'est pas satisfaite."
        return CheckResult(name=name, title=title, passed=False, message=message)
    except StudentCallError as exc:
        return CheckResult(name=name, title=title, passed=False, message=str(exc))
    except _NeedsCall:
        message = "Cette vérification attend le résultat d'un appel à votre fonction."
        return CheckResult(name=name, title=title, passed=False, message=message)
    except Exception as exc:
        message = (
            f"La vérification a rencontré une erreur inattendue ({type(exc).__name__}: {exc}) : "
            "vérifiez que vos variables ont le type attendu (remplacez les « ... » par votre code)."
        )
        return CheckResult(name=name, title=title, passed=False, message=message)
    return CheckResult(name=name, title=title, passed=True)


def _title_of(check: Callable[..., Any]) -> str:
    doc = (check.__doc__ or "").strip()
    if doc:
        return doc.splitlines()[0].strip()
    words = check.__name__.removeprefix("check_").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else check.__name__


def _summary(results: tuple[CheckResult, ...]) -> str:
    total = len(results)
    good = sum(1 for r in results if r.passed)
    if total == 0:
        return "Cette étape n'a aucune vérification : signalez-le à votre enseignant."
    if good == total:
        return (
            "Bravo : la vérification est réussie."
            if total == 1
            else f"Bravo : les {total} vérifications sont réussies."
        )
    failed = total - good
    plural = "s" if failed > 1 else ""
    return f"{failed} vérification{plural} sur {total} non réussie{plural} : lisez les messages."
