"""Is a lab sound? Every solution passes its checks; every starter runs and fails on a check.

A starter that crashes (a ``NameError``, a ``SyntaxError``, an import that does not exist) or never
ends is as wrong as a solution that fails: the student would start from code that cannot run.
:func:`solve_lab` runs each step's solution and starter in the sandbox
(:class:`hvlab.labs.isolate.Sandbox`), and :func:`lab_problems` turns what is wrong into
``file:line`` problems (what ``hvlab lab solve`` prints and ``hvlab check`` reports).
"""

from __future__ import annotations

__all__ = ["StepSolve", "lab_problems", "solve_lab"]

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hvlab.errors import ValidationProblem
from hvlab.labs.isolate import DEFAULT_TIMEOUT_S, Sandbox
from hvlab.labs.model import Lab, Step
from hvlab.labs.runner import CheckReport, ErrorInfo


@dataclass(frozen=True)
class StepSolve:
    """What a step's solution and starter gave.

    Attributes:
        step: the step.
        number: its 1-based number.
        solution: the report of the solution (it must pass).
        starter: the report of the starter (it must run, then fail on a check).
    """

    step: Step
    number: int
    solution: CheckReport
    starter: CheckReport

    @property
    def starter_crash(self) -> ErrorInfo | None:
        """The starter's own error (a crash, a time limit), ``None`` when it ran to its end."""
        return None if self.starter.run.ok else self.starter.run.error

    @property
    def ok(self) -> bool:
        """The solution passes and the starter runs, then fails a check."""
        return self.solution.passed and not self.starter.passed and self.starter_crash is None

    @property
    def starter_verdict(self) -> str:
        """« échoue (normal) », « RÉUSSIT (à corriger) » or « PLANTE (à corriger) »."""
        if self.starter_crash is not None:
            return "PLANTE (à corriger)"
        return "RÉUSSIT (à corriger)" if self.starter.passed else "échoue (normal)"

    def problems(self) -> list[ValidationProblem]:
        """What is wrong with the step, each with the file and line to look at (French)."""
        found = []
        where = f"étape {self.number} ({self.step.id})"
        if not self.solution.passed:
            error = self.solution.run.error
            detail = _error_line(error) if error is not None else _failed_checks(self.solution)
            found.append(
                _problem(self.step, "solution", f"{where} : la solution échoue : {detail}", error)
            )
        crash = self.starter_crash
        if crash is not None:
            found.append(
                _problem(
                    self.step,
                    "starter",
                    f"{where} : le code de départ plante : {_error_line(crash)}. Il doit "
                    "s'exécuter jusqu'au bout et échouer sur une vérification.",
                    crash,
                )
            )
        elif self.starter.passed:
            found.append(
                _problem(
                    self.step,
                    "starter",
                    f"{where} : le code de départ réussit les vérifications ; laissez à "
                    "l'élève quelque chose à faire (des « ... » à remplacer).",
                    None,
                )
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: step, ok, the solution's report, the starter's verdict and crash."""
        crash = self.starter_crash
        return {
            "step": self.step.id,
            "ok": self.ok,
            "solution": self.solution.to_dict(),
            "starter_passes": self.starter.passed,
            "starter_crash": crash.to_dict() if crash is not None else None,
            "problems": [p.message for p in self.problems()],
        }


def solve_lab(
    lab: Lab, *, timeout_s: float = DEFAULT_TIMEOUT_S, sandbox: Sandbox | None = None
) -> list[StepSolve]:
    """Run every step's solution and starter against the step's checks, in the sandbox.

    Args:
        lab: the lab.
        timeout_s: time limit of each run, in seconds.
        sandbox: a sandbox to reuse (one is started and stopped otherwise).

    Returns:
        One result per step, in order.
    """
    if sandbox is None:
        with Sandbox(labs_dir=lab.path.parent if lab.path else None) as box:
            return solve_lab(lab, timeout_s=timeout_s, sandbox=box)
    results = []
    for number, step in enumerate(lab.steps, start=1):
        solution = sandbox.check(step.solution, step.checks, step_id=step.id, timeout_s=timeout_s)
        starter = sandbox.check(step.starter, step.checks, step_id=step.id, timeout_s=timeout_s)
        results.append(StepSolve(step=step, number=number, solution=solution, starter=starter))
    return results


def lab_problems(
    lab: Lab, *, timeout_s: float = DEFAULT_TIMEOUT_S, sandbox: Sandbox | None = None
) -> list[ValidationProblem]:
    """Every problem of :func:`solve_lab`, as ``file:line`` problems (none for a sound lab)."""
    return [
        p
        for result in solve_lab(lab, timeout_s=timeout_s, sandbox=sandbox)
        for p in result.problems()
    ]


def _problem(step: Step, role: str, message: str, error: ErrorInfo | None) -> ValidationProblem:
    path: Path | None = step.files.get(role)
    line = error.line if error is not None else 0
    return ValidationProblem(message=message, file=str(path) if path else "", line=line)


def _error_line(error: ErrorInfo) -> str:
    """« NameError: name 'x' is not defined, ligne 4 » (the first line of the explanation)."""
    if error.type in ("TimeoutError", "ProcessError", "OutputLimit"):
        return error.text
    head = f"{error.type}: {error.message}" if error.message else error.type
    return f"{head}, ligne {error.line}" if error.line else head


def _failed_checks(report: CheckReport) -> str:
    failed = [r for r in report.results if not r.passed]
    if not failed:
        return report.message
    return " ; ".join(f"« {r.title} » : {r.message}" for r in failed)
