"""Re-grading students' results files against the quiz files: the scores they state are not trusted.

A results file is written by the student's browser and can be edited before it is handed in
(14 / 14 with wrong answers). :func:`regrade` grades each response it holds again with
:func:`hvlab.quiz.grading.grade_question` and the quiz file, and reports every difference with the
file: a score, a maximum or a verdict that differs, a question the quiz does not have, a question
of the quiz the file leaves out. The re-graded scores replace the file's.
"""

from __future__ import annotations

__all__ = ["Discrepancy", "regrade", "regrade_all"]

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from hvlab import fr
from hvlab.quiz.grading import grade_question
from hvlab.quiz.model import Quiz
from hvlab.quiz.results import QuestionOutcome, StudentResult, responses_of, with_questions

_EPS = 1e-6


@dataclass(frozen=True)
class Discrepancy:
    """One place where a results file and the quiz file disagree.

    Attributes:
        file: the results file.
        student: the name in it.
        question: the question's id.
        stated: what the file says (points, or "" when the file lacks the question).
        graded: what re-grading gives (points, or "" when the quiz lacks the question).
        message: the difference, in French.
    """

    file: str
    student: str
    question: str
    stated: float | None
    graded: float | None
    message: str

    def __str__(self) -> str:
        where = self.file or self.student
        return f"{where} : question « {self.question} » : {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "file": self.file,
            "student": self.student,
            "question": self.question,
            "stated": self.stated,
            "graded": self.graded,
            "message": self.message,
        }


def _points(value: float) -> str:
    return fr.count(value, "point")


def regrade(result: StudentResult, quiz: Quiz) -> tuple[StudentResult, list[Discrepancy]]:
    """Grade every response of ``result`` again with ``quiz``; the differences with the file.

    Returns:
        The result with re-graded outcomes (one per question of the quiz, in the quiz's order;
        ``verified`` set) and the discrepancies found, in the quiz's order.
    """
    responses, hints = responses_of(result)
    stated = {o.id: o for o in result.questions}
    found: list[Discrepancy] = []

    def differ(question: str, was: float | None, now: float | None, message: str) -> None:
        found.append(Discrepancy(result.file, result.student, question, was, now, message))

    outcomes = []
    for question in quiz.questions:
        graded = grade_question(
            question, responses.get(question.id), hints_used=hints.get(question.id, 0)
        )
        outcome = QuestionOutcome(
            id=question.id,
            score=graded.score,
            max=graded.max,
            correct=graded.correct,
            hints_used=graded.hints_used,
            response=responses.get(question.id),
            seed=graded.seed,
        )
        outcomes.append(outcome)
        old = stated.get(question.id)
        if old is None:
            differ(question.id, None, graded.score, "absente du fichier : comptée 0 point")
            continue
        if abs(old.score - graded.score) > _EPS:
            differ(
                question.id,
                old.score,
                graded.score,
                f"le fichier annonce {_points(old.score)}, la correction du quiz donne "
                f"{_points(graded.score)}",
            )
        elif old.correct != graded.correct:
            said = "juste" if old.correct else "fausse"
            differ(
                question.id,
                old.score,
                graded.score,
                f"le fichier dit la réponse {said}, la correction du quiz dit le contraire",
            )
        if abs(old.max - graded.max) > _EPS:
            differ(
                question.id,
                old.max,
                graded.max,
                f"le fichier la compte sur {_points(old.max)}, le quiz sur {_points(graded.max)}",
            )
    known = {q.id for q in quiz.questions}
    for outcome in result.questions:
        if outcome.id not in known:
            differ(outcome.id, outcome.score, None, "le quiz n'a pas cette question : ignorée")
    return replace(with_questions(result, outcomes), title=quiz.title), found


def regrade_all(
    results: Iterable[StudentResult], quizzes: Mapping[str, Quiz]
) -> tuple[list[StudentResult], list[Discrepancy], list[str]]:
    """:func:`regrade` each result whose quiz is known.

    Returns:
        The results (re-graded when their quiz is in ``quizzes``, as read otherwise), every
        discrepancy, and the ids of the quizzes that could not be checked (sorted).
    """
    out: list[StudentResult] = []
    found: list[Discrepancy] = []
    unknown: set[str] = set()
    for result in results:
        quiz = quizzes.get(result.quiz)
        if quiz is None:
            unknown.add(result.quiz)
            out.append(result)
            continue
        regraded, differences = regrade(result, quiz)
        out.append(regraded)
        found += differences
    return out, found, sorted(unknown)
