"""Run every step of a lab — its solution and its starter against the step's checks.

:mod:`hvlab.authoring.labs` runs this module as a child process (``python -m
hvlab.authoring._lab_worker FOLDER…``) that it stops when a lab takes too long (a solution that
loops forever must not block ``hvlab check``). The child runs the labs in order and prints one JSON
line per lab as soon as it is done: ``{"folder": …, "problems": [{"message", "file", "line"}]}``.

What makes a step sound is decided by :class:`hvlab.labs.solve.StepSolve`, the rule ``hvlab lab
solve`` applies: the solution passes, the starter runs to its end and fails a check. The runs
happen here in this one process (the author's own code: no sandbox per run, which costs about
1 s each on the project's machine), so the whole course checks in seconds.
"""

from __future__ import annotations

__all__ = ["lab_problems", "main"]

import json
import sys
from pathlib import Path
from typing import Any

from hvlab.errors import ValidationProblem
from hvlab.labs.judge import run_checks
from hvlab.labs.loader import load_lab
from hvlab.labs.model import Lab
from hvlab.labs.solve import StepSolve


def lab_problems(lab: Lab) -> list[ValidationProblem]:
    """Run the solution and the starter of every step of ``lab`` here; what is wrong."""
    problems = []
    for number, step in enumerate(lab.steps, start=1):
        solved = StepSolve(
            step=step,
            number=number,
            solution=run_checks(step.solution, step.checks, step_id=step.id),
            starter=run_checks(step.starter, step.checks, step_id=step.id),
        )
        problems += solved.problems()
    return problems


def main(folders: list[str]) -> int:
    """Print one JSON line of problems per lab folder, in order (the child's entry point)."""
    for folder in folders:
        payload: dict[str, Any] = {"folder": folder}
        try:
            payload["problems"] = [
                {"message": p.message, "file": p.file, "line": p.line}
                for p in lab_problems(load_lab(Path(folder)))
            ]
        except Exception as error:  # reported by the parent against the lab, never a traceback
            payload["error"] = f"{type(error).__name__} : {error}"
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0
