"""Run a student's code and a step's checks; report in French, as JSON-ready objects.

This module is the heart of a lab, in the browser (Pyodide, in a Web Worker) and locally (CLI,
Jupyter, tests). It is standard library only and deterministic. It does not limit time: the browser
restarts its worker, the CLI runs it in a subprocess (:mod:`hvlab.labs.isolate`).

* :func:`run_code` executes code, captures stdout / stderr and the :func:`hvlab.show` payloads, and
  turns an exception into a French message with a traceback trimmed to the student's own lines.
* :func:`run_checks` runs the code, then every ``check_<name>(ns)`` function of a checks file, in
  file order, over the namespace the code left. A check fails by raising ``AssertionError`` (or
  :class:`~hvlab.labs.checks.CheckFailed`) with a French message.

Examples:
    >>> result = run_code("x = 6 * 7\\nprint(x)")
    >>> result.ok, result.stdout
    (True, '42\\n')
    >>> report = run_checks("x = 41", "def check_x(ns):\\n    assert ns['x'] == 42, 'x vaut 41'",
    ...                     step_id="demo")
    >>> report.passed, report.results[0].message
    (False, 'x vaut 41')
"""

from __future__ import annotations

__all__ = [
    "CHECKS_FILENAME",
    "MAX_OUTPUT_CHARS",
    "STUDENT_FILENAME",
    "CheckReport",
    "CheckResult",
    "ErrorInfo",
    "RunResult",
    "StudentNamespace",
    "check_namespace",
    "collect_checks",
    "run_checks",
    "run_code",
]

import builtins
import contextlib
import io
import linecache
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hvlab.labs.checks import CheckFailed, missing_variable_message
from hvlab.show import capture_displays, set_display_hook

#: File name given to the student's code (tracebacks keep only the frames of this file).
STUDENT_FILENAME = "<tp>"
#: File name given to a checks file.
CHECKS_FILENAME = "<vérifications>"
#: Most characters of stdout (and of stderr) kept from one run.
MAX_OUTPUT_CHARS = 100_000

_HINTS = {
    "NameError": "vérifiez l'orthographe du nom et qu'il est défini (ou importé) avant la ligne "
    "qui l'utilise.",
    "AttributeError": "cet objet n'a pas cet attribut ou cette méthode : vérifiez le nom (la "
    "documentation de l'objet liste ce qu'il propose).",
    "TypeError": "une valeur n'a pas le type attendu, ou une fonction reçoit de mauvais "
    "arguments : relisez la ligne et la signature de la fonction.",
    "IndexError": "l'indice dépasse la taille de la liste (les indices commencent à 0).",
    "KeyError": "cette clé n'existe pas dans le dictionnaire : affichez ses clés avec "
    "print(d.keys()).",
    "ZeroDivisionError": "une division par zéro : vérifiez que le dénominateur n'est pas nul.",
    "ValueError": "la valeur passée n'est pas acceptée : relisez le message ci-dessus.",
    "ImportError": "le module ou le nom importé n'existe pas : vérifiez l'orthographe.",
    "ModuleNotFoundError": "ce module n'est pas disponible : vérifiez son nom (hvlab.sim, math…).",
    "RecursionError": "une fonction s'appelle elle-même sans fin : vérifiez la condition d'arrêt.",
    "SyntaxError": "vérifiez les parenthèses, les deux-points en fin de ligne et les guillemets.",
    "IndentationError": "l'indentation (les espaces en début de ligne) est incohérente : "
    "utilisez 4 espaces par niveau.",
}


_CHECKS_CACHE_SIZE = 8
_CHECKS_CACHE: dict[str, tuple[Callable[[dict[str, Any]], None], ...]] = {}


@dataclass(frozen=True)
class ErrorInfo:
    """An exception raised by the student's code, explained in French.

    Attributes:
        type: the exception's class name (``"NameError"``).
        message: the exception's own message.
        line: the line of the student's code where it happened (0 if unknown).
        text: the full French explanation: header « Erreur ligne 4 : NameError: … », the student's
            frames only, and a hint.
    """

    type: str
    message: str
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """``{"type", "message", "line", "text"}``."""
        return {"type": self.type, "message": self.message, "line": self.line, "text": self.text}


