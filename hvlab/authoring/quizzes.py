"""Check every quiz of the course: the loader's own validation, all problems of every file."""

from __future__ import annotations

__all__ = ["check_quizzes"]

from hvlab.authoring.course import Course
from hvlab.authoring.problem import Problem
from hvlab.quiz.loader import check_quiz_file


def check_quizzes(course: Course) -> list[Problem]:
    """Problems of ``quizzes/*.yaml`` (YAML, schema, semantic checks, id = file name)."""
    problems = []
    for path in course.quiz_files():
        shown = course.relative(path)
        problems += [Problem.from_validation("quizzes", p, shown) for p in check_quiz_file(path)]
    return problems
