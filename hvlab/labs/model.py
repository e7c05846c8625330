"""The lab model: a lab (metadata and steps) as frozen dataclasses, code and text already read.

A lab lives in a folder ``labs/<id>/``: ``lab.yaml`` gives its metadata and lists its steps; each
step points to real files (instructions in Markdown, starter / solution / checks in Python). The
loader (:mod:`hvlab.labs.loader`) reads and validates a folder into a :class:`Lab`; everything else
(the runner, the page compiler, the notebook exporter, the CLI) works on these values.

This module is standard library only.
"""

from __future__ import annotations

__all__ = ["LEVELS", "Lab", "LabLookupError", "SolutionAfter", "Step"]

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hvlab.errors import HvlabError

#: Accepted values of the optional ``level`` of a lab.
LEVELS: tuple[str, ...] = ("débutant", "intermédiaire", "avancé")

SolutionMode = Literal["attempts", "success", "always"]


class LabLookupError(HvlabError, LookupError):
    """An unknown lab or step was asked for (the French message lists the valid ones)."""


@dataclass(frozen=True)
class SolutionAfter:
    """When the "Voir la solution" button becomes available.

    Attributes:
        mode: ``"attempts"`` (after ``attempts`` failed checks), ``"success"`` (once the checks
            pass) or ``"always"``.
        attempts: number of failed "Vérifier" presses (mode ``"attempts"`` only, else 0).
    """

    mode: SolutionMode = "attempts"
    attempts: int = 3

    def to_json(self) -> dict[str, int] | str:
        """The ``lab.yaml`` form: ``{"attempts": N}``, ``"success"`` or ``"always"``."""
        if self.mode == "attempts":
            return {"attempts": self.attempts}
        return self.mode


@dataclass(frozen=True)
class Step:
    """One step of a lab: what to read, what to start from, what is expected.

    Attributes:
        id: short identifier (lowercase letters, digits, dashes), unique in the lab.
        title: the step's French title.
        instructions_md: the instructions (Markdown text).
        starter: the code the student starts from (valid Python, with gaps that fail the checks).
        solution: a reference solution (passes the checks).
        checks: the source of the checks file (functions ``check_<name>(ns)``).
        hints: hints revealed one at a time (Markdown text).
        solution_after: when the solution can be shown.
        files: the files the step was read from, by role (``instructions``, ``starter``,
            ``solution``, ``checks``); empty when built in code.
    """

    id: str
    title: str
    instructions_md: str
    starter: str
    solution: str
    checks: str
    hints: tuple[str, ...] = ()
    solution_after: SolutionAfter = field(default_factory=SolutionAfter)
    files: dict[str, Path] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Lab:
    """A lab: metadata, ordered steps and a closing question.

    Attributes:
        id: the lab's identifier (the name of its folder).
        title: French title.
        summary: one or two sentences saying what the student will do.
        objectives: what the student will be able to do afterwards.
        duration_min: expected duration in minutes.
        prerequisites: what to know or have read first.
        question: a closing question to think about (Markdown).
        steps: the steps, in order (at least one).
        level: ``"débutant"``, ``"intermédiaire"``, ``"avancé"`` or ``""``.
        answer: optional elements of answer to the closing question (Markdown), or ``""``.
        path: the lab's folder (``None`` when built in code).
    """

    id: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    duration_min: int
    prerequisites: tuple[str, ...]
    question: str
    steps: tuple[Step, ...]
    level: str = ""
    answer: str = ""
    path: Path | None = field(default=None, compare=False)

    def step(self, which: int | str) -> Step:
        """Return a step by 1-based number (``1`` is the first step) or by id.

        Raises:
            LabLookupError: no such step (French message listing the valid numbers and ids).
        """
        if isinstance(which, int) and not isinstance(which, bool):
            if 1 <= which <= len(self.steps):
                return self.steps[which - 1]
        else:
            for step in self.steps:
                if step.id == which:
                    return step
            if isinstance(which, str) and which.isdigit():
                return self.step(int(which))
        ids = ", ".join(f"{n} ({s.id})" for n, s in enumerate(self.steps, start=1))
        raise LabLookupError(f"Le TP « {self.id} » n'a pas d'étape « {which} » ; étapes : {ids}.")

    def step_number(self, step: Step) -> int:
        """The 1-based number of ``step`` in this lab."""
        return self.steps.index(step) + 1

    def summary_dict(self) -> dict[str, Any]:
        """Short description for listings: id, title, number of steps, duration."""
        return {
            "id": self.id,
            "title": self.title,
            "steps": len(self.steps),
            "duration_min": self.duration_min,
        }