@dataclass(frozen=True)
class RunResult:
    """What running a piece of code produced.

    Attributes:
        ok: ``True`` when the code ran to its end without an exception.
        stdout: everything printed.
        stderr: everything written to ``sys.stderr`` (not the error explanation).
        error: the exception explained, or ``None``.
        displays: the :func:`hvlab.show` payloads, in order.
        outputs: everything the code produced, in the order it happened: ``{"type": "stdout",
            "text": …}``, ``{"type": "stderr", "text": …}`` (consecutive writes merged) and
            ``{"type": "display", "display": payload}``.
    """

    ok: bool
    stdout: str = ""
    stderr: str = ""
    error: ErrorInfo | None = None
    displays: tuple[dict[str, Any], ...] = ()
    outputs: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"ok", "stdout", "stderr", "error" (dict or None), "displays", "outputs"}``."""
        return {
            "ok": self.ok,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "error": self.error.to_dict() if self.error else None,
            "displays": list(self.displays),
            "outputs": list(self.outputs),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        """Rebuild a result from :meth:`to_dict`'s output."""
        error = data.get("error")
        return cls(
            ok=bool(data["ok"]),
            stdout=str(data.get("stdout", "")),
            stderr=str(data.get("stderr", "")),
            error=ErrorInfo(**error) if error else None,
            displays=tuple(data.get("displays", ())),
            outputs=tuple(data.get("outputs", ())),
        )


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check function.

    Attributes:
        name: the function's name (``"check_hotes"``).
        title: its French title (first line of its docstring, else derived from the name).
        passed: ``True`` when it raised nothing.
        message: why it failed (French), or ``""``.
    """

    name: str
    title: str
    passed: bool
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "title", "passed", "message"}``."""
        return {
            "name": self.name,
            "title": self.title,
            "passed": self.passed,
            "message": self.message,
        }


@dataclass(frozen=True)
class CheckReport:
    """The outcome of "Vérifier" on one step.

    Attributes:
        step_id: the step checked.
        passed: ``True`` when the code ran and every check passed.
        message: a one-line French summary.
        results: one result per check, in file order (empty when the code itself failed).
        run: the result of running the student's code.
    """

    step_id: str
    passed: bool
    message: str
    results: tuple[CheckResult, ...] = ()
    run: RunResult = field(default_factory=lambda: RunResult(ok=True))

    @property
    def passed_count(self) -> int:
        """Number of checks that passed."""
        return sum(1 for r in self.results if r.passed)

    def to_dict(self) -> dict[str, Any]:
        """``{"step_id", "passed", "message", "passed_count", "total", "results", "run"}``."""
        return {
            "step_id": self.step_id,
            "passed": self.passed,
            "message": self.message,
            "passed_count": self.passed_count,
            "total": len(self.results),
            "results": [r.to_dict() for r in self.results],
            "run": self.run.to_dict(),
        }

    def to_text(self) -> str:
        """French feedback for a terminal or a notebook: the summary, then one line per check."""
        lines = [self.message]
        if self.run.error is not None and self.run.error.text != self.message:
            lines.append(self.run.error.text)
        for result in self.results:
            mark = "✓" if result.passed else "✗"
            lines.append(f"  {mark} {result.title}")
            if result.message:
                lines.extend(f"      {part}" for part in result.message.splitlines())
        return "\n".join(lines)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckReport:
        """Rebuild a report from :meth:`to_dict`'s output."""
        return cls(
            step_id=str(data["step_id"]),
            passed=bool(data["passed"]),
            message=str(data["message"]),
            results=tuple(
                CheckResult(
                    name=str(r["name"]),
                    title=str(r["title"]),
                    passed=bool(r["passed"]),
                    message=str(r.get("message", "")),
                )
                for r in data.get("results", ())
            ),
            run=RunResult.from_dict(data["run"]),
        )


class StudentNamespace(dict[str, Any]):
    """The namespace handed to checks: reading a missing name fails with a French message."""

    def __missing__(self, key: str) -> Any:
        raise CheckFailed(missing_variable_message(key))


