"""The exception hierarchy of hvlab.

Every error a student or an instructor can meet derives from :class:`HvlabError`. Messages are
French: they say what is wrong, the value seen, and how to fix it. Each exception carries the data
that explains it, so that callers (the CLI, the site, a lab) can present it without parsing text.
"""

from __future__ import annotations

__all__ = [
    "HvlabError",
    "PlacementError",
    "ScenarioError",
    "SimulationError",
    "ValidationError",
    "ValidationProblem",
]

from dataclasses import dataclass


class HvlabError(Exception):
    """Base class of every error raised by hvlab (message in French)."""


class SimulationError(HvlabError, ValueError):
    """An input of the simulator is invalid (negative RAM, empty trace, …)."""


class PlacementError(SimulationError):
    """A virtual machine fits on no host.

    Attributes:
        vm: the name of the VM that could not be placed.
        reason: why no host fits, in French.
    """

    def __init__(self, message: str, *, vm: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.vm = vm
        self.reason = reason


@dataclass(frozen=True)
class ValidationProblem:
    """One problem found while validating a source file (quiz, lab, scenario).

    Attributes:
        message: what is wrong and how to fix it, in French.
        file: the file in which the problem was found ("" when loaded from a dict).
        path: the location inside the document, e.g. ``hosts[2].nics[0].speed_gbps``.
        line: 1-based line, or 0 when unknown.
        column: 1-based column, or 0 when unknown.
        excerpt: the line of the file with a caret under the column (shown under the message),
            or "".
    """

    message: str
    file: str = ""
    path: str = ""
    line: int = 0
    column: int = 0
    excerpt: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where = f"{where}:{self.line}:{self.column or 1}"
        location = f"{self.path} : " if self.path else ""
        text = f"{where}: {location}{self.message}" if where else f"{location}{self.message}"
        return f"{text}\n{self.excerpt}" if self.excerpt else text


class ValidationError(HvlabError):
    """A source file has one or more problems; all of them are listed.

    Attributes:
        problems: every problem found, in document order.
    """

    def __init__(self, problems: list[ValidationProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problème trouvé" if count == 1 else f"{count} problèmes trouvés"
        lines = [f"  - {p}".replace("\n", "\n    ") for p in self.problems]
        super().__init__(head + " :\n" + "\n".join(lines))


class ScenarioError(ValidationError):
    """A datacentre scenario (YAML file or dict) is invalid."""
