"""The bridge between the server and :mod:`hvlab.quiz`: what a student is dealt, sees and scores.

* :func:`new_plan` draws an attempt's question order and variant seeds (:mod:`secrets`);
* :func:`question_views` gives the student views (:func:`hvlab.quiz.view.question_view`, opaque
  ids under the évaluation's secret, nothing secret);
* :func:`graded_value` turns a response in view ids into what the grader reads;
* :func:`grade_attempt` grades with :func:`hvlab.quiz.grading.grade_quiz`, the very function
  ``hvlab quiz grade`` uses;
* :func:`visible_result` cuts a question's grade to what the release policy allows now.
"""

from __future__ import annotations

__all__ = [
    "QuizBook",
    "envelope",
    "grade_attempt",
    "graded_value",
    "new_plan",
    "planned_questions",
    "question_views",
    "render",
    "visible_result",
]

import functools
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from hvlab.quiz.grading import QuizResult, grade_question, grade_quiz, unwrap_response
from hvlab.quiz.loader import quiz_from_dict
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.render import default_renderer
from hvlab.quiz.view import question_view, response_from_view, result_view, view_question_id
from hvlab.server.policy import Release
from hvlab.server.store.attempts import Answer
from hvlab.typography import french, french_html

_SEED_RANGE = 2**31


@functools.lru_cache(maxsize=8192)
def render(text: str) -> str:
    """Markdown → HTML with French typography (as the course site renders quiz texts), cached:
    every student of an évaluation shares the same texts."""
    return french_html(default_renderer()(text))


class QuizBook:
    """The quizzes évaluations are graded with, parsed once per process and kept by fingerprint.

    A cache of immutable values (the key is the quiz's fingerprint), not state: every process
    builds the same objects from the database.
    """

    def __init__(self, size: int = 64) -> None:
        self._quizzes: OrderedDict[str, Quiz] = OrderedDict()
        self._ids: dict[tuple[str, bytes], dict[str, Question]] = {}
        self._size = size
        self._lock = threading.Lock()

    def quiz(self, fingerprint: str, quiz_json: str | None) -> Quiz | None:
        """The quiz of ``fingerprint``; parsed from ``quiz_json`` when not yet known (None: the
        caller must fetch the JSON and ask again)."""
        with self._lock:
            found = self._quizzes.get(fingerprint)
            if found is not None:
                self._quizzes.move_to_end(fingerprint)
                return found
        if quiz_json is None:
            return None
        quiz = quiz_from_dict(json.loads(quiz_json))
        with self._lock:
            self._quizzes[fingerprint] = quiz
            while len(self._quizzes) > self._size:
                old, _ = self._quizzes.popitem(last=False)
                for key in [k for k in self._ids if k[0] == old]:
                    del self._ids[key]
        return quiz

    def by_view_id(self, fingerprint: str, quiz: Quiz, secret: bytes) -> dict[str, Question]:
        """Opaque question id (:func:`view_question_id`) → question."""
        key = (fingerprint, secret)
        with self._lock:
            found = self._ids.get(key)
        if found is None:
            found = {view_question_id(q.id, secret): q for q in quiz.questions}
            with self._lock:
                self._ids[key] = found
        return found


def new_plan(quiz: Quiz) -> dict[str, Any]:
    """Question order and variant seeds for a new attempt (drawn with :mod:`secrets`)."""
    order = [q.id for q in quiz.questions]
    if quiz.shuffle:
        secrets.SystemRandom().shuffle(order)
    seeds = {
        q.id: secrets.randbelow(_SEED_RANGE) if q.is_parametrised else None for q in quiz.questions
    }
    return {"order": order, "seeds": seeds}


def planned_questions(quiz: Quiz, plan: Mapping[str, Any]) -> list[Question]:
    """The quiz's questions in the order an attempt was dealt (new ones last)."""
    by_id = {q.id: q for q in quiz.questions}
    order = [qid for qid in plan.get("order", []) if qid in by_id]
    order += [q.id for q in quiz.questions if q.id not in order]
    return [by_id[qid] for qid in order]


def question_views(
    quiz: Quiz, plan: Mapping[str, Any], secret: bytes, order_key: str
) -> list[dict[str, Any]]:
    """The student views of an attempt's questions, in the attempt's order."""
    seeds = plan.get("seeds", {})
    return [
        question_view(q, seeds.get(q.id), secret=secret, render=render, order=order_key).to_dict()
        for q in planned_questions(quiz, plan)
    ]


def graded_value(question: Question, response: Any, seed: int | None, secret: bytes) -> Any:
    """A response in view ids → the value the grader reads (without envelope).

    Raises:
        hvlab.quiz.view.ViewResponseError: unknown id or wrong shape (French message).
    """
    value = response_from_view(question, response, seed=seed, secret=secret)
    bare, _seed, _hints = unwrap_response(value)
    return bare


def envelope(value: Any, seed: int | None, hints_used: int) -> dict[str, Any]:
    """The grader's response envelope: never ambiguous, whatever the value looks like."""
    return {"seed": seed, "value": value, "hints_used": hints_used}


def grade_attempt(quiz: Quiz, plan: Mapping[str, Any], answers: Mapping[str, Answer]) -> QuizResult:
    """Grade every question of an attempt (:func:`hvlab.quiz.grading.grade_quiz`)."""
    seeds = plan.get("seeds", {})
    responses = {
        q.id: envelope(
            answers[q.id].value if q.id in answers else None,
            seeds.get(q.id),
            answers[q.id].hints_used if q.id in answers else 0,
        )
        for q in quiz.questions
    }
    return grade_quiz(quiz, responses)


def grade_one(question: Question, seed: int | None, answer: Answer | None) -> Any:
    """Grade one question of an attempt (the result of :func:`grade_question`)."""
    value = answer.value if answer else None
    hints = answer.hints_used if answer else 0
    return grade_question(question, envelope(value, seed, hints))


def visible_result(
    question: Question,
    seed: int | None,
    answer: Answer | None,
    secret: bytes,
    release: Release,
) -> dict[str, Any] | None:
    """What the student may see of one question's grade now (None: nothing).

    The score (points, fraction) only when scores are released; the correct flag, the feedback
    and the marks of what the student gave only with feedback; the expected answer, the
    explanation and the right choices only with answers.
    """
    if not release.anything:
        return None
    result = grade_one(question, seed, answer)
    value = answer.value if answer else None
    data = result_view(
        question,
        result,
        envelope(value, seed, result.hints_used),
        secret=secret,
        render=render,
        show_feedback=release.feedback,
        show_answers=release.answers,
    )
    if not release.score:
        if release.feedback:
            # The verdict « en partie juste » without the points that would tell how much.
            data["outcome"] = (
                "right" if result.correct else "partial" if result.fraction > 0 else "wrong"
            )
        for key in ("score", "max", "fraction"):
            data.pop(key, None)
    if not release.feedback:
        data.pop("correct", None)
    for key in ("feedback", "expected"):  # the grader's French sentences, shown as text
        if isinstance(data.get(key), str):
            data[key] = french(data[key])
    return data
