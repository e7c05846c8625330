"""When a student may see the score, the feedback and the correct answers of an évaluation.

Each of the three is released at one moment the teacher chooses: after each answer (the question is
then validated and locked, as on the static site), after the student's submission, after the
évaluation has closed for everyone (extra time included), or never.

* score: the points of each question and the total;
* feedback: the verdict (right, partly right, wrong), the marks of what the student chose, the
  feedback of the chosen options and the detail of a partial answer;
* answers: the expected answer, the right choices and the question's explanation.

:func:`hvlab.server.grading.visible_result` applies a :class:`Release` to a grade: what it leaves
out never leaves the server.
"""

from __future__ import annotations

__all__ = ["MOMENTS", "MOMENT_LABELS", "Moment", "Policy", "Release"]

from dataclasses import dataclass
from typing import Literal

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
    """What may be shown of a question (or of the total) right now."""

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
