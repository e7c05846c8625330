"""A student's copy as the teacher reads it: each question of the attempt, in the order the
student saw them, with what the student gave (in words), the points, the feedback and the
expected answer — graded now with the same grader (a copy still running shows its marks so far).
"""

from __future__ import annotations

__all__ = ["CopyQuestion", "copy_questions", "given_text"]

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import variant
from hvlab.server.grading import grade_one, planned_questions, render
from hvlab.server.store.attempts import Answer, Attempt


@dataclass(frozen=True)
class CopyQuestion:
    """One question of a copy.

    Attributes:
        number: its place in the student's order (1-based).
        prompt_html: the prompt of the student's variant (rendered Markdown).
        given: what the student answered, in words ("" for no answer).
        score: points obtained (hints deducted); max: points of the question.
        correct: whether the answer is right.
        feedback: the grader's French feedback (with the expected answer).
        hints_used: hints the student asked for.
    """

    number: int
    id: str
    type: str
    prompt_html: str
    given: str
    score: float
    max: float
    correct: bool
    feedback: str
    hints_used: int

    @property
    def typed(self) -> bool:
        """Whether :attr:`given` is what the student typed (a number, a text: data, shown as it
        is), not the quiz's own words (options, true or false)."""
        return self.type not in _WORDED


_WORDED = frozenset({"single", "multiple", "true_false", "matching", "ordering"})


def _yes_no(value: Any) -> str:
    return "Vrai" if value is True else "Faux" if value is False else ""


def given_text(question: Question, seed: int | None, value: Any) -> str:
    """What the student answered, in words (the graded value: indexes and texts)."""
    if value is None:
        return ""
    kind = question.type
    options = variant(question, seed).options if question.options else ()

    def option(index: Any) -> str:
        valid = isinstance(index, int) and not isinstance(index, bool)
        return options[index] if valid and 0 <= index < len(options) else "?"

    if kind == "single":
        return option(value)
    if kind == "multiple" and isinstance(value, list):
        return " ; ".join(option(i) for i in value)
    if kind == "true_false":
        return _yes_no(value)
    if kind == "matching" and isinstance(value, Mapping):
        return " ; ".join(f"{left} → {right}" for left, right in value.items())
    if kind == "ordering" and isinstance(value, list):
        return " → ".join(str(item) for item in value)
    return str(value)


def copy_questions(
    quiz: Quiz, attempt: Attempt, answers: Mapping[str, Answer]
) -> list[CopyQuestion]:
    """The copy's questions in the student's order, graded."""
    seeds = attempt.plan.get("seeds", {})
    found = []
    for number, question in enumerate(planned_questions(quiz, attempt.plan), start=1):
        seed = seeds.get(question.id)
        answer = answers.get(question.id)
        result = grade_one(question, seed, answer)
        shown = variant(question, seed)
        found.append(
            CopyQuestion(
                number=number,
                id=question.id,
                type=question.type,
                prompt_html=render(shown.prompt),
                given=given_text(question, seed, answer.value if answer else None),
                score=result.score,
                max=result.max,
                correct=result.correct,
                feedback=result.feedback,
                hints_used=result.hints_used,
            )
        )
    return found
