"""What the teacher reads about an évaluation: live progress, the counted attempts, statistics.

When a student has several submitted attempts, the one that counts is the best (the latest among
equals), as Moodle's default « note la plus haute ».
"""

from __future__ import annotations

__all__ = [
    "STATE_FILTERS",
    "ProgressCounts",
    "QuestionStatistics",
    "StudentRow",
    "counted_attempts",
    "filter_rows",
    "progress",
    "question_statistics",
]

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from hvlab.quiz.model import Quiz
from hvlab.server.store import Transaction
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.store.attempts import Answer, Attempt
from hvlab.server.store.evaluations import Evaluation


@dataclass(frozen=True)
class StudentRow:
    """One student in the live progress (their latest attempt)."""

    number: str
    name: str
    attempt: Attempt
    attempts: int
    answered: int
    total: int
    extra_time_s: int
    extra_attempts: int
    now: float
    warnings: tuple[str, ...] = field(default=())

    @property
    def state(self) -> str:
        """« en cours », « rendue » or « rendue (temps écoulé) » (French, for the table)."""
        if not self.attempt.submitted:
            return "en cours"
        if self.attempt.submit_reason == "deadline":
            return "rendue (temps écoulé)"
        return "rendue"

    @property
    def remaining_s(self) -> float:
        if self.attempt.submitted:
            return 0.0
        return max(0.0, self.attempt.deadline_at - self.now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "attempt": self.attempt.attempt_no,
            "attempts": self.attempts,
            "state": self.state,
            "submitted": self.attempt.submitted,
            "answered": self.answered,
            "total": self.total,
            "remaining_s": round(self.remaining_s),
            "score": self.attempt.score,
            "max": self.attempt.max_score,
            "extra_time_s": self.extra_time_s,
            "extra_attempts": self.extra_attempts,
            "held": self.attempt.owner_session is not None,
            "copy": self.attempt.public_id,
            "warnings": list(self.warnings),
        }


