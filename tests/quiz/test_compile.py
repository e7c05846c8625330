"""hvlab.quiz.compile: what the page shows in clear, what it keeps encoded, and the variants."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.quiz.compile import (
    DEFAULT_VARIANT_COUNT,
    compile_quiz,
    decode_key,
    encode_key,
    quiz_key,
)
from hvlab.quiz.loader import load_quiz, quiz_from_dict
from hvlab.quiz.model import Quiz
from hvlab.quiz.variants import variant
from tests.conftest import ROOT

QUIZ: dict[str, Any] = {
    "id": "compilation",
    "title": "Compilation",
    "description": "Un *quiz* de test.",
    "pass_mark": 0.5,
    "questions": [
        {
            "id": "choix",
            "type": "single",
            "prompt": "Quel hyperviseur est de **type 1** ?",
            "options": [
                {"text": "VirtualBox", "feedback": "Non : type 2."},
                {"text": "ESXi", "correct": True, "feedback": "Oui."},
            ],
            "hints": ["Pensez au *bare metal*."],
            "hint_penalty": 0.5,
            "explanation": "ESXi s'installe sur le serveur nu.",
        },
        {"id": "vf", "type": "true_false", "prompt": "Vrai ?", "answer": False},
        {
            "id": "nombre",
            "type": "numeric",
            "prompt": "Combien ?",
            "answer": 7.5,
            "tolerance": "10%",
            "unit": "%",
        },
        {"id": "mot", "type": "text", "prompt": "Le mot ?", "accept": ["Hyperviseur"]},
        {
            "id": "paires",
            "type": "matching",
            "prompt": "Associez.",
            "pairs": [
                {"left": "ESXi", "right": "Type 1"},
                {"left": "VirtualBox", "right": "Type 2"},
                {"left": "Hyper-V", "right": "Type 1"},
            ],
            "distractors": ["Aucun"],
        },
        {"id": "ordre", "type": "ordering", "prompt": "Rangez.", "items": ["un", "deux", "trois"]},
        {
            "id": "param",
            "type": "numeric",
            "params": {"n": {"range": [1, 30]}},
            "prompt": "Le double de {n} ?",
            "answer": "2 * n",
        },
    ],
}


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return quiz_from_dict(QUIZ)


@pytest.fixture(scope="module")
def compiled(quiz: Quiz) -> dict[str, Any]:
    return compile_quiz(quiz)


def _key(compiled: dict[str, Any], index: int, variant_index: int = 0) -> Any:
    question = compiled["questions"][index]
    return decode_key(question["variants"][variant_index]["key"], base64.b64decode(compiled["key"]))


def test_encode_key_round_trips_and_hides_the_text() -> None:
    key = bytes(range(1, 17))
    data = {"accept": ["migration à chaud"], "correct": True}
    blob = encode_key(data, key)
    assert decode_key(blob, key) == data
    assert "migration" not in base64.b64decode(blob).decode("latin-1")
    assert "correct" not in blob


def test_quiz_key_is_stable_and_depends_on_the_content(quiz: Quiz) -> None:
    assert quiz_key(quiz) == quiz_key(quiz_from_dict(QUIZ))
    assert len(quiz_key(quiz)) == 16
    other = quiz_from_dict({**QUIZ, "title": "Autre titre"})
    assert quiz_key(other) != quiz_key(quiz)


def test_compile_quiz_header(compiled: dict[str, Any]) -> None:
    assert compiled["format"] == "hvlab-quiz" and compiled["version"] == 1
    assert compiled["id"] == "compilation"
    assert compiled["description"] == "<p>Un <em>quiz</em> de test.</p>"
    assert compiled["pass_mark"] == 0.5
    assert compiled["max"] == 7.0
    assert [q["id"] for q in compiled["questions"]] == [q["id"] for q in QUIZ["questions"]]


def test_compile_quiz_clear_part_has_no_grading_field(compiled: dict[str, Any]) -> None:
    text = json.dumps(compiled, ensure_ascii=False)
    for field in ('"correct"', '"accept"', '"answer"', '"tolerance"', '"pairs"', '"feedback'):
        assert field not in text, field
    for secret in ("Hyperviseur", "Oui.", "Non : type 2.", "serveur nu", "bare metal"):
        assert secret not in text, secret


def test_compile_quiz_renders_prompts_and_options_in_source_order(compiled: dict[str, Any]) -> None:
    single = compiled["questions"][0]
    shown = single["variants"][0]
    assert shown["prompt"] == "<p>Quel hyperviseur est de <strong>type 1</strong> ?</p>"
    assert shown["prompt_inline"] == "Quel hyperviseur est de <strong>type 1</strong> ?"
    assert shown["options"] == [{"index": 0, "html": "VirtualBox"}, {"index": 1, "html": "ESXi"}]
    assert single["hint_count"] == 1 and single["parametrised"] is False
    assert shown["seed"] is None


def test_compile_quiz_key_holds_the_grading_fields(compiled: dict[str, Any]) -> None:
    single = _key(compiled, 0)
    assert [o["correct"] for o in single["options"]] == [False, True]
    assert single["options"][1]["feedback_html"] == "<p>Oui.</p>"
    assert single["hint_penalty"] == 0.5
    assert single["hints"] == ["<p>Pensez au <em>bare metal</em>.</p>"]
    assert single["explanation_html"] == "<p>ESXi s'installe sur le serveur nu.</p>"
    assert _key(compiled, 1)["answer"] is False
    numeric = _key(compiled, 2)
    assert (numeric["answer"], numeric["tolerance"], numeric["unit"]) == (7.5, "10%", "%")
    assert _key(compiled, 3)["accept"] == ["Hyperviseur"]
    assert _key(compiled, 5)["items"] == ["un", "deux", "trois"]


def test_compile_quiz_matching_lists_rights_once_and_sorted(compiled: dict[str, Any]) -> None:
    shown = compiled["questions"][4]["variants"][0]
    assert [left["text"] for left in shown["left"]] == ["ESXi", "VirtualBox", "Hyper-V"]
    assert [right["text"] for right in shown["right"]] == ["Aucun", "Type 1", "Type 2"]


def test_compile_quiz_ordering_items_never_in_the_right_order(compiled: dict[str, Any]) -> None:
    items = [item["text"] for item in compiled["questions"][5]["variants"][0]["items"]]
    assert sorted(items) == sorted(["un", "deux", "trois"])
    assert items != ["un", "deux", "trois"]


def test_compile_quiz_ships_variants_with_their_own_answer(
    quiz: Quiz, compiled: dict[str, Any]
) -> None:
    question = compiled["questions"][6]
    assert question["parametrised"] is True
    seeds = [v["seed"] for v in question["variants"]]
    assert seeds == sorted(seeds) and len(seeds) <= DEFAULT_VARIANT_COUNT and len(seeds) >= 5
    for index, shown in enumerate(question["variants"]):
        n = variant(quiz.question("param"), shown["seed"]).params["n"]
        assert shown["prompt"] == f"<p>Le double de {n} ?</p>"
        assert _key(compiled, 6, index)["answer"] == 2 * n


def test_compile_quiz_extra_seeds_are_shipped(quiz: Quiz) -> None:
    compiled = compile_quiz(quiz, variant_count=2, extra_seeds={"param": [1234]})
    assert [v["seed"] for v in compiled["questions"][6]["variants"]][-1] == 1234


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")), ids=lambda p: p.stem)
def test_compile_every_course_quiz(path: Path) -> None:
    quiz = load_quiz(path)
    compiled = compile_quiz(quiz)
    key = base64.b64decode(compiled["key"])
    assert len(compiled["questions"]) == len(quiz.questions)
    for question, shown in zip(quiz.questions, compiled["questions"], strict=True):
        for shipped in shown["variants"]:
            assert decode_key(shipped["key"], key)["type"] == question.type
