"""Run a student's code; the results of a run and of a step's checks, as JSON-ready objects.

This module is the student's side of a lab, in the browser (Pyodide, in a Web Worker) and locally
(a sandboxed child process of the CLI, Jupyter, tests). It is standard library only and
deterministic. It does not limit time: the browser restarts its worker, the CLI kills its child
(:mod:`hvlab.labs.sandbox`).

:func:`run_code` executes code, captures stdout / stderr and the :func:`hvlab.show` payloads in the
order they happen, and turns an exception into a French message with a traceback trimmed to the
student's own lines. The checks run elsewhere (:mod:`hvlab.labs.judge`), over the values the code
left, as data.

Examples:
    >>> result = run_code("x = 6 * 7\\nprint(x)")
    >>> result.ok, result.stdout
    (True, '42\\n')
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
    "explain_exception",
    "fresh_namespace",
    "register_source",
    "run_code",
]

import builtins
import contextlib
import io
import linecache
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hvlab.fr import count
from hvlab.show import set_display_hook

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
    "MemoryError": "votre programme demande plus de mémoire qu'il n'en dispose (une liste, une "
    "chaîne ou un bytearray énorme ?) : vérifiez l'ordre de grandeur des tailles calculées, ou "
    "travaillez par morceaux.",
    "OverflowError": "un nombre est trop grand pour cette opération (une taille de plusieurs "
    "gigaoctets, un flottant au-delà de 10³⁰⁸…) : vérifiez l'ordre de grandeur du calcul.",
    "KeyboardInterrupt": "votre code a levé KeyboardInterrupt, l'exception qui interrompt un "
    "programme : retirez ce « raise ».",
}


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


def fresh_namespace() -> dict[str, Any]:
    """The globals a student's program starts with (``__name__ == "__main__"``)."""
    return {"__name__": "__main__", "__builtins__": builtins}


def run_code(
    code: str,
    *,
    namespace: dict[str, Any] | None = None,
    filename: str = STUDENT_FILENAME,
    on_output: Callable[[dict[str, Any]], None] | None = None,
) -> RunResult:
    """Execute ``code`` and report what it printed, displayed and raised.

    Args:
        code: Python source.
        namespace: the globals to run in (modified in place); a fresh ``__main__`` one by default.
        filename: the name tracebacks give the code; only its frames are kept in the explanation.
        on_output: called with each output as it happens (``{"type": "stdout" | "stderr",
            "text"}`` or ``{"type": "display", "display": payload}``), so that a page shows it
            at once and keeps it if the run is then stopped.

    Returns:
        The run's result; never raises for errors of the code itself (``SystemExit`` and
        ``KeyboardInterrupt`` included).
    """
    globals_ = namespace if namespace is not None else fresh_namespace()
    globals_.setdefault("__builtins__", builtins)
    outputs: list[dict[str, Any]] = []
    displays: list[dict[str, Any]] = []
    out, err = _Stream("stdout", outputs, on_output), _Stream("stderr", outputs, on_output)
    error: ErrorInfo | None = None
    register_source(filename, code)

    def on_display(payload: dict[str, Any]) -> None:
        displays.append(payload)
        event = {"type": "display", "display": payload}
        outputs.append(event)
        if on_output is not None:
            on_output(event)

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
                except BaseException as exc:  # KeyboardInterrupt too: explained, never raised
                    error = explain_exception(exc, filename, code)
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

    def __init__(
        self,
        name: str,
        outputs: list[dict[str, Any]],
        on_output: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__()
        self._name = name
        self._outputs = outputs
        self._on_output = on_output
        self._room = MAX_OUTPUT_CHARS
        self._truncated = False

    def write(self, text: str) -> int:
        size = len(text)
        if self._truncated:
            return size
        if size > self._room:
            note = (
                f"\n… sortie tronquée : plus de {count(MAX_OUTPUT_CHARS, 'caractère')} affichés.\n"
            )
            text = text[: self._room] + note
            self._truncated = True
        self._room -= size
        if text:
            last = self._outputs[-1] if self._outputs else None
            if last is not None and last["type"] == self._name:
                last["text"] += text
            else:
                self._outputs.append({"type": self._name, "text": text})
            if self._on_output is not None:
                self._on_output({"type": self._name, "text": text})
        super().write(text)
        return size


def register_source(filename: str, code: str) -> None:
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


def explain_exception(exc: BaseException, filename: str, code: str) -> ErrorInfo:
    """``exc``, raised by ``code`` (named ``filename``), explained in French with its own lines."""
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
