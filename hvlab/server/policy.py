"""When a student may see the score, the feedback and the correct answers of an évaluation.

Each of the three is released at one moment the teacher chooses: after each answer (the question is
then validated and locked, as on the static site), after the student's submission, after the
évaluation has closed for everyone (extra time included), or never. :func:`visible_result` is the
only place that turns a grade into what a student receives: everything it leaves out never leaves
the server.

* score: the points of each question and the total;
* feedback: the verdict (right, partly right, wrong), the feedback of the chosen options and the
  detail of a partial answer ("2 associations justes sur 3");
* answers: the expected answer and the question's explanation.
"""

from __future__ import annotations

__all__ = [
    "MOMENTS",
    "MOMENT_LABELS",
    "Policy",
    "Release",
    "visible_result",
]

from dataclasses import dataclass
from typing import Any, Literal

from hvlab.quiz.grading import QuestionResult, QuizResult

Moment = Literal["after_answer", "after_submit", "after_close", "never"]

#: The moments, in the order the teacher's form offers them.
MOMENTS: tuple[Moment, ...] = ("after_answer", "after_submit", "after_close", "never")

#: What the teacher reads for each moment.
MOMENT_LABELS: dict[str, str] = {
    "after_answer": "après chaque réponse validée",
    "after_submit": "après la remise de la copie",
    "after_close": "après la fermeture de l'évaluation",
    "never": "jamais",
}


@dataclass(frozen=True)
class Policy:
    """The three release moments of an évaluation."""

    show_score: Moment = "after_close"
    show_feedback: Moment = "after_close"
    show_answers: Moment = "after_close"

    @property
    def per_question(self) -> bool:
        """Whether questions are validated one by one (something is shown after each answer)."""
        return "after_answer" in (self.show_score, self.show_feedback, self.show_answers)


@dataclass(frozen=True)
class Release:
    """What may be shown of one question (or of the total) right now."""

    score: bool = False
    feedback: bool = False
    answers: bool = False

    @property
    def anything(self) -> bool:
        return self.score or self.feedback or self.answers

    @classmethod
    def at(cls, policy: Policy, *, validated: bool, submitted: bool, closed: bool) -> Release:
        """The release of a question that is ``validated`` (locked) in an attempt that is
        ``submitted``, in an évaluation ``closed`` for everyone."""

        def shown(moment: Moment) -> bool:
            if moment == "after_answer":
                return validated or submitted or closed
            if moment == "after_submit":
                return submitted or closed
            if moment == "after_close":
                return closed
            return False

        return cls(
            score=shown(policy.show_score),
            feedback=shown(policy.show_feedback),
            answers=shown(policy.show_answers),
        )


_VERDICT = {
    "right": "Bonne réponse !",
    "partial": "Réponse en partie juste.",
    "wrong": "Réponse fausse.",
}


def _feedback_without_answer(result: QuestionResult) -> str:
    """The grader's feedback without the sentence that gives the expected answer."""
    text = result.feedback
    if result.expected:
        text = text.replace(f"Réponse attendue : {result.expected}.", "")
    return " ".join(text.split())


def visible_result(result: QuestionResult, release: Release) -> dict[str, Any] | None:
    """What a student may receive of one question's grade (None: nothing yet).

    Args:
        result: the grade, from :func:`hvlab.quiz.grading.grade_question`.
        release: what the policy releases now.
    """
    if not release.anything:
        return None
    data: dict[str, Any] = {"id": result.id}
    if release.score:
        data.update(score=result.score, max=result.max)
    if release.feedback:
        data["correct"] = result.correct
        data["verdict"] = (
            "right" if result.correct else "partial" if result.fraction > 0 else "wrong"
        )
        data["feedback"] = (
            result.feedback if release.answers else _feedback_without_answer(result)
        )
        data["option_feedback"] = list(result.option_feedback)
    if release.answers:
        data["expected"] = result.expected
        data["explanation"] = result.explanation
    return data


def visible_total(result: QuizResult, release: Release) -> dict[str, Any] | None:
    """The total score if the policy releases scores (None otherwise)."""
    if not release.score:
        return None
    return {"score": result.score, "max": result.max, "passed": result.passed}
