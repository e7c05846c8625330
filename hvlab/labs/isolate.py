"""Run a step's checks in a child Python process, with a time limit (used by the CLI).

The student's code may loop forever; the browser restarts its worker, the terminal kills a child
process: :func:`run_checks_isolated` starts ``python -m hvlab.labs.isolate``, sends it the code and
the checks as JSON on stdin, and reads back the :class:`~hvlab.labs.runner.CheckReport`. After
``timeout_s`` seconds the child is killed and the report says so in French.
"""

from __future__ import annotations

__all__ = ["DEFAULT_TIMEOUT_S", "run_checks_isolated", "timeout_report"]

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hvlab.labs.runner import CheckReport, ErrorInfo, RunResult, run_checks

#: Default time limit of a run, in seconds.
DEFAULT_TIMEOUT_S = 10.0

_MARKER = "\n<<hvlab-report>>\n"


def timeout_report(step_id: str, timeout_s: float) -> CheckReport:
    """The report of a run stopped after ``timeout_s`` seconds."""
    seconds = f"{timeout_s:g}".replace(".", ",")
    text = (
        f"Temps dépassé : votre code tournait encore au bout de {seconds} s, il a été arrêté. "
        "Cherchez une boucle qui ne se termine pas (une condition de « while » toujours vraie ?)."
    )
    run = RunResult(ok=False, error=ErrorInfo(type="TimeoutError", message=text, line=0, text=text))
    return CheckReport(step_id=step_id, passed=False, message=text, run=run)


def run_checks_isolated(
    code: str,
    checks_source: str,
    *,
    step_id: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> CheckReport:
    """Like :func:`~hvlab.labs.runner.run_checks`, in a child process stopped after ``timeout_s``.

    Args:
        code: the student's code.
        checks_source: the step's checks.
        step_id: the step's id.
        timeout_s: time limit in seconds.

    Returns:
        The report (a French "Temps dépassé" report when the limit is reached).
    """
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    request = json.dumps({"code": code, "checks": checks_source, "step_id": step_id})
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "hvlab.labs.isolate"],
            input=request,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return timeout_report(step_id, timeout_s)
    _, found, payload = completed.stdout.rpartition(_MARKER)
    if not found:
        text = (
            "Le processus qui exécutait votre code s'est arrêté brutalement (code "
            f"{completed.returncode}) : {completed.stderr.strip()[-500:] or 'aucun message'}."
        )
        run = RunResult(
            ok=False, error=ErrorInfo(type="ProcessError", message=text, line=0, text=text)
        )
        return CheckReport(step_id=step_id, passed=False, message=text, run=run)
    return CheckReport.from_dict(json.loads(payload))


def _main() -> None:
    request: dict[str, Any] = json.loads(sys.stdin.read())
    report = run_checks(request["code"], request["checks"], step_id=request["step_id"])
    sys.stdout.write(_MARKER + json.dumps(report.to_dict(), ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    _main()
