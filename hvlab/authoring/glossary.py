"""Check the glossary (``docs/glossaire.md``) and the abbreviations (``docs/includes/…``).

Glossary terms are a Markdown definition list, in French alphabetical order (accents, case and
emphasis ignored), each term defined once. Each abbreviation is one line
``*[VM]: Virtual Machine (machine virtuelle)``, defined once.
"""

from __future__ import annotations

__all__ = ["check_glossary", "glossary_order", "glossary_terms"]

import re
import unicodedata

from hvlab.authoring.course import Course
from hvlab.authoring.ordering import misplaced
from hvlab.authoring.problem import Problem

_CHECK = "glossary"
_TERM = re.compile(r"^(?P<term>\S[^\n]*)\n(?:[ \t]*\n)?:   ", re.M)
_ABBREVIATION = re.compile(r"\*\[(?P<abbr>[^\]]+)\]: (?P<title>\S.*)")


def glossary_order(term: str) -> str:
    """The key that sorts glossary terms: no emphasis, no attribute list, no accent, no case."""
    plain = re.sub(r"[*_]|\{[^}]*\}", "", term)
    return unicodedata.normalize("NFD", plain).encode("ascii", "ignore").decode().casefold()


def glossary_terms(markdown: str) -> list[tuple[str, int]]:
    """The terms of a definition list with their line (1-based)."""
    return [
        (match.group("term").strip(), markdown.count("\n", 0, match.start()) + 1)
        for match in _TERM.finditer(markdown)
    ]


def check_glossary(course: Course) -> list[Problem]:
    """Problems of the glossary's order and uniqueness, and of the abbreviation lines."""
    problems = []
    glossary = course.docs_dir / "glossaire.md"
    if glossary.is_file():
        where = course.relative(glossary)
        terms = glossary_terms(course.read(glossary))
        first_line: dict[str, int] = {}
        unique: list[tuple[str, int]] = []
        for term, line in terms:
            key = glossary_order(term)
            if key in first_line:
                problems.append(
                    Problem(
                        _CHECK,
                        where,
                        line,
                        f"le terme « {term} » est déjà défini ligne {first_line[key]} : "
                        "réunissez les deux définitions.",
                    )
                )
            else:
                first_line[key] = line
                unique.append((term, line))
        for index, before in misplaced([glossary_order(t) for t, _ in unique]).items():
            term, line = unique[index]
            place = (
                f"placez-le avant « {unique[before][0]} »"
                if before < len(unique)
                else "placez-le à la fin"
            )
            problems.append(
                Problem(
                    _CHECK,
                    where,
                    line,
                    f"le terme « {term} » n'est pas à sa place alphabétique : {place}.",
                )
            )
    abbreviations = course.docs_dir / "includes" / "abreviations.md"
    if abbreviations.is_file():
        where = course.relative(abbreviations)
        seen: dict[str, int] = {}
        for number, row in enumerate(course.read(abbreviations).splitlines(), start=1):
            if not row.strip():
                continue
            match = _ABBREVIATION.fullmatch(row)
            if match is None:
                problems.append(
                    Problem(
                        _CHECK,
                        where,
                        number,
                        "ligne mal formée : une abréviation s'écrit « *[VM]: Virtual Machine "
                        "(machine virtuelle) ».",
                    )
                )
                continue
            abbr = match.group("abbr")
            if abbr in seen:
                problems.append(
                    Problem(
                        _CHECK,
                        where,
                        number,
                        f"l'abréviation « {abbr} » est déjà définie ligne {seen[abbr]} : gardez "
                        "une seule définition.",
                    )
                )
            seen.setdefault(abbr, number)
    return problems
