"""``hvlab check``: check the whole course (quizzes, labs, chapters, menu, links, spelling)."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import time
from typing import Any

from hvlab import fr
from hvlab.authoring.check import CHECKS, CourseReport, check_course
from hvlab.authoring.course import Course
from hvlab.authoring.labs import DEFAULT_LAB_TIMEOUT_S
from hvlab.commands._options import add_json, add_root, add_timeout
from hvlab.commands._output import print_json

#: How each check is named in the summary line.
_NAMES_FR = {
    "quizzes": "quiz",
    "labs": "TP",
    "chapters": "chapitres",
    "nav": "menu",
    "links": "liens",
    "glossary": "glossaire",
    "spelling": "orthographe",
}


def register(groups: Any) -> None:
    """Add ``hvlab check`` to the top-level sub-commands."""
    listing = "\n".join(f"  {name:<9} {what}" for name, what in CHECKS.items())
    check = groups.add_parser(
        "check",
        help="vérifier tout le cours (quiz, TP, chapitres, menu, liens, orthographe)",
        description=(
            "Vérifie tout le cours en quelques secondes, sans navigateur ni construction du "
            "site. Chaque problème s'affiche sur une ligne « fichier:ligne: message », avec la "
            "façon de le corriger. Code de sortie 0 si tout va bien, 1 sinon."
        ),
        epilog=f"Vérifications (pour --only) :\n{listing}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_root(check)
    check.add_argument(
        "--only",
        action="append",
        choices=list(CHECKS),
        metavar="VÉRIFICATION",
        help="ne faire que cette vérification (option répétable) ; voir la liste ci-dessous",
    )
    add_timeout(check, DEFAULT_LAB_TIMEOUT_S, "exécuter les étapes d'un TP")
    add_json(check, "le rapport")
    check.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    course = Course.find(args.root)
    report = check_course(course, only=args.only, lab_timeout_s=args.timeout)
    seconds = time.perf_counter() - start
    if args.json:
        data = report.to_dict()
        data["total_seconds"] = round(seconds, 3)
        print_json(data)
        return 0 if report.ok else 1
    for problem in report.problems:
        print(problem)
    for warning in report.warnings:
        print(f"Attention : {warning}")
    print(summary(report, seconds))
    return 0 if report.ok else 1


def summary(report: CourseReport, seconds: float) -> str:
    """The last line of ``hvlab check``: what was checked, or what was found, and how long."""
    took = f"en {fr.significant(seconds, 2)} s"
    if report.ok:
        counts = report.counts
        what = ", ".join(
            [
                fr.count(counts.get("quizzes", 0), "quiz", "quiz"),
                fr.count(counts.get("labs", 0), "TP", "TP"),
                fr.count(counts.get("chapters", 0), "chapitre"),
            ]
        )
        pages = fr.count(counts.get("pages", 0), "page")
        return f"Aucun problème : {what} et {pages} vérifiés {took}."
    by_check: dict[str, int] = {}
    for problem in report.problems:
        by_check[problem.check] = by_check.get(problem.check, 0) + 1
    detail = ", ".join(f"{_NAMES_FR[name]} : {count}" for name, count in by_check.items())
    found = fr.count(len(report.problems), "problème")
    return f"{found} trouvé{'s' if len(report.problems) > 1 else ''} ({detail}) {took}."
