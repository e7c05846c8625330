"""The shared grading vectors (tests/quiz/vectors.json) against the Python grader.

The browser's JavaScript grader runs the same file (tests/browser); both must satisfy every vector.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.quiz import QUESTION_TYPES, grade_question, question_from_dict, variant

VECTORS_FILE = Path(__file__).with_name("vectors.json")
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


def test_vectors_cover_every_question_type() -> None:
    types = {v["question"]["type"] for v in VECTORS}
    assert types == set(QUESTION_TYPES)
    assert len(VECTORS) >= 40


def test_vectors_have_unique_names_and_the_contract_keys() -> None:
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names))
    for vector in VECTORS:
        assert {"name", "question", "response", "hints_used", "expected"} <= set(vector)
        assert set(vector["expected"]) == {"score", "max", "correct"}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_python_grading(vector: dict[str, Any]) -> None:
    question = question_from_dict(vector["question"])
    result = grade_question(question, vector["response"], hints_used=vector["hints_used"])
    expected = vector["expected"]
    assert result.score == pytest.approx(expected["score"], abs=1e-9)
    assert result.max == expected["max"]
    assert result.correct is expected["correct"]
    assert result.feedback


@pytest.mark.parametrize("vector", [v for v in VECTORS if "variant" in v], ids=lambda v: v["name"])
def test_vector_variant_is_what_python_draws(vector: dict[str, Any]) -> None:
    question = question_from_dict(vector["question"])
    shown = variant(question, vector["variant"]["seed"])
    assert dict(shown.params) == vector["variant"]["params"]
    assert shown.answer == vector["variant"]["answer"]
