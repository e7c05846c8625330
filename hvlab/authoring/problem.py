"""One problem found by ``hvlab check``: where it is, and what to do about it (in French)."""

from __future__ import annotations

__all__ = ["Problem"]

from dataclasses import dataclass
from typing import Any

from hvlab.errors import ValidationProblem


@dataclass(frozen=True)
class Problem:
    """A problem of the course, printed ``file:line: message`` like a compiler's.

    Attributes:
        check: the check that found it (``quizzes``, ``labs``, ``chapters``, ``nav``, ``links``,
            ``glossary``, ``spelling``).
        file: the file, relative to the project folder, with ``/`` separators.
        line: 1-based line (1 when the problem is about the whole file).
        message: what is wrong and how to fix it, in French.
        column: 1-based column, or 0 when it does not help.
    """

    check: str
    file: str
    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{max(self.line, 1)}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """``{"check", "file", "line", "column", "message"}``, for ``--json``."""
        return {
            "check": self.check,
            "file": self.file,
            "line": max(self.line, 1),
            "column": self.column,
            "message": self.message,
        }

    @classmethod
    def from_validation(cls, check: str, problem: ValidationProblem, file: str) -> Problem:
        """A loader's problem (quiz, lab) as a course problem; ``file`` is its relative path."""
        message = f"{problem.path} : {problem.message}" if problem.path else problem.message
        return cls(check, file, problem.line or 1, message, problem.column)
