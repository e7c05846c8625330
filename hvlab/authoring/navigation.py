"""Check that the navigation and the files agree, and that every quiz and lab has its place.

- every page of ``docs/`` is in the ``nav`` of ``mkdocs.yml``, every ``nav`` entry is a page;
- every quiz or lab fence names a quiz or a lab that exists;
- every quiz is embedded in a page of the navigation;
- every lab has its page ``docs/tp/<id>.md`` that embeds it, and a row in ``docs/tp/index.md``.
"""

from __future__ import annotations

__all__ = ["check_navigation"]

from pathlib import Path

from hvlab.authoring.course import Course, fences, table_line
from hvlab.authoring.problem import Problem
from hvlab.errors import HvlabError
from hvlab.labs.loader import LAB_FILE

_CHECK = "nav"


def check_navigation(course: Course) -> list[Problem]:
    """Problems between ``mkdocs.yml``'s ``nav``, the pages, the quizzes and the labs."""
    mkdocs = course.relative(course.mkdocs_file)
    try:
        nav = course.nav()
    except HvlabError as error:
        return [Problem(_CHECK, mkdocs, 1, str(error))]
    problems = []
    pages = {course.page_name(path): path for path in course.pages()}
    listed: dict[str, int] = {}
    for entry in nav:
        if not entry.page.endswith(".md"):
            continue
        if entry.page in listed:
            problems.append(
                Problem(
                    _CHECK,
                    mkdocs,
                    entry.line,
                    f"la page « {entry.page} » figure deux fois dans le menu (nav), aussi ligne "
                    f"{listed[entry.page]} : retirez l'une des deux entrées.",
                    entry.column,
                )
            )
        listed.setdefault(entry.page, entry.line)
        if entry.page not in pages:
            problems.append(
                Problem(
                    _CHECK,
                    mkdocs,
                    entry.line,
                    f"le menu (nav) mène à « {entry.page} », qui n'existe pas dans docs/ : "
                    "corrigez le chemin ou créez la page.",
                    entry.column,
                )
            )
    for name, path in pages.items():
        if name not in listed:
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(path),
                    1,
                    f"cette page n'est pas dans le menu : ajoutez « {name} » à la section voulue "
                    f"du nav de {mkdocs}.",
                )
            )
    problems += _embeds(course, pages, set(listed))
    return problems


def _embeds(course: Course, pages: dict[str, Path], listed: set[str]) -> list[Problem]:
    problems = []
    quiz_ids, lab_ids = course.quiz_ids(), course.lab_ids()
    quiz_pages: dict[str, list[str]] = {}
    lab_pages: dict[str, list[str]] = {}
    for name, page_path in pages.items():
        for fence in fences(course.read(page_path)):
            known = quiz_ids if fence.kind == "quiz" else lab_ids
            where = course.relative(page_path)
            if not fence.id:
                problems.append(
                    Problem(
                        _CHECK,
                        where,
                        fence.line,
                        f"bloc ```{fence.kind} sans identifiant : écrivez « id: … » sur la "
                        "ligne suivante.",
                    )
                )
            elif fence.id not in known:
                source = "quizzes/<id>.yaml" if fence.kind == "quiz" else "labs/<id>/lab.yaml"
                listing = ", ".join(sorted(known)) or "aucun"
                kind = "quiz" if fence.kind == "quiz" else "TP"
                problems.append(
                    Problem(
                        _CHECK,
                        where,
                        fence.line,
                        f"le {kind} « {fence.id} » n'existe pas ({source}) ; existants : "
                        f"{listing}.",
                    )
                )
            if name in listed:
                target = quiz_pages if fence.kind == "quiz" else lab_pages
                target.setdefault(fence.id, []).append(name)
    for path in course.quiz_files():
        if path.stem not in quiz_pages:
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(path),
                    1,
                    f"le quiz « {path.stem} » n'est placé dans aucune page du menu : ajoutez un "
                    f"bloc ```quiz (id: {path.stem}) à la fin du chapitre qu'il accompagne.",
                )
            )
    tp_index = course.docs_dir / "tp" / "index.md"
    index_text = course.read(tp_index) if tp_index.is_file() else ""
    for folder in course.lab_folders():
        if not (folder / LAB_FILE).is_file():
            continue
        lab_id = folder.name
        where = course.relative(folder / LAB_FILE)
        page = f"tp/{lab_id}.md"
        if page not in pages:
            problems.append(
                Problem(
                    _CHECK,
                    where,
                    1,
                    f"le TP « {lab_id} » n'a pas de page : créez docs/{page} avec un bloc ```lab "
                    f"(id: {lab_id}) et ajoutez-la au menu (« hvlab new lab » le fait).",
                )
            )
            continue
        if page not in lab_pages.get(lab_id, []):
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(course.docs_dir / page),
                    1,
                    f"cette page n'intègre pas le TP « {lab_id} » : ajoutez un bloc ```lab avec "
                    f"« id: {lab_id} ».",
                )
            )
        if tp_index.is_file() and f"({lab_id}.md)" not in index_text:
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(tp_index),
                    table_line(index_text),
                    f"le TP « {lab_id} » manque au tableau des TP : ajoutez une ligne "
                    f"« | [titre]({lab_id}.md) | ce que l'on y fait | durée | ».",
                )
            )
    return problems
