"""``hvlab quiz``: check, take, grade, export quizzes and gather students' results (in French)."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import sys
from pathlib import Path
from typing import Any

from hvlab import fr
from hvlab.commands._options import add_commands, add_json, add_quizzes_dir
from hvlab.commands._output import format_number, format_table, print_json
from hvlab.errors import HvlabError, ValidationError, ValidationProblem
from hvlab.quiz.export import export_gift, export_moodle_xml
from hvlab.quiz.grading import grade_quiz
from hvlab.quiz.loader import check_quiz_file, find_quiz_files, load_quiz
from hvlab.quiz.model import Quiz
from hvlab.quiz.preview import MAX_PREVIEW_VARIANTS, preview_quiz, preview_text
from hvlab.quiz.regrade import Discrepancy, regrade, regrade_all
from hvlab.quiz.results import (
    RESULTS_FORMAT,
    build_reports,
    read_results,
    reports_to_csv,
    responses_of,
    results_from_dict,
)
from hvlab.quiz.take import run_quiz
from hvlab.sources import read_json_file


def register(groups: Any) -> None:
    """Add the ``quiz`` group and its sub-commands to the ``hvlab`` parser."""
    quiz = groups.add_parser(
        "quiz",
        help="vérifier, passer, corriger et exporter les quiz",
        description="Quiz du cours : vérification des fichiers YAML, passage dans le terminal, "
        "correction, export vers Moodle et synthèse des résultats des étudiants.",
    )
    commands = add_commands(quiz)

    check = commands.add_parser(
        "check",
        help="vérifier des fichiers de quiz (tous les problèmes d'un coup)",
        description="Vérifie des fichiers de quiz YAML et affiche chaque problème sous la forme "
        "fichier:ligne:colonne: message. Code de sortie 1 s'il y a le moindre problème.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="CHEMIN",
        default=["quizzes"],
        help="fichiers .yaml ou dossiers à vérifier (par défaut : quizzes/)",
    )
    add_json(check, "les problèmes")
    check.set_defaults(func=_check)

    take = commands.add_parser(
        "take",
        help="passer un quiz dans le terminal",
        description="Pose chaque question du quiz, lit les réponses au clavier (lettres ou numéros "
        "pour les options, « oui »/« non » ou « vrai »/« faux », nombres à la française), "
        "donne la correction et le score final. Tapez « ? » pour un indice, une ligne vide pour "
        "passer la question.",
    )
    take.add_argument("file", metavar="FICHIER", help="fichier du quiz (.yaml)")
    take.add_argument(
        "--seed",
        type=int,
        default=None,
        help="graine du tirage (ordre des questions, variantes) pour rejouer le même quiz",
    )
    take.set_defaults(func=_take)

    grade = commands.add_parser(
        "grade",
        help="corriger les réponses d'un fichier JSON",
        description="Corrige un fichier de réponses (identifiant de question → réponse), ou un "
        "fichier de résultats téléchargé depuis le site, et affiche le score de chaque question "
        "et le total.",
    )
    grade.add_argument("file", metavar="FICHIER", help="fichier du quiz (.yaml)")
    grade.add_argument(
        "--responses",
        required=True,
        metavar="REPONSES",
        help="fichier JSON des réponses : indices d'options, booléen, texte saisi, "
        '{gauche: droite}, liste ordonnée, ou {"seed": S, "value": …} ; ou un fichier de '
        "résultats du site (« Télécharger mes résultats »)",
    )
    add_json(grade)
    grade.set_defaults(func=_grade)

    export = commands.add_parser(
        "export",
        help="exporter des quiz vers Moodle (GIFT ou XML)",
        description="Exporte des quiz au format GIFT ou Moodle XML, une catégorie par quiz ; "
        "les questions paramétrées deviennent N variantes fixes.",
    )
    export.add_argument(
        "--format",
        required=True,
        choices=["gift", "moodle-xml"],
        help="format de sortie : gift (texte) ou moodle-xml (plus fidèle : points, unités, "
        "indices, remise en ordre)",
    )
    export.add_argument(
        "paths", nargs="+", metavar="CHEMIN", help="fichiers .yaml ou dossiers de quiz à exporter"
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="SORTIE",
        help="fichier à écrire (- : sortie standard)",
    )
    export.add_argument(
        "--variants",
        type=int,
        default=10,
        metavar="N",
        help="nombre de variantes par question paramétrée (par défaut : 10)",
    )
    export.set_defaults(func=_export)

    preview = commands.add_parser(
        "preview",
        help="aperçu d'un quiz pour l'enseignant : questions, corrigé, variantes",
        description="Montre chaque question comme l'étudiant la voit (énoncé, options dans "
        "l'ordre affiché), puis son corrigé : bonnes options et commentaires, réponse attendue, "
        "tolérance et unités, réponses acceptées, associations, ordre attendu, indices et "
        "explication. Une question paramétrée montre N variantes tirées, chacune avec sa réponse.",
    )
    preview.add_argument(
        "quiz",
        metavar="QUIZ",
        help="identifiant d'un quiz de quizzes/ (par exemple stockage), ou chemin d'un "
        "fichier .yaml",
    )
    preview.add_argument(
        "--variants",
        type=int,
        default=3,
        metavar="N",
        help=f"variantes montrées par question paramétrée (par défaut : 3, au plus "
        f"{MAX_PREVIEW_VARIANTS})",
    )
    add_quizzes_dir(preview, "dossier où chercher le quiz par son identifiant")
    add_json(preview, "l'aperçu")
    preview.set_defaults(func=_preview)

    report = commands.add_parser(
        "report",
        help="synthèse des fichiers de résultats des étudiants",
        description="Agrège les fichiers de résultats téléchargés par les étudiants "
        "(« Télécharger mes résultats ») : taux de réussite et score moyen par question. Chaque "
        "réponse est recorrigée avec le fichier du quiz ; tout score qui diffère de celui du "
        "fichier est signalé, et c'est le score recorrigé qui compte.",
    )
    report.add_argument(
        "results",
        nargs="+",
        metavar="RESULTATS",
        help="fichiers .json de résultats, ou dossiers qui en contiennent",
    )
    report.add_argument(
        "--csv",
        metavar="SORTIE",
        help="écrit aussi le tableau en CSV (séparateur « ; », virgule décimale ; - : sortie "
        "standard)",
    )
    add_quizzes_dir(report, "dossier des fichiers de quiz qui servent à recorriger chaque réponse")
    add_json(report, "la synthèse")
    report.set_defaults(func=_report)


def _check(args: argparse.Namespace) -> int:
    files = find_quiz_files(args.paths)
    problems: list[ValidationProblem] = []
    for path in args.paths:
        if not Path(path).exists():
            problems.append(ValidationProblem("fichier ou dossier introuvable", str(path)))
    files = [f for f in files if f.exists()]
    for file in files:
        problems += check_quiz_file(file)
    if args.json:
        print_json(
            {
                "files": [str(f) for f in files],
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "path": p.path,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            print(problem)
        count = len(files)
        checked = "1 fichier vérifié" if count == 1 else f"{count} fichiers vérifiés"
        if problems:
            bad = len({p.file for p in problems})
            found = "1 problème" if len(problems) == 1 else f"{len(problems)} problèmes"
            where = "1 fichier" if bad == 1 else f"{bad} fichiers"
            print(f"{checked} : {found} dans {where}.")
        elif count == 0:
            print("Aucun fichier de quiz trouvé.")
        else:
            print(f"{checked} : aucun problème.")
    return 1 if problems or not files else 0


def _take(args: argparse.Namespace) -> int:
    quiz = load_quiz(args.file)
    run_quiz(quiz, sys.stdin, sys.stdout, seed=args.seed)
    return 0


def _read_json(path: str, what: str) -> Any:
    data, problems = read_json_file(path)
    if problems:
        raise HvlabError(f"{what} : {problems[0]}")
    return data


def _grade(args: argparse.Namespace) -> int:
    quiz = load_quiz(args.file)
    responses = _read_json(args.responses, "fichier de réponses")
    if not isinstance(responses, dict):
        raise HvlabError(
            f"fichier de réponses {args.responses} : un objet JSON est attendu "
            '({"identifiant de question": réponse, …}).'
        )
    hints: dict[str, int] = {}
    discrepancies: list[Discrepancy] = []
    if responses.get("format") == RESULTS_FORMAT:
        stated = results_from_dict(responses, file=args.responses)
        if stated.quiz != quiz.id:
            raise HvlabError(
                f"{args.responses} est un fichier de résultats du quiz « {stated.quiz} », pas de "
                f"« {quiz.id} » : donnez le fichier du bon quiz."
            )
        responses, hints = responses_of(stated)
        _regraded, discrepancies = regrade(stated, quiz)
    result = grade_quiz(quiz, responses, hints_used=hints)
    if args.json:
        data = result.to_dict()
        data["discrepancies"] = [d.to_dict() for d in discrepancies]
        print_json(data)
        return 0
    rows = [
        [q.id, q.score, q.max, "oui" if q.correct else "non", q.feedback] for q in result.questions
    ]
    print(format_table(["question", "score", "max", "juste", "retour"], rows))
    for ignored in result.ignored:
        print(f"Remarque : réponse « {ignored} » ignorée (aucune question de ce nom).")
    for difference in discrepancies:
        print(f"Écart avec le fichier : question « {difference.question} » : {difference.message}.")
    print(f"Score : {_score(result.score)} / {_score(result.max)}")
    if result.passed is not None:
        print("Quiz réussi." if result.passed else "Seuil de réussite non atteint.")
    return 0


def _score(value: float) -> str:
    return format_number(value, 2).removesuffix(",00")


def _export(args: argparse.Namespace) -> int:
    if args.variants < 1:
        raise HvlabError(f"--variants doit valoir au moins 1 (reçu : {args.variants}).")
    files = find_quiz_files(args.paths)
    problems: list[ValidationProblem] = []
    quizzes = []
    for file in files:
        try:
            quizzes.append(load_quiz(file))
        except ValidationError as error:
            problems += error.problems
    if problems:
        raise ValidationError(problems)
    if not quizzes:
        raise HvlabError("aucun quiz à exporter : donnez des fichiers .yaml ou des dossiers.")
    exporter = export_gift if args.format == "gift" else export_moodle_xml
    result = exporter(quizzes, variants=args.variants)
    if args.output == "-":
        sys.stdout.write(result.text)
    else:
        Path(args.output).write_text(result.text, encoding="utf-8")
    for note in result.notes:
        print(f"Remarque : {note}", file=sys.stderr)
    name = "GIFT" if args.format == "gift" else "Moodle XML"
    destination = "la sortie standard" if args.output == "-" else args.output
    print(
        f"{result.question_count} question{'s' if result.question_count > 1 else ''} Moodle "
        f"(de {len(quizzes)} quiz) exportée{'s' if result.question_count > 1 else ''} au format "
        f"{name} vers {destination}.",
        file=sys.stderr,
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    files: list[Path] = []
    for entry in args.results:
        path = Path(entry)
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    results = []
    for file in files:
        try:
            results.append(read_results(file))
        except ValidationError as error:
            for problem in error.problems:
                print(f"Fichier ignoré : {problem}", file=sys.stderr)
    if not results:
        raise HvlabError("aucun fichier de résultats valide.")
    results, discrepancies, unverified = regrade_all(results, _course_quizzes(args.quizzes))
    reports = build_reports(results)
    if args.csv:
        text = reports_to_csv(reports)
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            Path(args.csv).write_text(text, encoding="utf-8-sig")
    if args.json:
        print_json(
            {
                "quizzes": [r.to_dict() for r in reports],
                "discrepancies": [d.to_dict() for d in discrepancies],
                "unverified": unverified,
            }
        )
        return 0
    _warn_unchecked(discrepancies, unverified, args.quizzes)
    if args.csv == "-":
        return 0
    for index, report in enumerate(reports):
        if index:
            print()
        students = len(report.students)
        print(
            f"Quiz « {report.title} » ({report.quiz}) : {students} "
            f"étudiant{'s' if students > 1 else ''}, score moyen "
            f"{_score(report.mean_score)} / {_score(report.max)}"
        )
        rows = [
            [
                q.id,
                q.attempts,
                q.correct,
                f"{format_number(100 * q.success_rate, 1)}{fr.NBSP}%",
                q.mean_score,
                q.max,
                q.mean_hints,
            ]
            for q in report.questions
        ]
        print(
            format_table(
                [
                    "question",
                    "tentatives",
                    "réussites",
                    "taux de réussite",
                    "score moyen",
                    "points",
                    "indices",
                ],
                rows,
            )
        )
    if args.csv:
        print(f"\nTableau CSV écrit dans {args.csv}.")
    return 0


def _preview(args: argparse.Namespace) -> int:
    if not 1 <= args.variants <= MAX_PREVIEW_VARIANTS:
        raise HvlabError(
            f"--variants doit être entre 1 et {MAX_PREVIEW_VARIANTS} (reçu : {args.variants})."
        )
    quiz = load_quiz(_quiz_file(args.quiz, args.quizzes))
    shown = preview_quiz(quiz, variants=args.variants)
    if args.json:
        print_json(shown.to_dict())
    else:
        sys.stdout.write(preview_text(shown))
    return 0


def _quiz_file(name: str, folder: str) -> Path:
    """``name`` as a path to a quiz file, or as the id of a quiz of ``folder``."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise HvlabError(f"fichier de quiz introuvable : {name}.")
        return path
    candidate = Path(folder) / f"{name}.yaml"
    if candidate.is_file():
        return candidate
    known = sorted(p.stem for p in Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []
    listed = ", ".join(known) if known else "aucun"
    raise HvlabError(
        f"quiz « {name} » introuvable dans {folder}/ (quiz connus : {listed}) ; donnez un "
        "identifiant de cette liste ou le chemin d'un fichier .yaml."
    )


def _course_quizzes(folder: str) -> dict[str, Quiz]:
    """The valid quizzes of ``folder`` by id (an invalid one is simply not used)."""
    quizzes: dict[str, Quiz] = {}
    if not Path(folder).is_dir():
        return quizzes
    for file in find_quiz_files([folder]):
        try:
            quiz = load_quiz(file)
        except ValidationError:
            continue
        quizzes[quiz.id] = quiz
    return quizzes


def _warn_unchecked(discrepancies: list[Discrepancy], unverified: list[str], folder: str) -> None:
    """On stderr: the scores the quiz files contradict, the quizzes that could not be checked."""
    for quiz_id in unverified:
        print(
            f"Attention : quiz « {quiz_id} » introuvable dans {folder}/ : ses scores sont ceux "
            "des fichiers, non vérifiés (--quizzes DOSSIER pour donner le bon dossier).",
            file=sys.stderr,
        )
    if discrepancies:
        count = len(discrepancies)
        head = "1 écart" if count == 1 else f"{count} écarts"
        print(
            f"Attention : {head} entre les fichiers et la correction des quiz (le tableau "
            "compte les scores recorrigés) :",
            file=sys.stderr,
        )
        for difference in discrepancies:
            print(f"  {difference}", file=sys.stderr)
