"""``hvlab new chapter|quiz|lab`` in a copy of the course: what it writes passes ``hvlab check``,
keeps mkdocs.yml as it was but for one line, and a refusal changes nothing."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from hvlab.authoring.check import check_course
from hvlab.authoring.course import Course
from hvlab.authoring.scaffold import SKELETONS
from hvlab.cli import main
from hvlab.labs.judge import run_checks
from hvlab.labs.loader import load_lab


def _new(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str]:
    code = main(["new", *argv, "--root", str(root)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _last_chapter(root: Path) -> tuple[int, str]:
    """The number and the page of the last chapter of a copy of the course."""
    last = Course(root).chapters()[-1]
    return int(last.name[:2]), f"chapitres/{last.name}"


def _last_lab_page(root: Path) -> str:
    return [e.page for e in Course(root).nav() if e.page.startswith("tp/")][-1]


def _added_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    changed = [line for line in diff if line.startswith(("+ ", "- "))]
    assert all(line.startswith("+ ") for line in changed), changed
    return [line[2:] for line in changed]


def test_quiz_lab_and_chapter_pass_the_check_and_are_in_the_menu(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=None)
    last, last_page = _last_chapter(root)
    last_lab = _last_lab_page(root)
    n = last + 1
    mkdocs_before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert _new(capsys, root, "quiz", "docker", "--title", "Quiz : Docker")[0] == 0
    code, out = _new(capsys, root, "lab", "docker", "--title", "Conteneurs Docker")
    assert code == 0
    assert "Créé : labs/docker/lab.yaml" in out and "Modifié : mkdocs.yml (menu)" in out
    code, out = _new(
        capsys,
        root,
        "chapter",
        "conteneurs",
        "--title",
        "Conteneurs et machines virtuelles",
        "--quiz",
        "docker",
        "--lab",
        "docker",
    )
    assert code == 0, out
    page = f"chapitres/{n:02d}-conteneurs.md"
    assert f"Créé : docs/{page}" in out
    assert _added_lines(mkdocs_before, (root / "mkdocs.yml").read_text(encoding="utf-8")) == [
        f'      - "{n}. Conteneurs et machines virtuelles": {page}',
        '      - "Conteneurs Docker": tp/docker.md',
    ]
    course = Course(root)
    pages = [entry.page for entry in course.nav()]
    assert pages.index(page) == pages.index(last_page) + 1
    assert pages.index("tp/docker.md") == pages.index(last_lab) + 1
    chapter = (root / "docs" / page).read_text(encoding="utf-8")
    assert chapter.startswith('---\ndescription: "')
    assert f"# {n}. Conteneurs et machines virtuelles\n" in chapter
    assert (
        f"**Prérequis** : le [chapitre {last}]({last_page.removeprefix('chapitres/')})." in chapter
    )
    assert "- [TP : Conteneurs Docker](../tp/docker.md)" in chapter
    assert "```quiz\nid: docker\n```" in chapter
    report = check_course(course)
    assert report.ok, "\n".join(map(str, report.problems))
    assert report.counts["chapters"] == n


def test_new_lab_starter_fails_its_checks_and_solution_passes(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=())
    assert _new(capsys, root, "lab", "docker")[0] == 0
    [step] = load_lab(root / "labs" / "docker").steps
    starter = run_checks(step.starter, step.checks, step_id=step.id)
    assert starter.run.ok and not starter.passed
    assert "La variable « hotes » vaut encore « ... »" in starter.results[0].message
    assert run_checks(step.solution, step.checks, step_id=step.id).passed


def test_chapter_alone_comes_with_its_quiz_numbered_after_the_last(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=None)
    n = _last_chapter(root)[0] + 1
    code, out = _new(capsys, root, "chapter", "conteneurs")
    assert code == 0, out
    assert "Créé : quizzes/conteneurs.yaml" in out
    assert (root / "docs" / "chapitres" / f"{n:02d}-conteneurs.md").is_file()
    index = (root / "docs" / "chapitres" / "index.md").read_text(encoding="utf-8")
    assert f"| [{n}. Conteneurs]({n:02d}-conteneurs.md) |" in index
    code, out = _new(capsys, root, "chapter", "orchestration")
    assert code == 0 and (root / "docs" / "chapitres" / f"{n + 1:02d}-orchestration.md").is_file()
    report = check_course(Course(root), only=["quizzes", "chapters", "nav", "links", "spelling"])
    assert report.ok, "\n".join(map(str, report.problems))


def test_lab_linked_from_an_existing_chapter(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=None)
    chapter = root / "docs" / "chapitres" / "06-reseau.md"
    before = chapter.read_text(encoding="utf-8")
    code, out = _new(capsys, root, "lab", "vlan", "--title", "Des VLAN", "--chapter", "6")
    assert code == 0, out
    added = _added_lines(before, chapter.read_text(encoding="utf-8"))
    assert added == ["- [TP : Des VLAN](../tp/vlan.md) : ce que l'étudiant y fait."]
    page = (root / "docs" / "tp" / "vlan.md").read_text(encoding="utf-8")
    assert "le [chapitre 6](../chapitres/06-reseau.md)" in page
    report = check_course(Course(root), only=["chapters", "nav", "links"])
    assert report.ok, "\n".join(map(str, report.problems))


def test_comments_and_order_of_mkdocs_yml_are_kept(
    course_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = course_copy(labs=())
    n = _last_chapter(root)[0] + 1
    mkdocs = root / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8").replace(
        "      - Glossaire: glossaire.md\n",
        "      # Les pages de référence du cours :\n      - Glossaire: glossaire.md\n",
    )
    mkdocs.write_text(text, encoding="utf-8")
    assert _new(capsys, root, "chapter", "conteneurs")[0] == 0
    assert _added_lines(text, mkdocs.read_text(encoding="utf-8")) == [
        f'      - "{n}. Conteneurs": chapitres/{n:02d}-conteneurs.md'
    ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ("chapter", "Conteneurs Légers"),
            "identifiant de chapitre « Conteneurs Légers » invalide : minuscules sans accent, "
            "chiffres et tirets seulement (ni espace, ni majuscule, ni accent) ; par exemple "
            "« conteneurs-legers ».",
        ),
        (("quiz", "réseau"), "par exemple « reseau »"),
        (("lab", "mon_tp"), "par exemple « mon-tp »"),
        (
            ("chapter", "apports-virtualisation"),
            "le quiz « apports-virtualisation » existe déjà : donnez « --quiz "
            "apports-virtualisation »",
        ),
        (("chapter", "stockage"), "un chapitre « stockage » existe déjà"),
        (("quiz", "stockage"), "quizzes/stockage.yaml existe déjà"),
        (("lab", "reseau"), "labs/reseau existe déjà"),
        (("lab", "scenarios"), "« scenarios » est le dossier des scénarios"),
        (("chapter", "docker", "--quiz", "absent"), "le quiz « absent » n'existe pas"),
        (("chapter", "docker", "--lab", "absent"), "le TP « absent » n'existe pas"),
        (("lab", "docker", "--chapter", "42"), "chapitre « 42 » introuvable"),
    ],
)
def test_refusals_say_why_and_change_nothing(
    argv: tuple[str, ...],
    expected: str,
    course_copy: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = course_copy(labs=("reseau",))
    before = _snapshot(root)
    code, out = _new(capsys, root, *argv)
    assert code == 1
    assert expected in out
    assert _snapshot(root) == before


def test_skeletons_are_the_files_the_guide_shows() -> None:
    names = sorted(p.relative_to(SKELETONS).as_posix() for p in SKELETONS.rglob("*") if p.is_file())
    assert names == [
        "chapitre.md",
        "lab/etape1_consigne.md",
        "lab/etape1_depart.py",
        "lab/etape1_solution.py",
        "lab/etape1_verif.py",
        "lab/lab.yaml",
        "quiz.yaml",
        "tp.md",
    ]
