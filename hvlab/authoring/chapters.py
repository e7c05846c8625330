"""Check the structure of every chapter, the chapters being whatever ``docs/chapitres/`` holds.

A chapter is ``docs/chapitres/NN-subject.md``. The rules are those the guide « Ajouter un
chapitre » gives (and the skeleton of ``hvlab new chapter`` follows):

- a title ``# N. Titre`` whose number is the file's;
- before the first section, the box ``!!! info "Fiche du chapitre"`` with **Objectifs** (a list of
  at least three), **Prérequis** and **Durée** (in hours: ``1 h 30``);
- at least one Mermaid diagram, and a box ``!!! abstract "À retenir"`` of at least four points;
- a last section « Pour s'entraîner » that embeds the chapter's quiz and whose lab links lead to
  labs that exist;
- a row in the table of ``docs/chapitres/index.md``.
"""

from __future__ import annotations

__all__ = ["MIN_OBJECTIVES", "MIN_SUMMARY_POINTS", "PRACTICE", "check_chapters"]

import re
from pathlib import Path

from hvlab.authoring.course import CHAPTER_FILE, Course, fences, table_line
from hvlab.authoring.problem import Problem

#: Fewest objectives a chapter states.
MIN_OBJECTIVES = 3
#: Fewest points of the « À retenir » box.
MIN_SUMMARY_POINTS = 4
#: Title of the last section of a chapter.
PRACTICE = "Pour s'entraîner"

_CHECK = "chapters"
_FICHE = '!!! info "Fiche du chapitre"'
_SUMMARY = '!!! abstract "À retenir"'
_GUIDE = "voir le guide « Ajouter un chapitre »"
_MERMAID = re.compile(r"^ *```mermaid[ \t]*$", re.M)
_LAB_LINK = re.compile(r"\]\(\.\./tp/(?P<lab>[^)#\s]+)\.md(?:#[^)]*)?\)")


def check_chapters(course: Course) -> list[Problem]:
    """Problems of the structure of every chapter of ``docs/chapitres/``."""
    problems = []
    index = course.docs_dir / "chapitres" / "index.md"
    index_text = course.read(index) if index.is_file() else ""
    for path in course.chapters():
        problems += _check_chapter(course, path)
        if index.is_file() and f"({path.name})" not in index_text:
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(index),
                    table_line(index_text),
                    f"le chapitre « {path.name} » manque au tableau des chapitres : ajoutez une "
                    f"ligne « | [N. Titre]({path.name}) | thème | ».",
                )
            )
    return problems


def _line_of(text: str, needle: str | re.Pattern[str], default: int = 1) -> int:
    if isinstance(needle, str):
        index = text.find(needle)
    else:
        match = needle.search(text)
        index = match.start() if match else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else default


