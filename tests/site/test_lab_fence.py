"""The ``lab`` fence: a lab (or one step) rendered at build time for the browser runtime."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from hvlab.site.embed import EmbedContext
from hvlab.site.lab_fence import format_lab
from tests.site.fence_page import fence_markdown

MINI = Path(__file__).resolve().parents[1] / "labs" / "fixtures" / "mini"


@pytest.fixture
def context(tmp_path: Path) -> EmbedContext:
    shutil.copytree(MINI, tmp_path / "labs" / "mini")
    (tmp_path / "labs" / "scenarios").mkdir()
    return EmbedContext(root=tmp_path)


def render(context: EmbedContext, body: str) -> str:
    md = fence_markdown(context, "lab", format_lab)
    return str(md.convert(f"```lab\n{body}\n```\n"))


def step_data(page: str) -> list[dict[str, Any]]:
    attributes = re.findall(r'<section [^>]*data-json="([^"]*)"', page)
    return [json.loads(html.unescape(value)) for value in attributes]


def test_format_lab_renders_header_every_step_and_question(context: EmbedContext) -> None:
    page = render(context, "id: mini")
    assert 'data-lab="mini"' in page
    assert "Durée indicative</dt><dd>10 min</dd>" in page
    assert "<li>Calculer une borne inférieure</li>" in page
    assert "<li>Chapitre 2</li>" in page
    assert "Étape 1 : La borne inférieure" in page
    assert "Étape 2 : Afficher" in page
    assert "Question de synthèse" in page and "Pourquoi ne pas remplir" in page
    assert "Éléments de réponse" not in page  # the mini lab gives no answer
    # instructions are Markdown rendered at build time
    assert "<code>hotes</code>" in page
    assert context.take_problems() == []


def test_format_lab_embeds_code_checks_hints_and_solution_rule(context: EmbedContext) -> None:
    first, second = step_data(render(context, "id: mini"))
    folder = MINI
    assert first["starter"] == (folder / "etape1_depart.py").read_text(encoding="utf-8")
    assert "solution" not in first
    assert re.fullmatch(r"mini/borne-[0-9a-f]{16}\.json", first["solution_file"])
    assert first["checks"] == (folder / "etape1_verif.py").read_text(encoding="utf-8")
    assert first["solution_after"] == {"mode": "attempts", "attempts": 2}
    assert len(first["hints"]) == 1 and first["hints"][0].startswith("<p>Divisez")
    assert second["solution_after"] == {"mode": "success", "attempts": 0}


def test_the_page_holds_no_solution_and_the_solution_files_do(
    context: EmbedContext, tmp_path: Path
) -> None:
    from hvlab.labs.loader import load_lab
    from hvlab.site.lab_fence import SOLUTIONS_DIR, write_solution_files

    page = render(context, "id: mini")
    lab = load_lab(MINI)
    site = tmp_path / "site"
    assert write_solution_files(context, site) == len(lab.steps)
    for step, data in zip(lab.steps, step_data(page), strict=True):
        own_lines = set(step.solution.splitlines()) - set(step.starter.splitlines())
        shown = page + html.unescape(page)
        assert own_lines and not any(line.strip() and line in shown for line in own_lines)
        written = json.loads((site / SOLUTIONS_DIR / data["solution_file"]).read_text("utf-8"))
        assert written == {"solution": step.solution}


def test_format_lab_shows_one_step_by_number_or_id(context: EmbedContext) -> None:
    for body in ("id: mini\nstep: 2", "id: mini\nstep: affichage"):
        page = render(context, body)
        assert [s["id"] for s in step_data(page)] == ["affichage"]
        assert 'data-only-step="2"' in page
        assert "Objectifs" not in page


def test_format_lab_sets_the_time_limit(context: EmbedContext) -> None:
    assert 'data-time-limit-s="10"' in render(context, "id: mini")
    assert 'data-time-limit-s="2.5"' in render(context, "id: mini\ntime_limit_s: 2.5")


def test_format_lab_reports_an_unknown_lab_with_the_known_ids(context: EmbedContext) -> None:
    page = render(context, "id: inconnu")
    problems = context.take_problems()
    assert len(problems) == 1
    assert "« inconnu » introuvable" in problems[0]
    assert "TP disponibles : mini" in problems[0]
    assert "scenarios" not in problems[0]
    assert "hvlab-embed-error" in page
    assert html.escape(problems[0]) in page


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("id: mini\nstep: 7", "n'a pas d'étape « 7 » ; étapes : 1 (borne), 2 (affichage)"),
        ("step: 1", "doit contenir « id: <identifiant du TP> »"),
        ("id: mini\ncouleur: bleu", "clé(s) inconnue(s) dans le bloc « lab » : couleur"),
        ("id: mini\ntime_limit_s: -1", "« time_limit_s » doit être un nombre de secondes positif"),
        ("id: [mini", "n'est pas du YAML valide"),
    ],
)
def test_format_lab_reports_a_wrong_fence_in_french(
    context: EmbedContext, body: str, expected: str
) -> None:
    page = render(context, body)
    problems = context.take_problems()
    assert len(problems) == 1 and expected in problems[0]
    assert "hvlab-embed-error" in page


def test_format_lab_keeps_markup_in_code_inert(context: EmbedContext) -> None:
    starter = MINI / "etape1_depart.py"
    target = context.labs_dir / "mini" / "etape1_depart.py"
    target.write_text(
        starter.read_text(encoding="utf-8") + 'print("</script><script>alert(1)</script>")\n',
        encoding="utf-8",
    )
    page = render(context, "id: mini")
    assert "<script>alert(1)" not in page
    assert "</script>" not in page
    assert step_data(page)[0]["starter"].endswith('print("</script><script>alert(1)</script>")\n')


def test_format_lab_offers_the_answer_folded_when_the_lab_gives_one(
    context: EmbedContext,
) -> None:
    lab_file = context.labs_dir / "mini" / "lab.yaml"
    lab_file.write_text(
        lab_file.read_text(encoding="utf-8") + "answer: Pour garder une **marge**.\n",
        encoding="utf-8",
    )
    page = render(context, "id: mini")
    assert (
        '<details class="hvlab-lab-answer success"><summary>Éléments de réponse</summary>' in page
    )
    assert "<strong>marge</strong>" in page
