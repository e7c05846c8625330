"""``hvlab quiz preview``: each question as a student sees it, then its key (issue 23)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from hvlab.cli import main
from hvlab.quiz import load_quiz
from hvlab.quiz.compile import compile_quiz
from hvlab.quiz.preview import preview_quiz, preview_text
from hvlab.quiz.variants import draw_params
from tests.conftest import ROOT

SAMPLE_FILE = ROOT / "quizzes" / "exemple-tous-types.yaml"
SAMPLE = load_quiz(SAMPLE_FILE)


def _block(text: str, question_id: str) -> str:
    """The lines of the question ``question_id`` in the text preview."""
    start = re.search(rf"^Question \d+ \([^)]*\) · {re.escape(question_id)} ·", text, re.M)
    assert start, question_id
    end = text.find("\nQuestion ", start.end())
    return text[start.start() : end if end >= 0 else len(text)]


def test_preview_shows_what_the_site_shows() -> None:
    preview = preview_quiz(SAMPLE)
    compiled = compile_quiz(SAMPLE)
    for shown, shipped in zip(preview.questions, compiled["questions"], strict=True):
        if shown.question.params:
            continue
        site = {k: v for k, v in shipped["variants"][0].items() if k != "sealed"}
        assert shown.variants[0].view.to_dict() == site


def test_preview_text_gives_the_view_then_the_key() -> None:
    text = preview_text(preview_quiz(SAMPLE))
    assert text.startswith(
        "Quiz « Exemple : tous les types de questions » (exemple-tous-types) : 12 questions, "
        "14 points, seuil de réussite 60\u00a0%."
    )
    esxi = _block(text, "type-esxi")
    shown = re.findall(r"^    ([a-c])\) (.*)$", esxi, re.M)
    letter = next(ch for ch, option in shown if option == "Type 1 (natif, *bare metal*)")
    assert f"✓ {letter}) Type 1 (natif, *bare metal*) — Oui : ESXi s'installe" in esxi
    assert "✗" in esxi and "Indices, chacun coûte 25\u00a0% des points :" in esxi
    assert "Explication :" in esxi and "ESXi, Hyper-V et Xen" in esxi
    numeric = _block(text, "memoire-hotes")
    assert "→ Réponse attendue : 24\u202fGo (à 5\u00a0% près)" in numeric
    assert "Unités acceptées : « Go », « Mo » (× 0,001), « To » (× 1\u202f000)." in numeric
    accepted = _block(text, "migration-a-chaud")
    assert "Réponses acceptées : « vMotion », « VMware vMotion » (casse ignorée" in accepted
    order = _block(text, "couches-esxi")
    assert "Barème : tout ou rien." in order
    assert "1. Matériel (CPU, RAM, réseau, stockage)\n    2. Couche de virtualisation" in order


@pytest.mark.parametrize("count", [1, 4])
def test_preview_draws_n_variants_each_with_its_answer(count: int) -> None:
    text = preview_text(preview_quiz(SAMPLE, variants=count))
    block = _block(text, "hotes-necessaires")
    assert f"{count} variante{'s' if count > 1 else ''} montrée" in block
    question = SAMPLE.question("hotes-necessaires")
    for seed in range(count):
        params = draw_params(question, seed)
        hosts = math.ceil(round(params["servers"] * params["util"] / 0.8, 9))
        assert re.search(
            rf"Variante {seed} \(servers = {params['servers']}, .*\n(?:.*\n)*?"
            rf"    → Réponse attendue : {hosts}\n",
            block,
        ), (seed, params, hosts)
    assert f"Variante {count} " not in block
    # Hints and explanation are written with the first variant's numbers, not {servers}.
    assert "{servers}" not in block and "(variante 0)" in block


def test_preview_as_data_for_the_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "preview", "exemple-tous-types", "--quizzes", str(ROOT / "quizzes"),
                 "--variants", "2", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "exemple-tous-types" and len(data["questions"]) == 12
    first = data["questions"][0]
    assert [o["correct"] for o in first["options"]].count(True) == 1
    assert first["variants"][0]["view"]["type"] == "single"
    parametrised = next(q for q in data["questions"] if q["id"] == "hotes-necessaires")
    assert [v["seed"] for v in parametrised["variants"]] == [0, 1]


def test_preview_by_path_and_refusals_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "preview", str(SAMPLE_FILE), "--variants", "1"]) == 0
    assert capsys.readouterr().out.startswith("Quiz « Exemple")
    assert main(["quiz", "preview", "stockagee", "--quizzes", str(ROOT / "quizzes")]) == 1
    err = capsys.readouterr().err
    assert "quiz « stockagee » introuvable" in err and "stockage" in err
    assert main(["quiz", "preview", "stockage", "--variants", "500"]) == 1
    assert "--variants doit être entre 1 et 50 (reçu : 500)" in capsys.readouterr().err
    with pytest.raises(ValueError, match="entre 1 et 50"):
        preview_quiz(SAMPLE, variants=0)
