"""Check a student's code from the command line without running it in this process.

:class:`Sandbox` starts ``python -m hvlab.labs.sandbox`` (once, for as many checks as needed) and
hands it each request; the server forks a confined child for the student's code and another, apart
from it, for the checks (see :mod:`hvlab.labs.sandbox`). :func:`run_checks_isolated` is the
one-shot form. This process only ever reads JSON back: a :class:`~hvlab.labs.runner.CheckReport`
made by the checks' process.

The server gets a minimal environment (no variable of this process, so no secret of a server
using it), its own session, and is killed with everything it started when the sandbox closes.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MEMORY_MIB",
    "DEFAULT_TIMEOUT_S",
    "Sandbox",
    "SandboxError",
    "run_checks_isolated",
    "timeout_report",
]

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from hvlab.errors import HvlabError
from hvlab.fr import number
from hvlab.labs.runner import CheckReport, ErrorInfo, RunResult
from hvlab.labs.sandbox import DEFAULT_MEMORY_MIB, JUDGE_TIME_S, Confinement

#: Default time limit of a run, in seconds.
DEFAULT_TIMEOUT_S = 10.0

_STARTUP_S = 60.0
_KEPT_VARIABLES = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TZ")
_LABS_DIR_VARIABLE = "HVLAB_LABS_DIR"


class SandboxError(HvlabError):
    """The sandbox process could not be started or stopped answering (French message)."""


def timeout_report(step_id: str, timeout_s: float) -> CheckReport:
    """The report of a run stopped after ``timeout_s`` seconds."""
    text = (
        f"Temps dépassé : votre code tournait encore au bout de {number(timeout_s, 1)} s, il a "
        "été arrêté. Cherchez une boucle qui ne se termine pas (une condition de « while » "
        "toujours vraie ?)."
    )
    run = RunResult(ok=False, error=ErrorInfo(type="TimeoutError", message=text, line=0, text=text))
    return CheckReport(step_id=step_id, passed=False, message=text, run=run)


class Sandbox:
    """A sandbox server for many checks; use it as a context manager (it is stopped at exit).

    Example:
        >>> with Sandbox() as box:  # doctest: +SKIP
        ...     report = box.check("x = 42", "def check_x(ns):\\n    assert ns['x'] == 42",
        ...                        step_id="demo")
    """

    def __init__(
        self, *, memory_mib: int = DEFAULT_MEMORY_MIB, labs_dir: Path | None = None
    ) -> None:
        self.memory_mib = memory_mib
        self.labs_dir = labs_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._errors: IO[bytes] | None = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def check(
        self, code: str, checks_source: str, *, step_id: str, timeout_s: float = DEFAULT_TIMEOUT_S
    ) -> CheckReport:
        """Run ``code`` confined, then its checks apart; the report (French).

        Args:
            code: the student's code.
            checks_source: the step's checks.
            step_id: the step's id.
            timeout_s: time limit of the student's code, in seconds.

        Raises:
            SandboxError: the sandbox stopped answering.
        """
        request = {
            "op": "check",
            "code": code,
            "checks": checks_source,
            "step_id": step_id,
            "time_s": timeout_s,
            "memory_mib": self.memory_mib,
        }
        answer = self._ask(request, timeout_s + JUDGE_TIME_S + 10.0)
        return CheckReport.from_dict(answer)

    def plan(self, checks_source: str) -> dict[str, Any]:
        """The calls the checks declare, as data (see :func:`hvlab.labs.judge.call_plan`).

        Raises:
            SandboxError: the checks do not load, or the sandbox stopped answering.
        """
        answer = self._ask({"op": "plan", "checks": checks_source}, JUDGE_TIME_S)
        if "error" in answer:
            raise SandboxError(f"les vérifications ne se chargent pas ({answer['error']}).")
        return answer

    def judge_round(
        self, checks_source: str, student: dict[str, Any], *, step_id: str
    ) -> CheckReport | dict[str, Any]:
        """One round of checks over data made elsewhere (Jupyter), in the checks' own process.

        Returns:
            The report, or the calls (``{name: [call data, ...]}``) the student's side must
            answer before the next round (see :func:`hvlab.labs.judge.judge_round`).
        """
        request = {"op": "judge", "checks": checks_source, "student": student, "step_id": step_id}
        answer = self._ask(request, JUDGE_TIME_S + 10.0)
        needs = answer.get("needs")
        if isinstance(needs, dict):
            return needs
        return CheckReport.from_dict(answer)

    def confinement(self) -> Confinement:
        """What confines the student's code on this machine (probed in a child)."""
        return Confinement(**self._ask({"op": "isolation"}, 30.0))

    def close(self) -> None:
        """Stop the server and everything it started."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            _kill_group(process)
            with contextlib.suppress(OSError):
                if process.stdout is not None:
                    process.stdout.close()
        if self._errors is not None:
            self._errors.close()
            self._errors = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        self._folder = tempfile.TemporaryDirectory(prefix="hvlab-sandbox-")
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {name: os.environ[name] for name in _KEPT_VARIABLES if name in os.environ}
        labs_dir = self.labs_dir or _labs_dir()
        if labs_dir is not None:
            # Example scenarios of the labs (hvlab.sim.load_example) are read from there.
            env[_LABS_DIR_VARIABLE] = str(Path(labs_dir).resolve())
        env.update(
            PYTHONPATH=package_root,
            PYTHONIOENCODING="utf-8",
            PYTHONDONTWRITEBYTECODE="1",
            HOME=self._folder.name,
        )
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "hvlab.labs.sandbox"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                cwd=self._folder.name,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise SandboxError(f"le bac à sable n'a pas pu démarrer ({exc}).") from None
        return self._process

    def _ask(self, request: dict[str, Any], seconds: float) -> dict[str, Any]:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        line = json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n"
        answer: list[bytes] = []

        def exchange() -> None:
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(line)
                process.stdin.flush()
                answer.append(process.stdout.readline())
            except OSError:
                answer.append(b"")

        worker = threading.Thread(target=exchange, daemon=True)
        worker.start()
        worker.join(seconds + _STARTUP_S)
        if worker.is_alive() or not answer or not answer[0]:
            details = self._stderr_tail()
            self.close()
            raise SandboxError(
                "le bac à sable qui exécute le code s'est arrêté sans répondre"
                + (f" : {details}" if details else ".")
            )
        try:
            value = json.loads(answer[0])
        except ValueError:
            self.close()
            raise SandboxError("le bac à sable a répondu de façon illisible.") from None
        if not isinstance(value, dict):
            raise SandboxError("le bac à sable a répondu de façon illisible.")
        return value

    def _stderr_tail(self) -> str:
        if self._errors is None:
            return ""
        self._errors.seek(0, os.SEEK_END)
        size = self._errors.tell()
        self._errors.seek(max(0, size - 500))
        return self._errors.read().decode("utf-8", "replace").strip()


def _labs_dir() -> Path | None:
    """``$HVLAB_LABS_DIR``, else ``labs/`` of the working directory or of one of its parents."""
    variable = os.environ.get(_LABS_DIR_VARIABLE)
    if variable:
        return Path(variable)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "labs").is_dir():
            return folder / "labs"
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def run_checks_isolated(
    code: str,
    checks_source: str,
    *,
    step_id: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mib: int = DEFAULT_MEMORY_MIB,
    labs_dir: Path | None = None,
) -> CheckReport:
    """Run ``code`` confined and judge it apart, in a sandbox started for this one check.

    Args:
        code: the student's code.
        checks_source: the step's checks.
        step_id: the step's id.
        timeout_s: time limit in seconds.
        memory_mib: memory the code may allocate, in MiB.
        labs_dir: the labs' folder (for their example scenarios; found from the working
            directory by default).

    Returns:
        The report (a French "Temps dépassé" report when the limit is reached).

    Raises:
        SandboxError: the sandbox could not run.
    """
    with Sandbox(memory_mib=memory_mib, labs_dir=labs_dir) as box:
        return box.check(code, checks_source, step_id=step_id, timeout_s=timeout_s)
