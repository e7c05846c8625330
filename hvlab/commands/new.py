"""``hvlab new chapter|quiz|lab``: start a chapter, a quiz or a lab from the project's skeletons."""

from __future__ import annotations

__all__ = ["register"]

import argparse
from typing import Any

from hvlab.authoring.course import Course
from hvlab.authoring.scaffold import Changes, new_chapter, new_lab, new_quiz
from hvlab.commands._options import add_commands, add_root

_ID_HELP = "minuscules sans accent, chiffres et tirets (par exemple {example})"


def register(groups: Any) -> None:
    """Add ``hvlab new`` and its sub-commands to the top-level sub-commands."""
    new = groups.add_parser(
        "new",
        help="créer un chapitre, un quiz ou un TP à partir des modèles du projet",
        description=(
            "Crée les fichiers d'un chapitre, d'un quiz ou d'un TP à partir des modèles du "
            "projet, l'ajoute au menu (mkdocs.yml) et au tableau des chapitres ou des TP. "
            "Refuse un identifiant existant ou mal formé sans rien modifier. Le résultat "
            "passe « hvlab check » et « mkdocs build --strict »."
        ),
    )
    kinds = add_commands(new, "contenus", "CONTENU")

    chapter = kinds.add_parser(
        "chapter",
        help="un chapitre numéroté après le dernier, avec son quiz",
        description=(
            "Crée docs/chapitres/NN-SUJET.md (numéroté après le dernier chapitre) à partir du "
            "modèle, avec son quiz : quizzes/SUJET.yaml, ou le quiz donné par --quiz. L'ajoute "
            "au menu et au tableau des chapitres."
        ),
    )
    chapter.add_argument("slug", metavar="SUJET", help=_ID_HELP.format(example="« conteneurs »"))
    chapter.add_argument("--title", metavar="TITRE", help="titre du chapitre (sans son numéro)")
    chapter.add_argument(
        "--summary", metavar="PHRASE", help="une phrase qui résume le chapitre (description)"
    )
    chapter.add_argument(
        "--quiz", metavar="QUIZ", help="intégrer ce quiz existant au lieu d'en créer un"
    )
    chapter.add_argument(
        "--lab",
        metavar="TP",
        action="append",
        default=[],
        help="lier ce TP existant dans « Pour s'entraîner » (option répétable)",
    )
    add_root(chapter)
    chapter.set_defaults(func=_chapter)

    quiz = kinds.add_parser(
        "quiz",
        help="un quiz (quizzes/ID.yaml)",
        description=(
            "Crée quizzes/ID.yaml à partir du modèle (deux questions à remplacer). Placez-le "
            "ensuite dans un chapitre (« hvlab new chapter SUJET --quiz ID »)."
        ),
    )
    quiz.add_argument("quiz_id", metavar="ID", help=_ID_HELP.format(example="« conteneurs »"))
    quiz.add_argument("--title", metavar="TITRE", help="titre du quiz")
    add_root(quiz)
    quiz.set_defaults(func=_quiz)

    lab = kinds.add_parser(
        "lab",
        help="un TP (labs/ID/ et sa page docs/tp/ID.md)",
        description=(
            "Crée le dossier labs/ID/ (une étape complète : consigne, code de départ, solution, "
            "vérifications) et la page docs/tp/ID.md, l'ajoute au menu et au tableau des TP, et "
            "le lie depuis un chapitre avec --chapter."
        ),
    )
    lab.add_argument("lab_id", metavar="ID", help=_ID_HELP.format(example="« docker »"))
    lab.add_argument("--title", metavar="TITRE", help="titre du TP")
    lab.add_argument(
        "--chapter",
        metavar="CHAPITRE",
        help="numéro ou sujet du chapitre qui renvoie vers ce TP (section « Pour s'entraîner »)",
    )
    add_root(lab)
    lab.set_defaults(func=_lab)


def _report(changes: Changes) -> int:
    for line in changes.apply():
        print(line)
    if changes.next_steps:
        print("Ensuite :")
        for step in changes.next_steps:
            print(f"  - {step} ;")
        print("  - puis vérifiez avec « hvlab check » et regardez la page avec « make serve ».")
    return 0


def _chapter(args: argparse.Namespace) -> int:
    course = Course.find(args.root)
    return _report(
        new_chapter(
            course,
            args.slug,
            title=args.title,
            summary=args.summary,
            quiz=args.quiz,
            labs=tuple(args.lab),
        )
    )


def _quiz(args: argparse.Namespace) -> int:
    return _report(new_quiz(Course.find(args.root), args.quiz_id, title=args.title))


def _lab(args: argparse.Namespace) -> int:
    course = Course.find(args.root)
    return _report(new_lab(course, args.lab_id, title=args.title, chapter=args.chapter))
