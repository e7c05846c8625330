"""Run every step of a lab — its solution and its starter against the step's checks.

:mod:`hvlab.authoring.labs` runs this module as a child process (``python -m
hvlab.authoring.lab_runs FOLDER…``) that it stops when a lab takes too long (a solution that loops
forever must not block ``hvlab check``). The child runs the labs in order and prints one JSON line
per lab as soon as it is done: ``{"folder": …, "steps": [verdict, …]}``.
"""

from __future__ import annotations

__all__ = ["StepVerdict", "lab_verdicts", "main"]

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hvlab.labs.judge import run_checks
from hvlab.labs.loader import load_lab
from hvlab.labs.model import Lab
from hvlab.labs.runner import CheckReport


@dataclass(frozen=True)
class StepVerdict:
    """How one step's solution and starter fare against its checks.

    Attributes:
        number: the step's number (1-based).
        step_id: the step's id.
        solution_file: the solution's file name in the lab folder.
        starter_file: the starter's file name.
        solution_passes: the solution runs and passes every check.
        solution_report: the solution's report as text (French), when it fails.
        solution_line: the line where the solution raised (0 when it did not raise).
        starter_error: the starter's exception, « NameError : name 'x' is not defined » ("" when it
            ran to its end).
        starter_line: the line where the starter raised (0 when unknown).
        starter_passes: the starter passes every check already.
    """

    number: int
    step_id: str
    solution_file: str
    starter_file: str
    solution_passes: bool
    solution_report: str
    solution_line: int
    starter_error: str
    starter_line: int
    starter_passes: bool


def _error(report: CheckReport) -> tuple[str, int]:
    error = report.run.error
    if error is None:
        return "", 0
    return f"{error.type} : {error.message}", error.line


def lab_verdicts(lab: Lab) -> list[StepVerdict]:
    """Run the solution and the starter of every step of ``lab`` (in this process)."""
    verdicts = []
    for number, step in enumerate(lab.steps, start=1):
        solution = run_checks(step.solution, step.checks, step_id=step.id)
        starter = run_checks(step.starter, step.checks, step_id=step.id)
        starter_error, starter_line = _error(starter)
        _, solution_line = _error(solution)
        verdicts.append(
            StepVerdict(
                number=number,
                step_id=step.id,
                solution_file=step.files["solution"].name if "solution" in step.files else "",
                starter_file=step.files["starter"].name if "starter" in step.files else "",
                solution_passes=solution.passed,
                solution_report="" if solution.passed else solution.to_text(),
                solution_line=solution_line,
                starter_error=starter_error,
                starter_line=starter_line,
                starter_passes=starter.passed,
            )
        )
    return verdicts


def main(folders: list[str]) -> int:
    """Print one JSON line of verdicts per lab folder, in order (the child's entry point)."""
    for folder in folders:
        payload: dict[str, Any] = {"folder": folder}
        try:
            payload["steps"] = [asdict(v) for v in lab_verdicts(load_lab(Path(folder)))]
        except Exception as error:  # reported by the parent against the lab, never a traceback
            payload["error"] = f"{type(error).__name__} : {error}"
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0