def _fresh_namespace() -> dict[str, Any]:
    return {"__name__": "__main__", "__builtins__": builtins}


def run_code(
    code: str,
    *,
    namespace: dict[str, Any] | None = None,
    filename: str = STUDENT_FILENAME,
) -> RunResult:
    """Execute ``code`` and report what it printed, displayed and raised.

    Args:
        code: Python source.
        namespace: the globals to run in (modified in place); a fresh ``__main__`` one by default.
        filename: the name tracebacks give the code; only its frames are kept in the explanation.

    Returns:
        The run's result; never raises for errors of the code itself (``SystemExit`` included).
    """
    globals_ = namespace if namespace is not None else _fresh_namespace()
    globals_.setdefault("__builtins__", builtins)
    outputs: list[dict[str, Any]] = []
    displays: list[dict[str, Any]] = []
    out, err = _Stream("stdout", outputs), _Stream("stderr", outputs)
    error: ErrorInfo | None = None
    _register_source(filename, code)

    def on_display(payload: dict[str, Any]) -> None:
        displays.append(payload)
        outputs.append({"type": "display", "display": payload})

    previous_hook = set_display_hook(on_display)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                compiled = compile(code, filename, "exec", dont_inherit=True)
            except SyntaxError as exc:
                error = _explain_syntax_error(exc)
            else:
                try:
                    exec(compiled, globals_)
                except SystemExit:
                    pass
                except Exception as exc:
                    error = _explain_exception(exc, filename, code)
    finally:
        set_display_hook(previous_hook)
    return RunResult(
        ok=error is None,
        stdout=out.getvalue(),
        stderr=err.getvalue(),
        error=error,
        displays=tuple(displays),
        outputs=tuple(outputs),
    )


class _Stream(io.StringIO):
    """A captured stdout or stderr that also records its writes, in order, into ``outputs``.

    Beyond :data:`MAX_OUTPUT_CHARS` characters, writes are dropped and a French note says so
    (a print in a long loop must not flood the page).
    """

    def __init__(self, name: str, outputs: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = name
        self._outputs = outputs
        self._room = MAX_OUTPUT_CHARS
        self._truncated = False

    def write(self, text: str) -> int:
        size = len(text)
        if self._truncated:
            return size
        if size > self._room:
            note = f"\n… sortie tronquée : plus de {MAX_OUTPUT_CHARS} caractères affichés.\n"
            text = text[: self._room] + note
            self._truncated = True
        self._room -= size
        if text:
            last = self._outputs[-1] if self._outputs else None
            if last is not None and last["type"] == self._name:
                last["text"] += text
            else:
                self._outputs.append({"type": self._name, "text": text})
        super().write(text)
        return size


def collect_checks(checks_source: str) -> list[Callable[[dict[str, Any]], None]]:
    """Execute a checks file and return its ``check_*`` functions in file order.

    Args:
        checks_source: the checks file's source.

    A checks file is loaded once per source text and kept (a few at most): pressing "Vérifier"
    again does not recompute the reference values its module level computes. Check functions
    must therefore not keep state between calls.

    Returns:
        The check functions, sorted by the line they are defined on.

    Raises:
        Exception: whatever the checks file raises while loading (an author's bug).
    """
    cached = _CHECKS_CACHE.get(checks_source)
    if cached is not None:
        return list(cached)
    namespace = _fresh_namespace()
    namespace["__name__"] = "hvlab_checks"
    _register_source(CHECKS_FILENAME, checks_source)
    exec(compile(checks_source, CHECKS_FILENAME, "exec", dont_inherit=True), namespace)
    checks: list[Callable[[dict[str, Any]], None]] = [
        value
        for name, value in namespace.items()
        if name.startswith("check_") and isinstance(value, types.FunctionType)
    ]
    checks.sort(key=lambda f: f.__code__.co_firstlineno)
    if len(_CHECKS_CACHE) >= _CHECKS_CACHE_SIZE:
        del _CHECKS_CACHE[next(iter(_CHECKS_CACHE))]
    _CHECKS_CACHE[checks_source] = tuple(checks)
    return checks


def run_checks(code: str, checks_source: str, *, step_id: str) -> CheckReport:
    """Run the student's ``code``, then every check of ``checks_source`` over its namespace.

    Args:
        code: the student's code.
        checks_source: the step's checks file (functions ``check_<name>(ns)``).
        step_id: the step's id, copied into the report.

    Returns:
        The report. When the code raises, no check runs and the report says so in French.
    """
    namespace = _fresh_namespace()
    run = run_code(code, namespace=namespace)
    if not run.ok:
        assert run.error is not None
        where = f" (ligne {run.error.line})" if run.error.line else ""
        message = (
            f"Votre code s'est arrêté sur une erreur{where} : les vérifications n'ont pas été "
            "lancées. Corrigez l'erreur, puis vérifiez à nouveau."
        )
        return CheckReport(step_id=step_id, passed=False, message=message, run=run)
    return check_namespace(namespace, checks_source, step_id=step_id, run=run)


def check_namespace(
    namespace: dict[str, Any],
    checks_source: str,
    *,
    step_id: str,
    run: RunResult | None = None,
) -> CheckReport:
    """Run every check of ``checks_source`` over an existing namespace (Jupyter's ``globals()``).

    Args:
        namespace: the variables the student's code defined (not modified).
        checks_source: the step's checks file.
        step_id: the step's id, copied into the report.
        run: the result of the run that produced ``namespace``, kept in the report.

    Returns:
        The report.
    """
    run = run if run is not None else RunResult(ok=True)
    try:
        with contextlib.redirect_stdout(io.StringIO()), capture_displays():
            checks = collect_checks(checks_source)
    except Exception as exc:
        message = (
            "Les vérifications de cette étape n'ont pas pu être chargées "
            f"({type(exc).__name__}: {exc}) : signalez-le à votre enseignant."
        )
        return CheckReport(step_id=step_id, passed=False, message=message, run=run)
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


def _run_one(check: Callable[[dict[str, Any]], None], namespace: StudentNamespace) -> CheckResult:
    name = check.__name__
    title = _title_of(check)
    try:
        with contextlib.redirect_stdout(io.StringIO()), capture_displays():
            check(namespace)
    except AssertionError as exc:
        message = str(exc).strip() or f"La vérification « {title} » n'est pas satisfaite."
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


def _register_source(filename: str, code: str) -> None:
    """Let ``linecache`` (hence tracebacks) show the lines of code that has no file."""
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)


