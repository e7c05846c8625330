"""The browser's quiz grader (quiz.js) against the shared vectors and Python's reading of answers.

Each vector's question is compiled by ``hvlab.quiz.compile`` exactly as a page ships it (keys
obfuscated), then graded by ``quiz.js`` in Chromium on the served site; the score, the maximum and
``correct`` must be those the vector states (the values Python's grading is held to).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from hvlab.quiz.compile import compile_quiz
from hvlab.quiz.grading import unwrap_response
from hvlab.quiz.loader import question_from_dict
from hvlab.quiz.model import Quiz
from hvlab.quiz.normalize import normalize_text, read_quantity
from tests.browser.conftest import PageWatch, open_page
from tests.conftest import ROOT, ServedSite

VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "quiz" / "vectors.json").read_text(encoding="utf-8")
)

_GRADE_ALL = """(cases) => cases.map((c) => {
  try { return window.hvlabQuiz.gradeCompiled(c.compiled, c.qid, c.response, c.hints); }
  catch (e) { return {error: String(e)}; }
})"""


def _case(vector: dict[str, Any]) -> dict[str, Any]:
    question = question_from_dict(vector["question"])
    _value, seed, _hints = unwrap_response(vector["response"])
    quiz = Quiz(id="vecteurs", title="Vecteurs", questions=(question,))
    extra = {question.id: [seed]} if seed is not None else None
    return {
        "compiled": compile_quiz(quiz, extra_seeds=extra),
        "qid": question.id,
        "response": vector["response"],
        "hints": vector["hints_used"],
    }


@pytest.fixture(scope="module")
def js_grades(browser: Any, served_site: ServedSite) -> Iterator[dict[str, dict[str, Any]]]:
    """quiz.js's grade of every vector, by vector name (one page for the whole module)."""
    watch = PageWatch(origin=served_site.url.rstrip("/"))
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    open_page(page, served_site)
    page.wait_for_function("() => window.hvlabQuiz !== undefined")
    results = page.evaluate(_GRADE_ALL, [_case(v) for v in VECTORS])
    yield {v["name"]: r for v, r in zip(VECTORS, results, strict=True)}
    context.close()
    assert not watch.page_errors, watch.page_errors
    assert not watch.console_errors, watch.console_errors


def test_vectors_cover_every_question_type() -> None:
    types = {v["question"]["type"] for v in VECTORS}
    assert types == {"single", "multiple", "true_false", "numeric", "text", "matching", "ordering"}
    assert len({v["name"] for v in VECTORS}) == len(VECTORS), "vector names must be unique"


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_quiz_js_grades_vector_like_python(
    vector: dict[str, Any], js_grades: dict[str, dict[str, Any]]
) -> None:
    result = js_grades[vector["name"]]
    assert "error" not in result, result
    expected = vector["expected"]
    assert result["score"] == pytest.approx(expected["score"], abs=1e-9)
    assert result["max"] == pytest.approx(expected["max"])
    assert result["correct"] is expected["correct"]


_TYPED = [
    "7,5",
    "7.5",
    " 7,5 % ",
    "7,5%",
    "12 345,6",
    "12\u00a0345,6",
    "12\u202f345,6 Go",
    "1.234,5",
    "1,234.5",
    "1,2,3",
    "12 34",
    "1 2345",
    "−3,5",
    "- 2",
    "+4",
    "1e3",
    "2,5E-2",
    "16Go",
    "16 go",
    "16 000 Mo",
    "16 To",
    "abc",
    "",
    ",5",
    "5.",
    "1e400",
    "0,000001",
    "3 Mo ",
]
_UNITS = {"Mo": 0.001, "Ko": 1e-6, "%": 1.0}


def test_quiz_js_reads_numbers_like_python(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    js = page.evaluate(
        "([typed, units]) => typed.map((t) => window.hvlabQuiz.readQuantity(t, 'Go', units))",
        [_TYPED, _UNITS],
    )
    python = [read_quantity(text, "Go", _UNITS).value for text in _TYPED]
    assert js == python
    problems = page.evaluate(
        "([typed, units]) => typed.map("
        "(t) => window.hvlabQuiz.readQuantityDetailed(t, 'Go', units).problem)",
        [_TYPED, _UNITS],
    )
    assert problems == [read_quantity(text, "Go", _UNITS).problem for text in _TYPED]
    read = dict(zip(_TYPED, python, strict=True))
    # Hand-checked anchors, so that agreeing on wrong readings cannot pass.
    assert read["7,5"] == 7.5
    assert read["12\u202f345,6 Go"] == 12345.6
    assert read["16 000 Mo"] == pytest.approx(16.0)
    assert read["12 34"] is None
    assert read["16 To"] is None


_TEXTS = [
    "  Migration   à CHAUD ",
    "l\u2019hyperviseur",
    "Straße",
    "E\u0301cole",
    "École\u00a0normale",
    "ÇA VA",
    "vMotion\t",
]


@pytest.mark.parametrize(
    ("case_sensitive", "ignore_accents"), [(False, False), (True, False), (False, True)]
)
def test_quiz_js_normalises_text_like_python(
    page: Any, served_site: ServedSite, case_sensitive: bool, ignore_accents: bool
) -> None:
    open_page(page, served_site)
    js = page.evaluate(
        "([texts, cs, ia]) => texts.map((t) => window.hvlabQuiz.normaliseText(t, cs, ia))",
        [_TEXTS, case_sensitive, ignore_accents],
    )
    python = [
        normalize_text(t, case_sensitive=case_sensitive, ignore_accents=ignore_accents)
        for t in _TEXTS
    ]
    assert js == python
