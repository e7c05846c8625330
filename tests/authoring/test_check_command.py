"""``hvlab check`` finds each kind of mistake an author makes, in French, on a ``file:line:`` line.

Each test breaks a copy of the course the way an author would and runs the command on it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from hvlab.cli import main


def _run(capsys: pytest.CaptureFixture[str], root: Path, *options: str) -> tuple[int, str]:
    code = main(["check", "--root", str(root), *options])
    out = capsys.readouterr()
    return code, out.out + out.err


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_chapter_without_its_fiche_is_reported_at_its_title(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy()
    chapter = root / "docs" / "chapitres" / "03-hyperviseur.md"
    text = chapter.read_text(encoding="utf-8")
    fiche = re.search(r'!!! info "Fiche du chapitre"\n\n(?: {4}.*\n|\n)+', text)
    assert fiche
    chapter.write_text(text.replace(fiche.group(0), ""), encoding="utf-8")
    code, out = _run(capsys, root, "--only", "chapters")
    assert code == 1
    assert (
        "docs/chapitres/03-hyperviseur.md:5: la fiche du chapitre manque : ajoutez sous le titre "
        'l\'encadré « !!! info "Fiche du chapitre" »'
    ) in out
    assert out.rstrip().endswith("s.")
    assert "1 problème trouvé (chapitres : 1)" in out


def test_quiz_with_a_bad_indentation_is_reported_with_its_line(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy()
    quiz = root / "quizzes" / "reseau.yaml"
    lines = quiz.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("    prompt:"))
    lines[number] = " " + lines[number]
    quiz.write_text("".join(lines), encoding="utf-8")
    code, out = _run(capsys, root, "--only", "quizzes")
    assert code == 1
    found = [line for line in out.splitlines() if line.startswith("quizzes/reseau.yaml:")]
    assert found, out
    assert found[0].startswith(f"quizzes/reseau.yaml:{number + 1}:")
    assert "YAML invalide" in found[0]


def test_nav_entry_to_a_missing_page_is_reported_in_mkdocs_yml(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy()
    mkdocs = root / "mkdocs.yml"
    _replace(mkdocs, "chapitres/06-reseau.md", "chapitres/06-reseaux.md")
    line = next(
        n
        for n, text in enumerate(mkdocs.read_text(encoding="utf-8").splitlines(), start=1)
        if "06-reseaux.md" in text
    )
    code, out = _run(capsys, root, "--only", "nav")
    assert code == 1
    assert (
        f"mkdocs.yml:{line}:" in out
        and "le menu (nav) mène à « chapitres/06-reseaux.md », qui n'existe pas dans docs/" in out
    )
    assert (
        "docs/chapitres/06-reseau.md:1: cette page n'est pas dans le menu : ajoutez "
        "« chapitres/06-reseau.md »"
    ) in out


def test_lab_whose_starter_raises_name_error_is_reported_at_the_line(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=("types-hyperviseurs",))
    starter = root / "labs" / "types-hyperviseurs" / "etape1_depart.py"
    lines = starter.read_text(encoding="utf-8").splitlines()
    lines.append("print(variable_inconnue)")
    starter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _run(capsys, root, "--only", "labs")
    assert code == 1
    expected = (
        f"labs/types-hyperviseurs/etape1_depart.py:{len(lines)}: étape 1 (catalogue) : le code "
        f"de départ plante : NameError: name 'variable_inconnue' is not defined, ligne {len(lines)}"
    )
    assert expected in out, out


def test_lab_solution_that_fails_and_starter_that_passes_are_reported(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=("types-hyperviseurs",))
    folder = root / "labs" / "types-hyperviseurs"
    solution = (folder / "etape2_solution.py").read_text(encoding="utf-8")
    (folder / "etape2_depart.py").write_text(solution, encoding="utf-8")
    (folder / "etape3_solution.py").write_text("x = 1\n", encoding="utf-8")
    code, out = _run(capsys, root, "--only", "labs")
    assert code == 1
    assert (
        "labs/types-hyperviseurs/etape2_depart.py:1: étape 2 (capacite) : le code de départ "
        "réussit les vérifications"
    ) in out
    assert (
        "labs/types-hyperviseurs/etape3_solution.py:1: étape 3 (formule) : la solution échoue"
        in out
    )


@pytest.mark.slow
def test_lab_that_loops_forever_is_stopped_and_the_others_still_run(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=("types-hyperviseurs", "migration-a-chaud", "maintenance-ha"))
    starter = root / "labs" / "migration-a-chaud" / "etape1_depart.py"
    starter.write_text("while True:\n    pass\n", encoding="utf-8")
    (root / "labs" / "maintenance-ha" / "etape1_solution.py").write_text("x = 1\n", "utf-8")
    code, out = _run(capsys, root, "--only", "labs", "--timeout", "3")
    assert code == 1
    assert (
        "labs/migration-a-chaud/lab.yaml:1: les étapes du TP ne se sont pas terminées en 3 s" in out
    )
    assert "labs/maintenance-ha/etape1_solution.py:1: étape 1 (cluster) : la solution échoue" in out


def test_whole_course_passes_and_json_lists_what_was_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", "--json", "--only", "chapters", "--only", "glossary"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["ok"] is True and data["problems"] == []
    assert set(data["seconds"]) == {"chapters", "glossary"}
    assert data["counts"]["chapters"] >= 7


def test_json_gives_each_problem_with_its_place(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy()
    index = root / "docs" / "tp" / "index.md"
    _replace(index, "(reseau.md)", "(reseaux.md)")
    code = main(["check", "--root", str(root), "--json", "--only", "links"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    [problem] = data["problems"]
    assert problem["check"] == "links"
    assert problem["file"] == "docs/tp/index.md"
    assert problem["line"] > 1
    assert (
        "reseaux.md" in problem["message"]
        and "vouliez-vous dire « reseau.md »" in problem["message"]
    )


def test_outside_a_course_the_error_says_where_to_run_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--root", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "aucun fichier mkdocs.yml" in err and "--root" in err