def _explain_syntax_error(exc: SyntaxError) -> ErrorInfo:
    kind = type(exc).__name__
    line = exc.lineno or 0
    message = exc.msg or str(exc)
    label = "Erreur d'indentation" if isinstance(exc, IndentationError) else "Erreur de syntaxe"
    parts = [f"{label} ligne {line} : {kind}: {message}" if line else f"{label} : {message}"]
    if exc.text:
        source = exc.text.rstrip("\n")
        stripped = source.lstrip()
        parts.append(f"    {stripped}")
        if exc.offset:
            caret = max(exc.offset - 1 - (len(source) - len(stripped)), 0)
            parts.append("    " + " " * caret + "^")
    hint = _HINTS.get(kind)
    if hint:
        parts.append(f"Piste : {hint}")
    return ErrorInfo(type=kind, message=message, line=line, text="\n".join(parts))


def _explain_exception(exc: BaseException, filename: str, code: str) -> ErrorInfo:
    kind = type(exc).__name__
    message = str(exc)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lines = code.splitlines()
    line = (frames[-1].lineno or 0) if frames else 0
    header = f"{kind}: {message}" if message else kind
    parts = [f"Erreur ligne {line} : {header}" if line else f"Erreur : {header}"]
    if frames:
        parts.append("Trace (vos lignes seulement) :")
        for frame in frames:
            number = frame.lineno or 0
            source = lines[number - 1].strip() if 0 < number <= len(lines) else ""
            where = "" if frame.name == "<module>" else f", dans « {frame.name} »"
            parts.append(f"  ligne {number}{where} :")
            if source:
                parts.append(f"    {source}")
    hint = _HINTS.get(kind)
    if hint:
        parts.append(f"Piste : {hint}")
    return ErrorInfo(type=kind, message=message, line=line, text="\n".join(parts))