def _name_key(name: str) -> str:
    """« Martin  Alice », « alice MARTIN » and « Alice Martín » → one key (word order, case and
    accents ignored)."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(sorted(letters.split()))


def _warnings(attempts: list[Attempt]) -> dict[str, tuple[str, ...]]:
    """What looks like one person under several numbers: the same browser, the same name.

    A student who joins under a second number gets a second variant of each parametrised
    question; the server refuses it while the first copy runs in that browser, and flags what it
    cannot refuse (a second browser, a copy handed in first) for the teacher to look at.
    """
    by_session: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for attempt in attempts:
        if attempt.owner_session:
            by_session.setdefault(attempt.owner_session, set()).add(attempt.student_number)
        by_name.setdefault(_name_key(attempt.student_name), set()).add(attempt.student_number)
    found: dict[str, list[str]] = {}
    for numbers in by_session.values():
        for number in numbers:
            others = sorted(numbers - {number})
            if others:
                found.setdefault(number, []).append("même navigateur que " + ", ".join(others))
    for numbers in by_name.values():
        for number in numbers:
            others = sorted(numbers - {number})
            if others:
                found.setdefault(number, []).append("même nom que " + ", ".join(others))
    return {number: tuple(items) for number, items in found.items()}


def progress(tx: Transaction, evaluation: Evaluation, quiz: Quiz, now: float) -> list[StudentRow]:
    """Every student who joined, with their latest attempt, by name."""
    attempts = attempt_store.list_attempts(tx, evaluation.id)
    counts = attempt_store.answered_counts(tx, evaluation.id)
    adjustments = evaluation_store.list_adjustments(tx, evaluation.id)
    warnings = _warnings(attempts)
    latest: dict[str, Attempt] = {}
    number_of: dict[str, int] = {}
    for attempt in attempts:
        latest[attempt.student_number] = attempt
        number_of[attempt.student_number] = number_of.get(attempt.student_number, 0) + 1
    rows = []
    for number, attempt in latest.items():
        adjustment = adjustments.get(number)
        rows.append(
            StudentRow(
                number=number,
                name=attempt.student_name,
                attempt=attempt,
                attempts=number_of[number],
                answered=counts.get(attempt.id, 0),
                total=len(quiz.questions),
                extra_time_s=adjustment.extra_time_s if adjustment else 0,
                extra_attempts=adjustment.extra_attempts if adjustment else 0,
                now=now,
                warnings=warnings.get(number, ()),
            )
        )
    return sorted(rows, key=lambda r: (r.name.casefold(), r.number))


#: The states the teacher can keep in the live table.
STATE_FILTERS = {
    "": "tous",
    "en-cours": "en cours",
    "rendues": "rendues",
    "alertes": "avec une alerte",
}


def filter_rows(rows: list[StudentRow], text: str, state: str) -> list[StudentRow]:
    """The rows whose name or number contains ``text`` (case and accents ignored), in ``state``
    (a key of :data:`STATE_FILTERS`)."""
    wanted = _name_key(text)
    kept = []
    for row in rows:
        if wanted and wanted not in _name_key(row.name) and text.strip() not in row.number:
            continue
        if state == "en-cours" and row.attempt.submitted:
            continue
        if state == "rendues" and not row.attempt.submitted:
            continue
        if state == "alertes" and not row.warnings:
            continue
        kept.append(row)
    return kept


@dataclass(frozen=True)
class ProgressCounts:
    """How many students are where (the line above the live table)."""

    started: int
    running: int
    submitted: int
    timed_out: int
    silent: int
    flagged: int

    @classmethod
    def of(cls, rows: list[StudentRow]) -> ProgressCounts:
        return cls(
            started=len(rows),
            running=sum(1 for r in rows if not r.attempt.submitted),
            submitted=sum(1 for r in rows if r.attempt.submitted),
            timed_out=sum(1 for r in rows if r.attempt.submit_reason == "deadline"),
            silent=sum(1 for r in rows if not r.attempt.submitted and r.answered == 0),
            flagged=sum(1 for r in rows if r.warnings),
        )

    def sentence(self) -> str:
        """« 120 étudiants ont commencé : 72 en cours (dont 5 sans réponse), 48 copies rendues
        (dont 3 au temps écoulé). 2 alertes. » (French)."""
        if not self.started:
            return "Aucun étudiant n'a encore commencé."
        students = "1 étudiant a" if self.started == 1 else f"{self.started} étudiants ont"
        text = f"{students} commencé : {self.running} en cours"
        if self.silent:
            text += f" (dont {self.silent} sans réponse)"
        copies = "copie rendue" if self.submitted <= 1 else "copies rendues"
        text += f", {self.submitted} {copies}"
        if self.timed_out:
            text += f" (dont {self.timed_out} au temps écoulé)"
        text += "."
        if self.flagged:
            text += (
                " 1 étudiant à regarder (alerte)."
                if self.flagged == 1
                else f" {self.flagged} étudiants à regarder (alertes)."
            )
        return text


def counted_attempts(tx: Transaction, evaluation: Evaluation) -> list[Attempt]:
    """The attempt that counts for each student who submitted one, by student name."""
    best: dict[str, Attempt] = {}
    for attempt in attempt_store.list_attempts(tx, evaluation.id):
        if not attempt.submitted or attempt.score is None:
            continue
        held = best.get(attempt.student_number)
        if held is None or (held.score or 0.0) <= attempt.score:
            best[attempt.student_number] = attempt
    return sorted(best.values(), key=lambda a: (a.student_name.casefold(), a.student_number))


@dataclass(frozen=True)
class QuestionStatistics:
    """One question over the counted attempts."""

    id: str
    number: int
    type: str
    points: float
    attempts: int
    answered: int
    correct: int
    mean_score: float
    mean_hints: float

    @property
    def success_rate(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0


def question_statistics(
    quiz: Quiz, attempts: list[Attempt], answers: dict[int, dict[str, Answer]]
) -> list[QuestionStatistics]:
    """Per-question statistics of the counted attempts, in the quiz's order.

    Args:
        answers: the saved answers, attempt id → question id → answer.
    """
    stats = []
    for index, question in enumerate(quiz.questions, start=1):
        graded = [
            q
            for a in attempts
            for q in (a.results or {}).get("questions", [])
            if q.get("id") == question.id
        ]
        count = len(graded)
        stats.append(
            QuestionStatistics(
                id=question.id,
                number=index,
                type=question.type,
                points=float(question.points),
                attempts=count,
                answered=sum(
                    1
                    for a in attempts
                    if (answer := answers.get(a.id, {}).get(question.id)) is not None
                    and answer.value is not None
                ),
                correct=sum(1 for q in graded if q.get("correct")),
                mean_score=sum(float(q.get("score", 0.0)) for q in graded) / count
                if count
                else 0.0,
                mean_hints=sum(int(q.get("hints_used", 0)) for q in graded) / count
                if count
                else 0.0,
            )
        )
    return stats
