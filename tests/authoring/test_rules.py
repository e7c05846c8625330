"""Each rule of ``hvlab check``, broken once in a copy of the course: the problem it reports.

A row gives the file to edit, the text to replace and its replacement, the check to run, and the
message expected with the line it must point to (the line of the edited text unless said).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hvlab.authoring.chapters import check_chapters
from hvlab.authoring.course import Course
from hvlab.authoring.glossary import check_glossary
from hvlab.authoring.links import check_links
from hvlab.authoring.navigation import check_navigation
from hvlab.authoring.problem import Problem
from hvlab.authoring.spelling import check_spelling, hunspell_ready
from tests.conftest import require

CHECKS: dict[str, Callable[[Course], list[Problem]]] = {
    "chapters": check_chapters,
    "nav": check_navigation,
    "links": check_links,
    "glossary": check_glossary,
    "spelling": check_spelling,
}
CHAPTER = "docs/chapitres/05-stockage.md"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str
    new: str
    check: str
    expected: str
    #: the reported file when it is not the edited one
    reported: str = ""
    #: the reported line when it is not that of the edit (0: the edit's line, -1: any)
    line: int = 0
    #: replace every occurrence of ``old`` (the first one otherwise)
    everywhere: bool = False


CASES = [
    Case(
        "title-number",
        CHAPTER,
        "# 5. Gestion du stockage",
        "# Gestion du stockage",
        "chapters",
        "le titre « Gestion du stockage » devrait commencer par le numéro du chapitre, « 5. »",
    ),
    Case(
        "too-few-objectives",
        CHAPTER,
        "\n    - ",
        "\n    ",
        "chapters",
        "objectif(s) seulement dans la fiche : donnez-en au moins 3",
        line=-1,
    ),
    Case(
        "duration-not-in-hours",
        CHAPTER,
        "**Durée** : ",
        "**Durée** : deux heures, ",
        "chapters",
        "la durée se donne en heures après « **Durée** : »",
    ),
    Case(
        "no-prerequisites",
        CHAPTER,
        "**Prérequis**",
        "**Préalables**",
        "chapters",
        "les prérequis manquent à la fiche",
        line=-1,
    ),
    Case(
        "no-summary",
        CHAPTER,
        '!!! abstract "À retenir"',
        '!!! abstract "En bref"',
        "chapters",
        'l\'encadré « !!! abstract "À retenir" » manque',
        line=5,
    ),
    Case(
        "no-diagram",
        CHAPTER,
        "```mermaid",
        "```text",
        "chapters",
        "aucun schéma : ajoutez au moins un bloc ```mermaid",
        line=5,
        everywhere=True,
    ),
    Case(
        "practice-not-last",
        CHAPTER,
        "### Quiz du chapitre",
        "## Quiz du chapitre",
        "chapters",
        "un chapitre se termine par la section « ## Pour s'entraîner »",
    ),
    Case(
        "no-quiz",
        CHAPTER,
        "```quiz",
        "```text",
        "chapters",
        "la section « Pour s'entraîner » n'intègre aucun quiz",
        line=-1,
    ),
    Case(
        "lab-link-to-nothing",
        CHAPTER,
        "(../tp/stockage.md)",
        "(../tp/stockages.md)",
        "chapters",
        "le lien « ../tp/stockages.md » mène à un TP qui n'existe pas (labs/stockages/lab.yaml)",
    ),
    Case(
        "chapter-not-in-table",
        "docs/chapitres/index.md",
        "(05-stockage.md)",
        "(05-stockage.md#)",
        "chapters",
        "le chapitre « 05-stockage.md » manque au tableau des chapitres",
        line=-1,
    ),
    Case(
        "nav-duplicate",
        "mkdocs.yml",
        "      - Glossaire: glossaire.md\n",
        "      - Glossaire: glossaire.md\n      - Lexique: glossaire.md\n",
        "nav",
        "la page « glossaire.md » figure deux fois dans le menu (nav)",
        line=-1,
    ),
    Case(
        "quiz-embedded-nowhere",
        CHAPTER,
        "id: stockage",
        "id: reseau",
        "nav",
        "le quiz « stockage » n'est placé dans aucune page du menu",
        reported="quizzes/stockage.yaml",
        line=1,
    ),
    Case(
        "fence-to-unknown-quiz",
        CHAPTER,
        "id: stockage",
        "id: stokage",
        "nav",
        "le quiz « stokage » n'existe pas (quizzes/<id>.yaml)",
        line=-1,
    ),
    Case(
        "lab-page-without-its-lab",
        "docs/tp/reseau.md",
        "id: reseau",
        "id: stockage",
        "nav",
        "cette page n'intègre pas le TP « reseau »",
        line=1,
    ),
    Case(
        "lab-not-in-lab-table",
        "docs/tp/index.md",
        "(reseau.md)",
        "(reseau.md#)",
        "nav",
        "le TP « reseau » manque au tableau des TP",
        line=-1,
    ),
    Case(
        "anchor-to-nothing",
        "docs/tp/reseau.md",
        "(../reference/sim-stockage-reseau.md)",
        "(../chapitres/06-reseau.md#le-vlan-perdu)",
        "links",
        "l'ancre « #le-vlan-perdu » n'existe pas dans docs/chapitres/06-reseau.md",
    ),
    Case(
        "absolute-link",
        "docs/tp/reseau.md",
        "(../reference/sim-stockage-reseau.md)",
        "(/reference/sim-stockage-reseau.md)",
        "links",
        "lien absolu « /reference/sim-stockage-reseau.md » : écrivez un chemin relatif",
    ),
    Case(
        "link-outside-docs",
        "docs/tp/reseau.md",
        "(../reference/sim-stockage-reseau.md)",
        "(../../labs/reseau/lab.yaml)",
        "links",
        "le lien « ../../labs/reseau/lab.yaml » sort du dossier docs/",
    ),
    Case(
        "link-to-missing-file",
        "docs/tp/reseau.md",
        "(../reference/sim-stockage-reseau.md)",
        "(../images/reseau.png)",
        "links",
        "le lien « ../images/reseau.png » mène à un fichier absent (docs/images/reseau.png)",
    ),
    Case(
        "glossary-order",
        "docs/glossaire.md",
        "Arrêt et copie\n",
        "Zorglub\n",
        "glossary",
        "le terme « Zorglub » n'est pas à sa place alphabétique",
    ),
    Case(
        "abbreviation-malformed",
        "docs/includes/abreviations.md",
        "*[VMM]: ",
        "*[VMM] ",
        "glossary",
        "ligne mal formée : une abréviation s'écrit",
    ),
    Case(
        "misspelt-word",
        CHAPTER,
        "# 5. Gestion du stockage",
        "# 5. Gestion du stockage des serveures",
        "spelling",
        "mot inconnu du correcteur : « serveures » — corrigez la faute ou, pour un terme "
        "technique, ajoutez-le à docs/mots-techniques.txt",
    ),
    Case(
        "word-list-order",
        "docs/mots-techniques.txt",
        "Agesen\n",
        "Zzz\n",
        "spelling",
        "« Zzz » n'est pas à sa place",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rule_reports_the_problem_at_its_line(case: Case, course_copy: Callable[..., Path]) -> None:
    if case.check == "spelling":
        require(hunspell_ready(), "hunspell with its fr_FR dictionary is missing")
    root = course_copy(labs=None)
    path = root / case.file
    text = path.read_text(encoding="utf-8")
    assert case.old in text, f"{case.old!r} is not in {case.file}: update this test"
    edited = text.replace(case.old, case.new, -1 if case.everywhere else 1)
    path.write_text(edited, encoding="utf-8")
    edit_line = edited[: edited.index(case.new)].count("\n") + 1 + (case.new[:1] == "\n")
    problems = CHECKS[case.check](Course(root))
    reported = case.reported or case.file
    matching = [p for p in problems if case.expected in p.message]
    assert matching, "\n".join(map(str, problems)) or "no problem found"
    problem = matching[0]
    assert problem.file == reported
    if case.line != -1:
        assert problem.line == (case.line or edit_line), str(problem)
    assert problem.check == case.check


@pytest.mark.parametrize("check", ["chapters", "nav", "links", "glossary"])
def test_the_unbroken_copy_has_no_problem(check: str, course_copy: Callable[..., Path]) -> None:
    problems = CHECKS[check](Course(course_copy(labs=None)))
    assert not problems, "\n".join(map(str, problems))
