"""Authoring the course: the checks of ``hvlab check`` and the skeletons of ``hvlab new``.

A course is found from its folders (:class:`~hvlab.authoring.course.Course`); each check is a
function over it returning :class:`~hvlab.authoring.problem.Problem` objects, each printed
``file:line: message`` in French with how to fix it.

The names below are imported on first use: the child process that runs lab solutions
(:mod:`hvlab.authoring.lab_runs`) does not pay for the quiz and Markdown machinery.
"""

from __future__ import annotations

__all__ = ["CHECKS", "Course", "CourseReport", "Problem", "check_course"]

import importlib
from typing import Any

_HOMES = {
    "CHECKS": "hvlab.authoring.check",
    "CourseReport": "hvlab.authoring.check",
    "check_course": "hvlab.authoring.check",
    "Course": "hvlab.authoring.course",
    "Problem": "hvlab.authoring.problem",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'hvlab.authoring' has no attribute {name!r}")
