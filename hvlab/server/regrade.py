"""Re-grading after a key correction: what changed in the quiz, what changes in the marks.

The évaluation keeps the quiz it was created with. When the teacher corrects the file (a wrong
key, a tolerance too tight, an accepted answer missing), :func:`compare_quizzes` says what changed
question by question, and refuses the changes that would make the stored answers mean something
else (a question added, removed or of another type; options added or removed; other items to
order or to match; other parameters). :func:`regrade` then grades every submitted attempt again
with :func:`hvlab.quiz.grading.grade_quiz` and lists each mark that moved.
"""

from __future__ import annotations

__all__ = ["QuizChanges", "RegradePlan", "compare_quizzes", "quiz_json", "regrade"]

import json
from dataclasses import dataclass, field
from typing import Any

from hvlab.quiz.model import Question, Quiz
from hvlab.server.grading import grade_attempt
from hvlab.server.lti.outbox import enqueue_for_attempt
from hvlab.server.store import Transaction
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store.evaluations import Evaluation

_KEY_FIELDS = {
    "answer": "réponse attendue",
    "tolerance": "tolérance",
    "units": "unités acceptées",
    "accept": "réponses acceptées",
    "case_sensitive": "respect de la casse",
    "ignore_accents": "accents ignorés",
    "all_or_nothing": "tout ou rien",
    "points": "barème",
    "hint_penalty": "pénalité des indices",
}
_WORDING_FIELDS = {
    "prompt": "énoncé",
    "explanation": "explication",
    "hints": "indices",
    "unit": "unité affichée",
}


@dataclass(frozen=True)
class QuizChanges:
    """What differs between the graded quiz and the corrected one.

    Attributes:
        questions: question id → French descriptions of its changes.
        blocking: French reasons that forbid re-grading (empty when it is possible).
    """

    questions: dict[str, list[str]] = field(default_factory=dict)
    blocking: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.questions or self.blocking)


def _question_changes(old: Question, new: Question) -> tuple[list[str], list[str]]:
    changes: list[str] = []
    blocking: list[str] = []
    if old.type != new.type:
        return [], [f"la question « {old.id} » a changé de type ({old.type} → {new.type})"]
    if old.params != new.params:
        blocking.append(f"les paramètres de la question « {old.id} » ont changé")
    a, b = old.to_dict(), new.to_dict()
    if old.type in ("single", "multiple"):
        if len(old.options) != len(new.options):
            blocking.append(
                f"la question « {old.id} » n'a plus le même nombre d'options "
                f"({len(old.options)} → {len(new.options)})"
            )
        else:
            if [o.correct for o in old.options] != [o.correct for o in new.options]:
                changes.append("bonnes options")
            if [o.text for o in old.options] != [o.text for o in new.options]:
                changes.append("texte des options")
            if [o.feedback for o in old.options] != [o.feedback for o in new.options]:
                changes.append("commentaires des options")
    if old.type == "matching":
        if {p.left for p in old.pairs} != {p.left for p in new.pairs} or set(
            [p.right for p in old.pairs] + list(old.distractors)
        ) != set([p.right for p in new.pairs] + list(new.distractors)):
            blocking.append(f"les éléments à associer de la question « {old.id} » ont changé")
        elif old.pairs != new.pairs:
            changes.append("associations attendues")
    if old.type == "ordering":
        if sorted(old.items) != sorted(new.items):
            blocking.append(f"les éléments à ordonner de la question « {old.id} » ont changé")
        elif old.items != new.items:
            changes.append("ordre attendu")
    for name, label in _KEY_FIELDS.items():
        if a.get(name) != b.get(name):
            changes.append(label)
    for name, label in _WORDING_FIELDS.items():
        if a.get(name) != b.get(name):
            changes.append(label)
    return changes, blocking


def compare_quizzes(old: Quiz, new: Quiz) -> QuizChanges:
    """The changes from ``old`` to ``new``, question by question (French)."""
    old_ids = [q.id for q in old.questions]
    new_ids = [q.id for q in new.questions]
    blocking = []
    removed = [qid for qid in old_ids if qid not in new_ids]
    added = [qid for qid in new_ids if qid not in old_ids]
    if removed:
        blocking.append("questions retirées : " + ", ".join(f"« {q} »" for q in removed))
    if added:
        blocking.append("questions ajoutées : " + ", ".join(f"« {q} »" for q in added))
    questions: dict[str, list[str]] = {}
    for question in old.questions:
        if question.id not in new_ids:
            continue
        changes, stops = _question_changes(question, new.question(question.id))
        blocking += stops
        if changes or stops:
            questions[question.id] = changes
    if old.pass_mark != new.pass_mark:
        questions.setdefault("(quiz)", []).append("seuil de réussite")
    return QuizChanges(questions=questions, blocking=blocking)


@dataclass(frozen=True)
class RegradePlan:
    """The marks a re-grade changes: one entry per (attempt, question) whose score moves."""

    changes: list[dict[str, Any]]
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        return {"attempts": self.attempts, "marks": self.changes}


def regrade(
    tx: Transaction,
    evaluation: Evaluation,
    old: Quiz,
    new: Quiz,
    *,
    apply: bool,
    now: float = 0.0,
) -> RegradePlan:
    """Grade every submitted attempt with ``new``; store the grades when ``apply`` (and queue
    the changed ones for the LMS gradebooks, dated ``now``).

    Returns:
        Every mark that moves: student, attempt, question, old and new score, and each total.
    """
    attempts = [a for a in attempt_store.list_attempts(tx, evaluation.id) if a.submitted]
    answers = attempt_store.answers_by_attempt(tx, evaluation.id)
    changes: list[dict[str, Any]] = []
    for attempt in attempts:
        result = grade_attempt(new, attempt.plan, answers.get(attempt.id, {}))
        before = {q["id"]: q["score"] for q in (attempt.results or {}).get("questions", [])}
        for question in result.questions:
            old_score = before.get(question.id)
            if old_score is None or abs(old_score - question.score) > 1e-9:
                changes.append(
                    {
                        "student_number": attempt.student_number,
                        "student_name": attempt.student_name,
                        "attempt": attempt.attempt_no,
                        "question": question.id,
                        "old": old_score,
                        "new": question.score,
                        "old_total": attempt.score,
                        "new_total": result.score,
                    }
                )
        if apply:
            attempt_store.update_results(tx, attempt.id, result.score, result.max, result.to_dict())
            if attempt.score is None or abs(attempt.score - result.score) > 1e-9:
                enqueue_for_attempt(tx, attempt.id, now)
    return RegradePlan(changes=changes, attempts=len(attempts))


def quiz_json(quiz: Quiz) -> str:
    """The snapshot stored for an évaluation."""
    return json.dumps(quiz.to_dict(), ensure_ascii=False, sort_keys=True)
