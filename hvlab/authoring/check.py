"""``hvlab check``: the author's check of the whole course, in seconds, without a browser.

Each check is a function ``(course) -> list[Problem]``; :func:`check_course` runs the chosen ones
(the labs, which run code in child processes, alongside the others) and gathers every problem.
The tests of the project call the same functions, so a test and the author's command cannot
disagree.
"""

from __future__ import annotations

__all__ = ["CHECKS", "CourseReport", "check_course"]

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from hvlab.authoring.chapters import check_chapters
from hvlab.authoring.course import Course
from hvlab.authoring.glossary import check_glossary
from hvlab.authoring.labs import DEFAULT_LAB_TIMEOUT_S, check_labs
from hvlab.authoring.links import check_links
from hvlab.authoring.navigation import check_navigation
from hvlab.authoring.problem import Problem
from hvlab.authoring.quizzes import check_quizzes
from hvlab.authoring.spelling import SpellingUnavailable, check_spelling

#: The checks, in the order their problems are listed, with what each covers (French, for --help).
CHECKS: dict[str, str] = {
    "quizzes": "les quiz (YAML, schéma, cohérence)",
    "labs": "les TP (fichiers ; solutions qui réussissent ; départs qui échouent sans planter)",
    "chapters": "la structure des chapitres (fiche, objectifs, « À retenir », quiz, liens des TP)",
    "nav": "le menu de mkdocs.yml, les pages, les quiz et TP placés dans une page",
    "links": "les liens internes et leurs ancres",
    "glossary": "le glossaire et les abréviations",
    "spelling": "l'orthographe (hunspell et docs/mots-techniques.txt)",
}


@dataclass
class CourseReport:
    """What :func:`check_course` found.

    Attributes:
        problems: every problem, grouped by check in the order of :data:`CHECKS`.
        warnings: checks that could not run, and why (French).
        seconds: the time each check took.
        counts: what was checked: ``quizzes``, ``labs``, ``steps``, ``chapters``, ``pages``.
    """

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``--json``)."""
        return {
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
            "warnings": list(self.warnings),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "counts": dict(self.counts),
        }


def _timed(function: Callable[[], list[Problem]]) -> tuple[list[Problem], float, str]:
    start = time.perf_counter()
    try:
        found = function()
    except SpellingUnavailable as error:
        return [], time.perf_counter() - start, f"orthographe non vérifiée : {error}"
    return found, time.perf_counter() - start, ""


def check_course(
    course: Course,
    *,
    only: Sequence[str] | None = None,
    lab_timeout_s: float = DEFAULT_LAB_TIMEOUT_S,
) -> CourseReport:
    """Run the checks named in ``only`` (all of :data:`CHECKS` by default) on ``course``.

    Raises:
        ValueError: a name of ``only`` is not a check.
    """
    chosen = list(CHECKS) if not only else list(dict.fromkeys(only))
    unknown = [name for name in chosen if name not in CHECKS]
    if unknown:
        raise ValueError(f"unknown checks: {unknown}")
    functions: dict[str, Callable[[], list[Problem]]] = {
        "quizzes": lambda: check_quizzes(course),
        "labs": lambda: check_labs(course, timeout_s=lab_timeout_s),
        "chapters": lambda: check_chapters(course),
        "nav": lambda: check_navigation(course),
        "links": lambda: check_links(course),
        "glossary": lambda: check_glossary(course),
        "spelling": lambda: check_spelling(course),
    }
    report = CourseReport()
    results: dict[str, tuple[list[Problem], float, str]] = {}
    with ThreadPoolExecutor(max_workers=1) as background:
        labs = background.submit(_timed, functions["labs"]) if "labs" in chosen else None
        for name in chosen:
            if name != "labs":
                results[name] = _timed(functions[name])
        if labs is not None:
            results["labs"] = labs.result()
    for name in CHECKS:
        if name in results:
            found, seconds, warning = results[name]
            report.problems += sorted(found, key=lambda p: (p.file, p.line, p.column))
            report.seconds[name] = seconds
            if warning:
                report.warnings.append(warning)
    report.counts = {
        "quizzes": len(course.quiz_files()),
        "labs": len(course.lab_ids()),
        "chapters": len(course.chapters()),
        "pages": len(course.pages()),
    }
    return report
