"""The instructor guide followed step by step in a copy of the project, so it cannot drift from
the code: its ``hvlab`` commands run as written, the edits it asks for are made, ``hvlab check``
and ``mkdocs build --strict`` pass at the end, and the new pages are in the menu.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hvlab.authoring.course import Course
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

GUIDE = ROOT / "docs" / "guide"
_BASH = re.compile(r"^(?P<indent> *)```bash\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def guide_commands(page: str) -> list[list[str]]:
    """The ``hvlab`` commands of the bash blocks of a guide page, in order (comments dropped)."""
    commands = []
    for block in _BASH.finditer((GUIDE / page).read_text(encoding="utf-8")):
        for line in block.group("body").splitlines():
            words = shlex.split(line.strip(), comments=True)
            if words[:1] == [".venv/bin/hvlab"]:
                commands.append(words[1:])
    return commands


def _hvlab(root: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "hvlab", *argv],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _ok(root: Path, argv: list[str]) -> str:
    result = _hvlab(root, argv)
    assert result.returncode == 0, f"hvlab {shlex.join(argv)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _new_commands(page: str, kind: str) -> list[list[str]]:
    found = [c for c in guide_commands(page) if c[:2] == ["new", kind]]
    assert found, f"the guide {page} no longer shows « hvlab new {kind} »"
    return found


def test_guide_tasks_in_a_copy_of_the_project(
    course_copy: Callable[..., Path], tmp_path: Path
) -> None:
    root = course_copy(labs=None)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "build").mkdir()
    (root / "build" / "assets").symlink_to(ROOT / "build" / "assets")
    # The guest machine's image is built by `make build` (pinned Debian packages): the copy uses
    # the project's, as an author's checkout would after `make serve`.
    (root / "build" / "guest").symlink_to(ROOT / "build" / "guest")

    # « Ajouter un chapitre » : create, write, check, add the technical word, check.
    [chapter] = _new_commands("ajouter-un-chapitre.md", "chapter")
    out = _ok(root, chapter)
    created = re.search(r"Créé : (docs/chapitres/\d\d-[a-z0-9-]+\.md)", out)
    assert created, out
    page = root / created.group(1)
    assert ["check"] in guide_commands("ajouter-un-chapitre.md")
    _ok(root, ["check"])
    text = page.read_text(encoding="utf-8")
    paragraph = "Flatcar est un système minimal fait pour exécuter des conteneurs.\n\n"
    page.write_text(text.replace("## Première partie\n\n", "## Première partie\n\n" + paragraph))
    result = _hvlab(root, ["check"])
    assert result.returncode == 1
    assert f"{created.group(1)}:" in result.stdout
    assert "« Flatcar »" in result.stdout and "docs/mots-techniques.txt" in result.stdout
    words = (root / "docs" / "mots-techniques.txt").read_text(encoding="utf-8").splitlines()
    words = sorted({*words, "Flatcar"}, key=lambda w: (w.casefold(), w))
    (root / "docs" / "mots-techniques.txt").write_text("\n".join(words) + "\n", "utf-8")
    _ok(root, ["check", "--only", "spelling", "--only", "chapters"])

    # « Écrire un TP » : create it from the chapter, run its solutions and starters.
    [lab] = _new_commands("format-tp.md", "lab")
    _ok(root, lab)
    lab_id = lab[2]
    assert ["lab", "solve", lab_id] in guide_commands("format-tp.md")
    _ok(root, ["lab", "solve", lab_id])
    assert f"(../tp/{lab_id}.md)" in page.read_text(encoding="utf-8")

    # « Écrire un quiz » : a quiz of its own, placed in a page as the guide shows.
    [quiz] = _new_commands("format-quiz.md", "quiz")
    _ok(root, quiz)
    quiz_id = quiz[2]
    final = root / "docs" / "chapitres" / "evaluation-finale.md"
    final.write_text(
        final.read_text(encoding="utf-8") + f"\n```quiz\nid: {quiz_id}\n```\n", encoding="utf-8"
    )
    _ok(root, ["quiz", "check", "quizzes/"])

    # The whole course checks and builds, with the new pages in the menu.
    _ok(root, ["check"])
    nav = [entry.page for entry in Course(root).nav()]
    assert created.group(1).removeprefix("docs/") in nav and f"tp/{lab_id}.md" in nav
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        env={**os.environ, "HVLAB_SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    chapter_html = site / created.group(1).removeprefix("docs/").removesuffix(".md") / "index.html"
    assert "Flatcar est un système minimal" in chapter_html.read_text(encoding="utf-8")
    assert (site / "tp" / lab_id / "index.html").is_file()
