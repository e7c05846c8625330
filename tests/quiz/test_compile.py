"""hvlab.quiz.compile: what the page shows in clear, what it keeps sealed, and the variants."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.quiz.compile import (
    DEFAULT_VARIANT_COUNT,
    compile_quiz,
    grading_key,
    quiz_salt,
    seal,
    unseal,
)
from hvlab.quiz.loader import load_quiz, quiz_from_dict
from hvlab.quiz.model import Quiz
from hvlab.quiz.variants import variant
from tests.conftest import ROOT
from tests.quiz.samples import MATCHING, ORDERING

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
        MATCHING,
        ORDERING,
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


def _sealed(compiled: dict[str, Any], index: int, variant_index: int = 0) -> Any:
    shown = compiled["questions"][index]["variants"][variant_index]
    return unseal(shown["sealed"], base64.b64decode(compiled["salt"]), shown["id"], shown["seed"])


def test_seal_round_trips_and_hides_the_text() -> None:
    salt = bytes(range(1, 17))
    data = {"accept": ["migration à chaud"], "correct": True}
    blob = seal(data, salt, "q123", 4)
    assert unseal(blob, salt, "q123", 4) == data
    assert "migration" not in base64.b64decode(blob).decode("latin-1")
    assert "correct" not in blob
    with pytest.raises(ValueError):
        unseal(blob, salt, "q123", 5)


def test_quiz_salt_is_stable_and_depends_on_the_content(quiz: Quiz) -> None:
    assert quiz_salt(quiz) == quiz_salt(quiz_from_dict(QUIZ))
    assert len(quiz_salt(quiz)) == 16
    other = quiz_from_dict({**QUIZ, "title": "Autre titre"})
    assert quiz_salt(other) != quiz_salt(quiz)


def test_compile_quiz_header(compiled: dict[str, Any]) -> None:
    assert compiled["format"] == "hvlab-quiz" and compiled["version"] == 2
    assert compiled["id"] == "compilation"
    assert compiled["description"] == "<p>Un <em>quiz</em> de test.</p>"
    assert compiled["pass_mark"] == 0.5
    assert compiled["max"] == 7.0
    assert len(compiled["questions"]) == len(QUIZ["questions"])
    assert all(q["id"].startswith("q") and len(q["id"]) == 13 for q in compiled["questions"])


def test_compile_quiz_clear_part_has_no_grading_field(compiled: dict[str, Any]) -> None:
    text = json.dumps(compiled, ensure_ascii=False)
    for field in ('"correct"', '"accept"', '"answer"', '"tolerance"', '"pairs"', '"feedback'):
        assert field not in text, field
    for secret in ("Hyperviseur", "Oui.", "Non : type 2.", "serveur nu", "bare metal"):
        assert secret not in text, secret
    for question in QUIZ["questions"]:
        assert f'"{question["id"]}"' not in text, "question ids may give the answer away"


def test_compile_quiz_ships_the_student_view(compiled: dict[str, Any]) -> None:
    single = compiled["questions"][0]
    shown = single["variants"][0]
    assert shown["prompt"] == "<p>Quel hyperviseur est de <strong>type 1</strong> ?</p>"
    assert shown["prompt_inline"] == "Quel hyperviseur est de <strong>type 1</strong> ?"
    assert [c["html"] for c in shown["choices"]] == ["VirtualBox", "ESXi"]
    assert all(set(c) == {"id", "html"} for c in shown["choices"])
    assert shown["hint_count"] == 1 and shown["hint_penalty"] == 0.5
    assert single["parametrised"] is False and shown["seed"] is None


def test_compile_quiz_sealed_blob_holds_key_ids_and_feedback(compiled: dict[str, Any]) -> None:
    single = _sealed(compiled, 0)
    assert [o["correct"] for o in single["key"]["options"]] == [False, True]
    assert single["key"]["id"] == "choix"
    shown_ids = [c["id"] for c in compiled["questions"][0]["variants"][0]["choices"]]
    assert single["ids"]["choices"] == shown_ids
    assert single["html"]["feedback"] == ["<p>Non : type 2.</p>", "<p>Oui.</p>"]
    assert single["html"]["hints"] == ["<p>Pensez au <em>bare metal</em>.</p>"]
    assert single["html"]["explanation"] == "<p>ESXi s'installe sur le serveur nu.</p>"
    assert _sealed(compiled, 1)["key"]["answer"] is False
    numeric = _sealed(compiled, 2)["key"]
    assert (numeric["answer"], numeric["tolerance"], numeric["unit"]) == (7.5, "10%", "%")
    assert _sealed(compiled, 3)["key"]["accept"] == ["Hyperviseur"]
    assert _sealed(compiled, 5)["key"]["items"] == ["un", "deux", "trois"]


def test_compile_quiz_matching_lists_rights_once_and_sorted(compiled: dict[str, Any]) -> None:
    shown = compiled["questions"][4]["variants"][0]
    assert [left["html"] for left in shown["left"]] == ["ESXi", "VirtualBox", "Hyper-V"]
    assert [right["html"] for right in shown["right"]] == ["Aucun", "Type 1", "Type 2"]


def test_compile_quiz_ordering_items_never_in_the_right_order(compiled: dict[str, Any]) -> None:
    items = [item["html"] for item in compiled["questions"][5]["variants"][0]["items"]]
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
        assert _sealed(compiled, 6, index)["key"]["answer"] == 2 * n


def test_compile_quiz_extra_seeds_are_shipped(quiz: Quiz) -> None:
    compiled = compile_quiz(quiz, variant_count=2, extra_seeds={"param": [1234]})
    assert [v["seed"] for v in compiled["questions"][6]["variants"]][-1] == 1234


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")), ids=lambda p: p.stem)
def test_compile_every_course_quiz(path: Path) -> None:
    quiz = load_quiz(path)
    compiled = compile_quiz(quiz)
    assert len(compiled["questions"]) == len(quiz.questions)
    for question, shown in zip(quiz.questions, compiled["questions"], strict=True):
        for index, shipped in enumerate(shown["variants"]):
            sealed = _sealed(compiled, compiled["questions"].index(shown), index)
            assert sealed["key"] == grading_key(question, shipped["seed"])


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=False))


def test_attack_known_plaintext_recovers_no_other_blob_and_no_more_of_its_own(
    compiled: dict[str, Any],
) -> None:
    """Issue 15: with one XOR key per quiz, ``{"type":`` at the start of a blob gave the key.

    Every blob starts with the same known bytes. The attacker XORs them out of one blob, then
    tries the bytes found as a repeating key (format 1) on the rest of it and on every other
    blob. Nothing readable comes out.
    """
    blobs = [base64.b64decode(v["sealed"]) for q in compiled["questions"] for v in q["variants"]]
    known = b'{"key":{"id":"'
    found = _xor(blobs[0], known)
    assert _xor(blobs[0], found) == known  # the attacker does learn what they knew already
    for blob in blobs[1:]:
        assert _xor(blob, found) != known
    repeated = (found * (len(blobs[0]) // len(found) + 1))[: len(blobs[0])]
    with pytest.raises(ValueError):  # UnicodeDecodeError or JSONDecodeError: garbage
        json.loads(_xor(blobs[0], repeated).decode("utf-8"))


def test_old_format_fell_to_the_known_plaintext_attack() -> None:
    """The attack above, on format 1's scheme (one 16-byte key repeated), recovers everything."""
    key = bytes(range(7, 23))
    raw = json.dumps({"type": "single", "options": [{"correct": True}]}).encode()
    blob = bytes(b ^ key[i % 16] for i, b in enumerate(raw))
    known = b'{"type": "single'
    found = _xor(blob, known)
    stream = (found * 64)[: len(blob)]
    assert json.loads(_xor(blob, stream)) == {"type": "single", "options": [{"correct": True}]}
