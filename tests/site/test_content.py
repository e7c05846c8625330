"""Structure of the course content: the author's checks of ``hvlab check`` on the real course,
plus what this course in particular must contain.

The structure rules (chapters discovered from ``docs/chapitres/``, navigation, links, glossary) are
those of :mod:`hvlab.authoring`; these tests call the same functions as ``hvlab check``, so a test
and the author's command cannot disagree. Each rule is shown to catch its mistake in
``tests/authoring/test_rules.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hvlab.authoring.chapters import check_chapters
from hvlab.authoring.course import Course, fences
from hvlab.authoring.glossary import check_glossary, glossary_terms
from hvlab.authoring.links import check_links
from hvlab.authoring.navigation import check_navigation
from hvlab.authoring.problem import Problem
from tests.conftest import ROOT

COURSE = Course(ROOT)
STRUCTURE_CHECKS: dict[str, Callable[[Course], list[Problem]]] = {
    "chapters": check_chapters,
    "nav": check_navigation,
    "links": check_links,
    "glossary": check_glossary,
}


@pytest.mark.parametrize("check", list(STRUCTURE_CHECKS))
def test_course_passes_the_author_check(check: str) -> None:
    problems = STRUCTURE_CHECKS[check](COURSE)
    assert not problems, "hvlab check --only " + check + " :\n" + "\n".join(map(str, problems))


def test_course_has_eleven_chapters_each_with_its_quiz() -> None:
    chapters = COURSE.chapters()
    assert [path.name[:2] for path in chapters] == [f"{n:02d}" for n in range(1, 12)]
    for path in chapters:
        practice = COURSE.read(path).split("## Pour s'entraîner", 1)[-1]
        assert [f.kind for f in fences(practice)] == ["quiz"], path.name


def test_glossary_has_at_least_40_terms() -> None:
    terms = glossary_terms(COURSE.read(COURSE.docs_dir / "glossaire.md"))
    assert len(terms) >= 40, f"{len(terms)} terms"


def test_abbreviations_of_the_course_are_defined() -> None:
    text = COURSE.read(COURSE.docs_dir / "includes" / "abreviations.md")
    for needed in ("VM", "VMM", "HA", "DRS", "VLAN", "iSCSI", "NFS", "SAN", "NAS", "vCPU", "LUN"):
        assert f"*[{needed}]: " in text


def test_nav_lists_the_glossary_sources_and_guide_pages() -> None:
    pages = [entry.page for entry in COURSE.nav()]
    for page in ("glossaire.md", "sources.md", "guide/index.md", "guide/export-moodle.md"):
        assert page in pages


def test_fence_parser_reads_quiz_and_lab_ids_and_lines() -> None:
    markdown = (
        "texte\n\n```quiz\nid: stockage\n```\n\n    ```lab\n    id: reseau\n    step: 2\n    ```\n"
        "\n````markdown\n```quiz\nid: exemple\n```\n````\n"
    )
    assert [(f.kind, f.id, f.line) for f in fences(markdown)] == [
        ("quiz", "stockage", 3),
        ("lab", "reseau", 7),
    ]
