"""The shared grading vectors (tests/quiz/vectors.json): Python's grader and the browser's.

Each vector gives a question as written in YAML, a response, the hints used and what a student
must see: ``score``, ``max``, ``correct`` (and, for some, the exact ``answer_text`` and
``feedback``), worked out by hand from the rules of ``docs/reference/quiz.md``. Python's grader
must give them; the browser's grader (``hvlab/site/js/quiz/grading.js``, run under Node) must
give *everything* Python gives on every field a student sees: score, max, correct, feedback,
verdict, expected answer, option feedback, explanation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.quiz import QUESTION_TYPES, grade_question, question_from_dict, variant
from hvlab.quiz.compile import grading_key
from hvlab.quiz.grading import unwrap_response
from tests.quiz.jsrun import GRADING, js_values

VECTORS_FILE = Path(__file__).with_name("vectors.json")
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
#: Fields of the result a student sees (the rest, id and fraction, follow from them).
SEEN = (
    "score",
    "max",
    "correct",
    "feedback",
    "verdict",
    "expected",
    "option_feedback",
    "explanation",
    "hints_used",
    "seed",
)


def test_vectors_cover_every_question_type() -> None:
    types = {v["question"]["type"] for v in VECTORS}
    assert types == set(QUESTION_TYPES)
    assert len(VECTORS) >= 40


def test_vectors_have_unique_names_and_the_contract_keys() -> None:
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names))
    for vector in VECTORS:
        assert {"name", "question", "response", "hints_used", "expected"} <= set(vector)
        assert {"score", "max", "correct"} <= set(vector["expected"])
        assert set(vector["expected"]) <= {"score", "max", "correct", "answer_text", "feedback"}


def _python(vector: dict[str, Any]) -> dict[str, Any]:
    question = question_from_dict(vector["question"])
    result = grade_question(question, vector["response"], hints_used=vector["hints_used"])
    return json.loads(json.dumps(result.to_dict()))


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_python_grading(vector: dict[str, Any]) -> None:
    result = _python(vector)
    expected = vector["expected"]
    assert result["score"] == pytest.approx(expected["score"], abs=1e-9)
    assert result["max"] == expected["max"]
    assert result["correct"] is expected["correct"]
    assert result["feedback"]
    if "answer_text" in expected:
        assert result["expected"] == expected["answer_text"]
    if "feedback" in expected:
        assert result["feedback"] == expected["feedback"]


@pytest.mark.parametrize("vector", [v for v in VECTORS if "variant" in v], ids=lambda v: v["name"])
def test_vector_variant_is_what_python_draws(vector: dict[str, Any]) -> None:
    question = question_from_dict(vector["question"])
    shown = variant(question, vector["variant"]["seed"])
    assert dict(shown.params) == vector["variant"]["params"]
    assert shown.answer == vector["variant"]["answer"]


@pytest.fixture(scope="module")
def js_grades() -> dict[str, Any]:
    """The browser grader's result of every vector (one Node process for all)."""
    calls = []
    for vector in VECTORS:
        question = question_from_dict(vector["question"])
        _value, seed, _hints = unwrap_response(vector["response"])
        key = grading_key(question, seed)
        calls.append(("gradeQuestion", [key, vector["response"], vector["hints_used"]]))
    results = js_values(GRADING, calls)
    return {v["name"]: r for v, r in zip(VECTORS, results, strict=True)}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_browser_grader_says_what_python_says(
    vector: dict[str, Any], js_grades: dict[str, Any]
) -> None:
    js = js_grades[vector["name"]]
    assert "error" not in js, js
    python = _python(vector)
    assert {k: js[k] for k in SEEN} == {k: python[k] for k in SEEN}
