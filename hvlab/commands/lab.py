"""``hvlab lab …``: list, check, solve, validate labs and export them as Jupyter notebooks."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import sys
from pathlib import Path
from typing import Any

from hvlab.commands._options import add_commands, add_json, add_labs_dir, add_timeout
from hvlab.commands._output import format_table, print_json
from hvlab.errors import HvlabError, ValidationProblem
from hvlab.labs.isolate import DEFAULT_TIMEOUT_S, run_checks_isolated
from hvlab.labs.loader import LAB_FILE, find_lab, lab_folders, load_lab, validate_lab
from hvlab.labs.notebook import write_notebook
from hvlab.labs.solve import solve_lab
from hvlab.show import render_text

#: Largest student's file ``hvlab lab check`` reads, in bytes.
MAX_CODE_BYTES = 1024 * 1024


def register(groups: Any) -> None:
    """Add the ``lab`` group and its sub-commands to ``groups``."""
    lab = groups.add_parser(
        "lab",
        help="travaux pratiques : lister, vérifier, corriger, exporter en notebook",
        description=(
            "Travaux pratiques (TP) du cours : chaque TP est un dossier de labs/ (lab.yaml, "
            "consignes, code de départ, solution, vérifications)."
        ),
    )
    commands = add_commands(lab)

    listing = commands.add_parser(
        "list",
        help="lister les TP disponibles",
        description="Liste les TP du dossier labs/ : identifiant, titre, étapes, durée.",
    )
    add_labs_dir(listing)
    add_json(listing)
    listing.set_defaults(func=_list)

    check = commands.add_parser(
        "check",
        help="vérifier votre code d'une étape",
        description=(
            "Exécute votre fichier puis les vérifications d'une étape du TP, et explique en "
            "français ce qui ne va pas. Code de sortie 0 si tout est réussi, 1 sinon."
        ),
    )
    check.add_argument("lab", metavar="TP", help="identifiant du TP (voir « hvlab lab list »)")
    check.add_argument(
        "file", metavar="FICHIER.py", type=Path, help="votre code (fichier Python) à vérifier"
    )
    check.add_argument(
        "--step",
        "-s",
        metavar="N",
        default=None,
        help="numéro (1 = la première) ou identifiant de l'étape ; par défaut l'étape 1",
    )
    add_timeout(check, DEFAULT_TIMEOUT_S, "l'exécution")
    add_labs_dir(check)
    add_json(check, "le rapport")
    check.set_defaults(func=_check)

    solve = commands.add_parser(
        "solve",
        help="vérifier les solutions de référence d'un TP",
        description=(
            "Pour chaque étape du TP, exécute la solution de référence contre ses vérifications "
            "(elle doit réussir) et le code de départ (il doit échouer). Code de sortie 1 si une "
            "étape ne se comporte pas ainsi."
        ),
    )
    solve.add_argument("lab", metavar="TP", help="identifiant du TP")
    add_timeout(solve, DEFAULT_TIMEOUT_S, "chaque exécution")
    add_labs_dir(solve)
    add_json(solve)
    solve.set_defaults(func=_solve)

    notebook = commands.add_parser(
        "notebook",
        help="exporter un TP en notebook Jupyter",
        description=(
            "Écrit un notebook Jupyter du TP : consignes, code de départ et une cellule de "
            "vérification par étape."
        ),
    )
    notebook.add_argument("lab", metavar="TP", help="identifiant du TP")
    notebook.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FICHIER.ipynb",
        help="fichier à écrire (par défaut TP.ipynb dans le dossier courant)",
    )
    add_labs_dir(notebook)
    notebook.set_defaults(func=_notebook)

    validate = commands.add_parser(
        "validate",
        help="valider des dossiers de TP",
        description=(
            "Vérifie des TP (lab.yaml, fichiers, syntaxe Python, fonctions de vérification) et "
            "liste tous leurs problèmes en français. Sans chemin, valide tous les TP de labs/."
        ),
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="CHEMIN",
        help="dossier d'un TP, ou dossier contenant des TP (par défaut : labs/)",
    )
    add_labs_dir(validate)
    validate.set_defaults(func=_validate)


def _list(args: argparse.Namespace) -> int:
    # A broken lab (even a hostile lab.yaml) is reported; the others are still listed.
    labs = []
    problems: list[ValidationProblem] = []
    for folder in lab_folders(args.labs_dir):
        found = validate_lab(folder)
        if found:
            problems += found
        else:
            labs.append(load_lab(folder))
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.json:
        print_json([lab.summary_dict() for lab in labs])
        return 1 if problems else 0
    if not labs:
        print(f"Aucun TP valide dans {args.labs_dir}.")
        return 1 if problems else 0
    rows = [(lab.id, lab.title, len(lab.steps), f"{lab.duration_min} min") for lab in labs]
    print(format_table(("Identifiant", "Titre", "Étapes", "Durée"), rows))
    if problems:
        count = len(problems)
        print(
            f"{count} problème{'s' if count > 1 else ''} dans les autres TP (ci-dessus) : "
            "« hvlab lab validate » les détaille.",
            file=sys.stderr,
        )
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    lab = find_lab(args.labs_dir, args.lab)
    chosen = args.step if args.step is not None else "1"
    step = lab.step(int(chosen) if chosen.isdigit() else chosen)
    code = _read_code(args.file)
    report = run_checks_isolated(
        code,
        step.checks,
        step_id=step.id,
        timeout_s=args.timeout,
        labs_dir=lab.path.parent if lab.path else None,
    )
    if args.json:
        print_json(report.to_dict())
        return 0 if report.passed else 1
    number = lab.step_number(step)
    print(f"TP « {lab.id} », étape {number}/{len(lab.steps)} — {step.title}")
    if report.run.outputs:
        print("Sortie de votre code :")
        for event in report.run.outputs:
            print(_event_text(event))
        print()
    print(report.to_text())
    if not report.passed and step.hints:
        print(f"Indice : {step.hints[0]}")
    if not report.passed and args.step is None and len(lab.steps) > 1:
        print(
            "Remarque : sans --step, c'est l'étape 1 qui est vérifiée ; pour une autre étape, "
            f"ajoutez par exemple « --step 2 » (le TP en a {len(lab.steps)})."
        )
    return 0 if report.passed else 1


def _solve(args: argparse.Namespace) -> int:
    lab = find_lab(args.labs_dir, args.lab)
    results = solve_lab(lab, timeout_s=args.timeout)
    failures = sum(not r.ok for r in results)
    for result in results:
        for problem in result.problems():
            print(problem, file=sys.stderr)
        if not result.solution.passed:
            print(result.solution.to_text() + "\n", file=sys.stderr)
    if args.json:
        steps = [r.to_dict() for r in results]
        print_json({"lab": lab.id, "ok": failures == 0, "steps": steps})
        return 0 if failures == 0 else 1
    rows = [
        (
            r.number,
            r.step.id,
            "réussie" if r.solution.passed else "ÉCHEC",
            r.starter_verdict,
        )
        for r in results
    ]
    print(f"TP « {lab.id} » — {lab.title}")
    print(format_table(("Étape", "Identifiant", "Solution", "Code de départ"), rows))
    if failures:
        plural = "s" if failures > 1 else ""
        print(f"{failures} étape{plural} à corriger sur {len(lab.steps)}.")
        return 1
    print(
        f"Les {len(lab.steps)} solutions réussissent leurs vérifications et les codes de départ "
        "s'exécutent puis les échouent."
    )
    return 0


def _read_code(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CODE_BYTES:
            raise HvlabError(
                f"le fichier « {path} » est trop gros ({size // 1024} Kio ; au plus "
                f"{MAX_CODE_BYTES // 1024} Kio) : est-ce bien votre code Python ?"
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HvlabError(f"fichier « {path} » introuvable.") from None
    except IsADirectoryError:
        raise HvlabError(f"« {path} » est un dossier : donnez votre fichier .py.") from None
    except UnicodeDecodeError:
        raise HvlabError(f"le fichier « {path} » n'est pas en UTF-8.") from None


def _event_text(event: dict[str, Any]) -> str:
    """One output of the student's run as terminal text (the data comes from their process)."""
    if event.get("type") == "display" and isinstance(event.get("display"), dict):
        try:
            return render_text(event["display"])
        except (TypeError, ValueError, AttributeError):
            return str(event["display"].get("data", ""))
    return str(event.get("text", "")).rstrip("\n")


def _notebook(args: argparse.Namespace) -> int:
    lab = find_lab(args.labs_dir, args.lab)
    output: Path = args.output or Path(f"{lab.id}.ipynb")
    write_notebook(lab, output)
    print(f"Notebook du TP « {lab.id} » écrit dans {output} ({len(lab.steps)} étapes).")
    return 0


def _validate(args: argparse.Namespace) -> int:
    folders: list[Path] = []
    for path in args.paths or [args.labs_dir]:
        if (path / LAB_FILE).is_file():
            folders.append(path)
        elif path.is_dir():
            folders.extend(lab_folders(path))
        else:
            raise HvlabError(
                f"« {path} » introuvable : donnez le dossier d'un TP (qui contient {LAB_FILE}) "
                "ou un dossier contenant des TP."
            )
    if not folders:
        print("Aucun TP à valider.")
        return 0
    problems: list[ValidationProblem] = []
    for folder in folders:
        found = validate_lab(folder)
        problems += found
        if not found:
            print(f"{folder} : valide.")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        count = len(problems)
        print(
            f"{count} problème{'s' if count > 1 else ''} trouvé{'s' if count > 1 else ''}.",
            file=sys.stderr,
        )
        return 1
    return 0
