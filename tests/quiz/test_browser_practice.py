"""Practice mode under Node: it opens what Python sealed and shows what Python shows.

``quiz/seal.js`` must open every blob ``hvlab.quiz.compile`` seals, and ``quiz/practice.js``
must turn a response in view ids into the same result view as :func:`hvlab.quiz.view.result_view`
(score, feedback, marks, option feedback, expected answer, explanation, right ids) — the grading
server sends that very shape, so the quiz UI shows both modes alike.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from hvlab.quiz import grade_question, load_quiz, question_from_dict
from hvlab.quiz.compile import compile_quiz, unseal
from hvlab.quiz.grading import unwrap_response
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.view import quiz_secret, response_from_view, result_view, source_ids
from tests.conftest import ROOT
from tests.quiz.jsrun import PRACTICE, SEAL, js_values

VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "quiz" / "vectors.json").read_text(encoding="utf-8")
)


def test_browser_opens_every_sealed_blob_of_a_course_quiz() -> None:
    quiz = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
    compiled = compile_quiz(quiz)
    salt = base64.b64decode(compiled["salt"])
    shipped = [v for q in compiled["questions"] for v in q["variants"]]
    calls = [("unseal", [v["sealed"], compiled["salt"], v["id"], v["seed"]]) for v in shipped]
    opened = js_values(SEAL, calls)
    assert opened == [unseal(v["sealed"], salt, v["id"], v["seed"]) for v in shipped]
    assert opened[0]["key"]["id"] == quiz.questions[0].id


def _view_response(question: Question, ids: dict[str, Any], value: Any) -> Any:
    """The grader's response written in view ids (None when it cannot be: an unreadable one)."""
    kind = question.type
    try:
        if kind == "single" and isinstance(value, int) and not isinstance(value, bool):
            return ids["choices"][value]
        if kind == "multiple" and isinstance(value, list):
            return [ids["choices"][int(i)] for i in dict.fromkeys(value)]
        if kind == "true_false" and isinstance(value, bool):
            return ids["choices"][0 if value else 1]
        if kind in ("numeric", "text") and isinstance(value, str):
            return value
        if kind == "matching" and isinstance(value, dict):
            lefts = [p.left for p in question.pairs]
            return {
                ids["left"][lefts.index(k)]: ids["right"][ids["rights"].index(v)]
                for k, v in value.items()
                if k in lefts
            }
        if (
            kind == "ordering"
            and isinstance(value, list)
            and sorted(value) == sorted(question.items)
        ):
            return [ids["items"][list(question.items).index(t)] for t in value]
    except (IndexError, ValueError):
        return None
    return None


def _cases() -> list[tuple[str, dict[str, Any], list[Any]]]:
    cases = []
    for vector in VECTORS:
        question = question_from_dict(vector["question"])
        value, seed, hints = unwrap_response(vector["response"])
        if question.params and seed is None:
            continue
        quiz = Quiz(id="vecteurs", title="Vecteurs", questions=(question,))
        secret = quiz_secret(quiz)
        response = _view_response(question, source_ids(question, seed, secret=secret), value)
        if response is None:
            continue
        hints_used = hints if hints is not None else vector["hints_used"]
        graded = response_from_view(question, response, seed=seed, secret=secret)
        result = grade_question(question, graded, hints_used=hints_used)
        python = result_view(question, result, graded, secret=secret)
        compiled = compile_quiz(
            quiz, extra_seeds={question.id: [seed]} if seed is not None else None
        )
        shown = next(v for v in compiled["questions"][0]["variants"] if v["seed"] == seed)
        sealed = unseal(shown["sealed"], base64.b64decode(compiled["salt"]), shown["id"], seed)
        cases.append((vector["name"], python, [sealed, shown["id"], response, hints_used]))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def js_views() -> dict[str, Any]:
    results = js_values(PRACTICE, [("gradeView", c[2]) for c in CASES])
    return {name: result for (name, _python, _args), result in zip(CASES, results, strict=True)}


def test_result_view_cases_cover_every_question_type() -> None:
    assert len(CASES) >= 60
    assert {c[2][0]["key"]["type"] for c in CASES} == {
        "single", "multiple", "true_false", "numeric", "text", "matching", "ordering"
    }  # fmt: skip


@pytest.mark.parametrize(("name", "python", "args"), CASES, ids=[c[0] for c in CASES])
def test_browser_result_view_is_pythons(
    name: str, python: dict[str, Any], args: list[Any], js_views: dict[str, Any]
) -> None:
    assert js_views[name] == json.loads(json.dumps(python))
