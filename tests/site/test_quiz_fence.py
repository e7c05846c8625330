"""The ``quiz`` fence: a quiz container without answers, and French problems for bad references."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path
from typing import Any

import markdown
import pytest

from hvlab.quiz.compile import unseal
from hvlab.site.embed import EmbedContext
from hvlab.site.quiz_fence import format_quiz
from tests.conftest import ROOT
from tests.site.fence_page import fence_markdown

QUIZ = textwrap.dedent(
    """\
    id: essai
    title: Un quiz d'essai
    questions:
      - id: type
        type: single
        prompt: ESXi est un hyperviseur de quel type ?
        options:
          - {text: Hyperviseur natif sur le matériel, correct: true, feedback: "Oui, bravo."}
          - {text: Logiciel hébergé par un OS, feedback: "Non, c'est VirtualBox."}
      - id: sigle
        type: text
        prompt: Quel sigle désigne le moniteur de machines virtuelles ?
        accept: [VMM]
      - id: ordre
        type: ordering
        prompt: Rangez les couches de bas en haut.
        items: [Matériel, Hyperviseur, Machines virtuelles]
    """
)


def _markdown(root: Path) -> tuple[markdown.Markdown, EmbedContext]:
    context = EmbedContext(root=root)
    return fence_markdown(context, "quiz", format_quiz), context


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "essai.yaml").write_text(QUIZ, encoding="utf-8")
    return tmp_path


def _compiled(page: str) -> dict[str, Any]:
    match = re.search(r'<div class="hvlab-quiz" data-quiz="[^"]*" data-hvlab-quiz="([^"]*)">', page)
    assert match, page
    data: dict[str, Any] = json.loads(unescape(match.group(1)))
    return data


def test_quiz_fence_embeds_the_compiled_quiz(project: Path) -> None:
    md, context = _markdown(project)
    html = md.convert("# Page\n\n```quiz\nid: essai\n```\n")
    assert context.take_problems() == []
    assert '<div class="hvlab-quiz" data-quiz="essai" data-hvlab-quiz="' in html
    data = _compiled(html)
    assert data["id"] == "essai"
    assert [q["type"] for q in data["questions"]] == ["single", "text", "ordering"]
    assert data["max"] == 3.0
    assert "<noscript>" in html


def test_quiz_fence_page_source_has_no_answer_and_no_yaml(project: Path) -> None:
    md, _context = _markdown(project)
    page = md.convert("```quiz\nid: essai\n```\n")
    assert "<script" not in page, "Material's instant navigation would run it as JavaScript"
    html = unescape(page)
    assert '"correct"' not in html
    assert "correct: true" not in html
    assert "VMM" not in html.replace("moniteur de machines virtuelles", "")
    assert "Oui, bravo" not in html
    assert "accept" not in html
    # The items are shown, but never in the right order.
    data = _compiled(page)
    items = [i["html"] for i in data["questions"][2]["variants"][0]["items"]]
    assert sorted(items) == sorted(["Matériel", "Hyperviseur", "Machines virtuelles"])
    assert items != ["Matériel", "Hyperviseur", "Machines virtuelles"]


def test_quiz_fence_key_decodes_to_the_grading_fields(project: Path) -> None:
    md, _context = _markdown(project)
    data = _compiled(md.convert("```quiz\nid: essai\n```\n"))
    salt = base64.b64decode(data["salt"])

    def opened(index: int) -> Any:
        shown = data["questions"][index]["variants"][0]
        return unseal(shown["sealed"], salt, shown["id"], shown["seed"])

    single = opened(0)
    assert [o["correct"] for o in single["key"]["options"]] == [True, False]
    assert single["html"]["feedback"][0] == "<p>Oui, bravo.</p>"
    assert opened(1)["key"]["accept"] == ["VMM"]


def test_quiz_fence_reports_an_unknown_id_in_french(project: Path) -> None:
    md, context = _markdown(project)
    html = md.convert("```quiz\nid: hyperviseurs-inconnus\n```\n")
    problems = context.take_problems()
    assert len(problems) == 1
    assert "« hyperviseurs-inconnus » introuvable" in problems[0]
    assert "quizzes/hyperviseurs-inconnus.yaml" in problems[0]
    assert "essai" in problems[0], "the message lists the quizzes that exist"
    assert "hvlab-embed-error" in html and "introuvable" in html


def test_quiz_fence_reports_an_invalid_quiz_with_its_problems(project: Path) -> None:
    (project / "quizzes" / "casse.yaml").write_text(
        "id: casse\ntitle: Cassé\nquestions:\n  - id: q\n    type: single\n    prompt: ?\n"
        "    options:\n      - {text: a}\n      - {text: b}\n",
        encoding="utf-8",
    )
    md, context = _markdown(project)
    html = md.convert("```quiz\nid: casse\n```\n")
    problems = context.take_problems()
    assert len(problems) == 1
    assert "« casse » est invalide" in problems[0]
    assert "hvlab quiz check quizzes/casse.yaml" in problems[0]
    assert "quizzes/casse.yaml:" in problems[0] and str(project) not in problems[0]
    assert "hvlab-embed-error" in html


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "sans identifiant"),
        ("titre: essai", "sans identifiant"),
        ("id: [1, 2]", "doit être un texte"),
        ("id: essai\nniveau: 2", "clé(s) inconnue(s) « niveau »"),
        ("id: : :", "YAML invalide"),
    ],
)
def test_quiz_fence_reports_a_malformed_body(project: Path, body: str, expected: str) -> None:
    md, context = _markdown(project)
    html = md.convert(f"```quiz\n{body}\n```\n")
    problems = context.take_problems()
    assert len(problems) == 1 and expected in problems[0], problems
    assert "hvlab-embed-error" in html


def _tiny_project(tmp_path: Path, page: str) -> Path:
    """A MkDocs project using the hvlab plugin and the quiz fence, with the course's quizzes."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (tmp_path / "docs" / "quiz.md").write_text(page, encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "essai.yaml").write_text(QUIZ, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Essai
            strict: true
            plugins:
              - hvlab:
                  node_modules: {ROOT / "node_modules"}
                  built_assets: {ROOT / "build" / "assets"}
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: quiz
                      class: hvlab-quiz
                      format: !!python/name:hvlab.site.quiz_fence.format_quiz
            """
        ),
        encoding="utf-8",
    )
    return tmp_path


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.slow
def test_strict_build_fails_on_an_unknown_quiz_naming_page_and_id(tmp_path: Path) -> None:
    project = _tiny_project(tmp_path, "# Quiz\n\n```quiz\nid: quiz-fantome\n```\n")
    result = _build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Page « quiz.md »" in output
    assert "« quiz-fantome » introuvable" in output


@pytest.mark.slow
def test_strict_build_embeds_a_known_quiz(tmp_path: Path) -> None:
    project = _tiny_project(tmp_path, "# Quiz\n\n```quiz\nid: essai\n```\n")
    result = _build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert 'data-quiz="essai"' in html
    assert re.search(r'<script src="[./]*assets/hvlab/quiz\.bundle\.js" type="module"', html)
    assert (project / "site" / "assets" / "hvlab" / "quiz.bundle.js").is_file()
