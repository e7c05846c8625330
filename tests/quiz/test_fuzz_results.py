"""Random and mutated inputs to what reads students' data: results files, view responses, grading.

Whatever a student's browser (or a student) sends — a results file, a response in view ids, a
response of any shape — the readers answer with a French problem, never another exception; and
the browser's grader agrees with Python's on every field a student sees, for random responses as
well as for the hand-written vectors.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvlab.errors import ValidationError
from hvlab.quiz import grade_question, load_quiz, question_from_dict
from hvlab.quiz.compile import grading_key
from hvlab.quiz.grading import unwrap_response
from hvlab.quiz.regrade import regrade
from hvlab.quiz.results import results_from_dict
from hvlab.quiz.view import ViewResponseError, response_from_view
from tests.conftest import ROOT
from tests.quiz.jsrun import GRADING, js_values

SAMPLE = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "quiz" / "vectors.json").read_text(encoding="utf-8")
)
SECRET = b"f" * 32

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["h000000000000", "2026-11-20T09:00:00Z", "9999-01-01", "=1+1"]),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)

VALID = {
    "format": "hvlab-quiz-results",
    "version": 1,
    "quiz": SAMPLE.id,
    "title": SAMPLE.title,
    "student": "Alice",
    "date": "2026-11-20T09:15:00Z",
    "score": 1,
    "max": 14,
    "questions": [
        {"id": q.id, "score": 0, "max": q.points, "correct": False, "response": None,
         "seed": 3 if q.params else None, "hints_used": 0}
        for q in SAMPLE.questions
    ],
}  # fmt: skip
FIELDS = ["format", "version", "quiz", "student", "date", "score", "max", "questions"]
QUESTION_FIELDS = ["id", "score", "max", "correct", "response", "seed", "hints_used"]


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(FIELDS),
    index=st.integers(min_value=0, max_value=11),
    question_field=st.sampled_from(QUESTION_FIELDS),
    value=json_values,
    where=st.sampled_from(["file", "question"]),
)
def test_mutated_results_file_is_read_or_refused_in_french(
    field: str, index: int, question_field: str, value: Any, where: str
) -> None:
    data = json.loads(json.dumps(VALID))
    if where == "file":
        data[field] = value
    else:
        data["questions"][index][question_field] = value
    try:
        result = results_from_dict(data, file="r.json")
    except ValidationError as error:
        assert error.problems and all(p.message for p in error.problems)
        return
    regraded, _found = regrade(result, SAMPLE)
    assert 0 <= regraded.score <= regraded.max == SAMPLE.max_score


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(index=st.integers(min_value=0, max_value=11), response=json_values)
def test_any_view_response_is_read_or_refused_in_french(index: int, response: Any) -> None:
    question = SAMPLE.questions[index]
    seed = 3 if question.params else None
    try:
        value = response_from_view(question, response, seed=seed, secret=SECRET)
    except ViewResponseError as error:
        assert str(error).startswith("réponse")
        return
    result = grade_question(question, value)
    assert 0 <= result.score <= result.max


def _random_response(rng: random.Random, question: dict[str, Any]) -> Any:
    """Responses near what a UI sends and far from it."""
    options = question.get("options", [])
    items = question.get("items", [])
    pairs = question.get("pairs", [])
    rights = [p["right"] for p in pairs] + question.get("distractors", [])
    pool: list[Any] = [
        None, "", " ", 0, 1, -1, 2.0, 0.5, True, False, [], {}, "7,5", "1e3", "−3", "12 345,6",
        "16 Go", "16go", "abc", "VMotion", "l’hyperviseur", "Migration à chaud", "1.234,5",
        [0], [0, 0], [1, 0], [0, 1.0], ["x"], {"value": 0}, {"value": [0, 1], "hints_used": 1},
        {"seed": 3, "value": "5"}, {"seed": 3.0, "value": "5"}, {"seed": "3", "value": "5"},
    ]  # fmt: skip
    if options:
        pool += [rng.randrange(len(options)), sorted(rng.sample(range(len(options)), 2))]
    if items:
        pool += [rng.sample(items, len(items)), items[:-1], [*items, items[0]]]
    if pairs:
        pool.append({p["left"]: rng.choice(rights) for p in pairs})
        pool.append({p["left"]: 1 for p in pairs})
    return rng.choice(pool)


def test_browser_grader_agrees_with_python_on_random_responses() -> None:
    rng = random.Random(15)
    cases = []
    for _ in range(1500):
        vector = rng.choice(VECTORS)
        question = question_from_dict(vector["question"])
        response = _random_response(rng, vector["question"])
        hints = rng.choice([0, 0, 1, 2, 5])
        _value, seed, _hints = unwrap_response(response)
        if question.params and seed is None:
            seed_for_key: int | None = 0
        else:
            seed_for_key = seed
        if question.params and seed is not None and seed != seed_for_key:
            continue
        cases.append((question, response, hints, grading_key(question, seed_for_key)))
    js = js_values(GRADING, [("gradeQuestion", [k, r, h]) for _q, r, h, k in cases])
    seen = ("score", "max", "correct", "feedback", "verdict", "expected", "option_feedback")
    differences = []
    for (question, response, hints, _key), result in zip(cases, js, strict=True):
        python = json.loads(json.dumps(grade_question(question, response, hints_used=hints)
                                       .to_dict()))  # fmt: skip
        if {k: python[k] for k in seen} != {k: result[k] for k in seen}:
            differences.append(
                (question.id, response, hints, python["feedback"], result["feedback"])
            )
    assert differences == [], differences[:5]