def _check_chapter(course: Course, path: Path) -> list[Problem]:
    text = course.read(path)
    where = course.relative(path)
    found: list[Problem] = []

    def problem(line: int, message: str) -> None:
        found.append(Problem(_CHECK, where, line, message))

    match = CHAPTER_FILE.match(path.name)
    assert match is not None
    number = int(match.group("number"))
    title = re.search(r"^# (?P<title>.+)$", text, re.M)
    title_line = _line_of(text, title.group(0)) if title else 1
    if title is None:
        problem(1, f"titre absent : commencez la page par « # {number}. Titre du chapitre ».")
    elif not title.group("title").startswith(f"{number}. "):
        problem(
            title_line,
            f"le titre « {title.group('title')} » devrait commencer par le numéro du chapitre, "
            f"« {number}. » (celui du nom du fichier).",
        )
    sections = list(re.finditer(r"^## (?P<name>.+?)\s*$", text, re.M))
    header = text[: sections[0].start()] if sections else text
    if _FICHE not in header:
        problem(
            title_line,
            f"la fiche du chapitre manque : ajoutez sous le titre l'encadré « {_FICHE} » avec les "
            f"objectifs, les prérequis et la durée ({_GUIDE}).",
        )
    else:
        fiche_line = _line_of(text, _FICHE)
        objectives = re.search(
            r"\*\*Objectifs\*\*.*?\n((?:[ \t]*\n|[ \t]+- .*\n|[ \t]{6,}\S.*\n)+)", header
        )
        if objectives is None:
            problem(
                fiche_line,
                "les objectifs manquent à la fiche : ajoutez « **Objectifs** — à la fin de ce "
                "chapitre, vous saurez : » suivi d'une liste « - … ».",
            )
        elif (count := objectives.group(1).count("- ")) < MIN_OBJECTIVES:
            problem(
                _line_of(text, "**Objectifs**"),
                f"{count} objectif(s) seulement dans la fiche : donnez-en au moins "
                f"{MIN_OBJECTIVES}, chacun avec un verbe d'action.",
            )
        if "**Prérequis**" not in header:
            problem(
                fiche_line,
                "les prérequis manquent à la fiche : ajoutez « **Prérequis** : … » (un lien vers "
                "les chapitres à connaître, ou « aucun »).",
            )
        if "**Durée**" not in header:
            problem(fiche_line, "la durée manque à la fiche : ajoutez « **Durée** : 1 h 30 … ».")
        elif not re.search(r"\*\*Durée\*\* : \d+ h", header):
            problem(
                _line_of(text, "**Durée**"),
                "la durée se donne en heures après « **Durée** : », par exemple « 1 h 30 de "
                "cours, puis 1 h de TP ».",
            )
    if not _MERMAID.search(text):
        problem(
            title_line,
            f"aucun schéma : ajoutez au moins un bloc ```mermaid ({_GUIDE}, « Les schémas »).",
        )
    summary = re.search(r'^!!! abstract "À retenir"[ \t]*\n\n?((?: {4}.*\n|[ \t]*\n)+)', text, re.M)
    if summary is None:
        problem(
            title_line,
            f"l'encadré « {_SUMMARY} » manque : résumez l'essentiel du chapitre en au moins "
            f"{MIN_SUMMARY_POINTS} points, avant « ## {PRACTICE} ».",
        )
    elif (points := summary.group(1).count("    - ")) < MIN_SUMMARY_POINTS:
        problem(
            _line_of(text, _SUMMARY),
            f"l'encadré « À retenir » n'a que {points} point(s) : donnez-en au moins "
            f"{MIN_SUMMARY_POINTS} (« - … » indentés de quatre espaces).",
        )
    found += _check_practice(course, path, text, sections, title_line)
    return found


def _check_practice(
    course: Course, path: Path, text: str, sections: list[re.Match[str]], title_line: int
) -> list[Problem]:
    where = course.relative(path)
    last = sections[-1] if sections else None
    if last is None or last.group("name") != PRACTICE:
        line = _line_of(text, last.group(0)) if last else title_line
        seen = f"la dernière est « {last.group('name')} »" if last else "il n'y a aucune section"
        return [
            Problem(
                _CHECK,
                where,
                line,
                f"un chapitre se termine par la section « ## {PRACTICE} » (ses TP et son quiz) ; "
                f"{seen}.",
            )
        ]
    found = []
    start_line = text.count("\n", 0, last.start()) + 1
    practice = text[last.start() :]
    quizzes = [f for f in fences(practice) if f.kind == "quiz"]
    if not quizzes:
        found.append(
            Problem(
                _CHECK,
                where,
                start_line,
                f"la section « {PRACTICE} » n'intègre aucun quiz : ajoutez « ### Quiz du "
                "chapitre » puis un bloc ```quiz avec « id: <identifiant du quiz> » "
                "(« hvlab new quiz » crée le fichier).",
            )
        )
    elif len(quizzes) > 1:
        found.append(
            Problem(
                _CHECK,
                where,
                start_line + quizzes[1].line - 1,
                f"la section « {PRACTICE} » intègre {len(quizzes)} quiz : un chapitre en a un "
                "seul ; placez les autres sur une autre page.",
            )
        )
    lab_ids = course.lab_ids()
    for match in _LAB_LINK.finditer(practice):
        lab = match.group("lab")
        if lab not in lab_ids:
            found.append(
                Problem(
                    _CHECK,
                    where,
                    start_line + practice.count("\n", 0, match.start()),
                    f"le lien « ../tp/{lab}.md » mène à un TP qui n'existe pas (labs/{lab}/"
                    f"lab.yaml) ; TP existants : {', '.join(sorted(lab_ids)) or 'aucun'}.",
                )
            )
    return found
