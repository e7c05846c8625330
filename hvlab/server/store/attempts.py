"""Students' attempts and their answers.

An answer save is one statement, ``INSERT … ON CONFLICT DO UPDATE … WHERE``: the row of
(attempt, question) is created or replaced, unless the question is locked or the stored save
carries a higher sequence number. Saving the same answer twice changes nothing; a late, older save
never replaces a newer one; there is never more than one row per question.
"""

from __future__ import annotations

__all__ = [
    "Answer",
    "Attempt",
    "answered_counts",
    "answers_by_attempt",
    "claim_attempt",
    "create_attempt",
    "expired_attempts",
    "finalize_attempt",
    "get_answers",
    "get_attempt",
    "list_attempts",
    "lock_attempt",
    "lti_attempts",
    "number_from_lms",
    "number_taken",
    "open_attempt_of_session",
    "release_attempt",
    "save_answer",
    "set_deadline",
    "student_attempts",
    "update_results",
    "use_hints",
]

import json
from dataclasses import dataclass
from typing import Any

from hvlab.server.store.database import Row, Transaction
from hvlab.server.tokens import new_public_id

_COLUMNS = (
    "id, public_id, evaluation_id, student_number, student_name, attempt_no, owner_session,"
    " plan_json, started_at, deadline_at, submitted_at, submit_reason, score, max_score,"
    " results_json"
)


@dataclass(frozen=True)
class Attempt:
    """One attempt of one student at one évaluation.

    Attributes:
        plan: what the student was dealt: ``{"order": [question ids], "seeds": {id: seed}}``.
        results: the stored grade (:meth:`hvlab.quiz.QuizResult.to_dict`) once submitted.
    """

    id: int
    public_id: str
    evaluation_id: int
    student_number: str
    student_name: str
    attempt_no: int
    owner_session: str | None
    plan: dict[str, Any]
    started_at: float
    deadline_at: float
    submitted_at: float | None
    submit_reason: str | None
    score: float | None
    max_score: float | None
    results: dict[str, Any] | None

    @classmethod
    def from_row(cls, row: Row) -> Attempt:
        return cls(
            id=int(row["id"]),
            public_id=str(row["public_id"]),
            evaluation_id=int(row["evaluation_id"]),
            student_number=str(row["student_number"]),
            student_name=str(row["student_name"]),
            attempt_no=int(row["attempt_no"]),
            owner_session=row["owner_session"],
            plan=json.loads(row["plan_json"]),
            started_at=float(row["started_at"]),
            deadline_at=float(row["deadline_at"]),
            submitted_at=float(row["submitted_at"]) if row["submitted_at"] is not None else None,
            submit_reason=row["submit_reason"],
            score=float(row["score"]) if row["score"] is not None else None,
            max_score=float(row["max_score"]) if row["max_score"] is not None else None,
            results=json.loads(row["results_json"]) if row["results_json"] else None,
        )

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


@dataclass(frozen=True)
class Answer:
    """The saved answer to one question.

    Attributes:
        response: as the page sent it, in view ids (None: only hints were asked).
        value: as graded (source indexes and texts, :mod:`hvlab.quiz.grading`).
    """

    question_id: str
    response: Any
    value: Any
    seq: int
    hints_used: int
    locked: bool
    saved_at: float

    @classmethod
    def from_row(cls, row: Row) -> Answer:
        return cls(
            question_id=str(row["question_id"]),
            response=json.loads(row["response_json"]),
            value=json.loads(row["value_json"]),
            seq=int(row["seq"]),
            hints_used=int(row["hints_used"]),
            locked=bool(row["locked"]),
            saved_at=float(row["saved_at"]),
        )


def create_attempt(
    tx: Transaction,
    *,
    evaluation_id: int,
    student_number: str,
    student_name: str,
    attempt_no: int,
    owner_session: str,
    plan: dict[str, Any],
    started_at: float,
    deadline_at: float,
) -> Attempt:
    """Insert an attempt (IntegrityError if this attempt number already exists)."""
    row = tx.one(
        "INSERT INTO attempts (public_id, evaluation_id, student_number, student_name,"
        " attempt_no, owner_session, plan_json, started_at, deadline_at)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (
            new_public_id(),
            evaluation_id,
            student_number,
            student_name,
            attempt_no,
            owner_session,
            json.dumps(plan),
            started_at,
            deadline_at,
        ),
    )
    assert row is not None
    return Attempt.from_row(row)


def get_attempt(tx: Transaction, public_id: str) -> Attempt | None:
    """The attempt with this public id, or None."""
    row = tx.one(f"SELECT {_COLUMNS} FROM attempts WHERE public_id = ?", (public_id,))
    return Attempt.from_row(row) if row else None


def lock_attempt(tx: Transaction, attempt_id: int) -> Attempt | None:
    """The attempt, locked until the end of the transaction against concurrent submission.

    PostgreSQL: ``SELECT … FOR UPDATE`` (row lock). SQLite: the write transaction already holds
    the database's only write lock.
    """
    suffix = " FOR UPDATE" if tx.dialect == "postgresql" else ""
    row = tx.one(f"SELECT {_COLUMNS} FROM attempts WHERE id = ?{suffix}", (attempt_id,))
    return Attempt.from_row(row) if row else None


def student_attempts(tx: Transaction, evaluation_id: int, student_number: str) -> list[Attempt]:
    """A student's attempts at an évaluation, in order."""
    rows = tx.all(
        f"SELECT {_COLUMNS} FROM attempts WHERE evaluation_id = ? AND student_number = ?"
        " ORDER BY attempt_no",
        (evaluation_id, student_number),
    )
    return [Attempt.from_row(row) for row in rows]


def list_attempts(tx: Transaction, evaluation_id: int) -> list[Attempt]:
    """Every attempt at an évaluation, by student number then attempt number."""
    rows = tx.all(
        f"SELECT {_COLUMNS} FROM attempts WHERE evaluation_id = ?"
        " ORDER BY student_number, attempt_no",
        (evaluation_id,),
    )
    return [Attempt.from_row(row) for row in rows]


def expired_attempts(tx: Transaction, now: float, limit: int = 200) -> list[Attempt]:
    """Unsubmitted attempts whose deadline has passed (oldest deadline first)."""
    rows = tx.all(
        f"SELECT {_COLUMNS} FROM attempts WHERE submitted_at IS NULL AND deadline_at <= ?"
        " ORDER BY deadline_at LIMIT ?",
        (now, limit),
    )
    return [Attempt.from_row(row) for row in rows]


def number_from_lms(tx: Transaction, evaluation_id: int, student_number: str) -> bool:
    """Whether a student of an LMS (an LTI launch) has an attempt under this number."""
    row = tx.one(
        "SELECT 1 AS found FROM attempts WHERE evaluation_id = ? AND student_number = ?"
        " AND lti_user_id IS NOT NULL LIMIT 1",
        (evaluation_id, student_number),
    )
    return row is not None


def open_attempt_of_session(
    tx: Transaction, evaluation_id: int, session_hash: str, now: float
) -> Attempt | None:
    """An attempt of the évaluation that this browser session holds and that is still running."""
    row = tx.one(
        f"SELECT {_COLUMNS} FROM attempts WHERE evaluation_id = ? AND owner_session = ?"
        " AND submitted_at IS NULL AND deadline_at > ? ORDER BY id LIMIT 1",
        (evaluation_id, session_hash, now),
    )
    return Attempt.from_row(row) if row else None


def lti_attempts(tx: Transaction, evaluation_id: int, lti_user_id: int) -> list[Attempt]:
    """The attempts an LMS user made at an évaluation, in order."""
    rows = tx.all(
        f"SELECT {_COLUMNS} FROM attempts WHERE evaluation_id = ? AND lti_user_id = ?"
        " ORDER BY attempt_no",
        (evaluation_id, lti_user_id),
    )
    return [Attempt.from_row(row) for row in rows]


def number_taken(
    tx: Transaction, evaluation_id: int, student_number: str, lti_user_id: int
) -> bool:
    """Whether someone else than this LMS user (a join by code, another LMS user) has an attempt
    under ``student_number``."""
    row = tx.one(
        "SELECT 1 AS found FROM attempts WHERE evaluation_id = ? AND student_number = ?"
        " AND (lti_user_id IS NULL OR lti_user_id <> ?) LIMIT 1",
        (evaluation_id, student_number, lti_user_id),
    )
    return row is not None


def claim_attempt(tx: Transaction, attempt_id: int, session_hash: str) -> bool:
    """Give a released attempt to a browser session (False if someone else holds it)."""
    return (
        tx.execute(
            "UPDATE attempts SET owner_session = ? WHERE id = ? AND owner_session IS NULL",
            (session_hash, attempt_id),
        )
        > 0
    )


def release_attempt(tx: Transaction, attempt_id: int) -> None:
    """Let the student's next join (from any browser) take the attempt over."""
    tx.execute("UPDATE attempts SET owner_session = NULL WHERE id = ?", (attempt_id,))


def set_deadline(tx: Transaction, attempt_id: int, deadline_at: float) -> None:
    """Move an unsubmitted attempt's deadline (extra time granted)."""
    tx.execute(
        "UPDATE attempts SET deadline_at = ? WHERE id = ? AND submitted_at IS NULL",
        (deadline_at, attempt_id),
    )


def save_answer(
    tx: Transaction,
    attempt_id: int,
    question_id: str,
    response: Any,
    value: Any,
    seq: int,
    now: float,
    *,
    lock: bool = False,
) -> Answer:
    """Save a response (idempotent, ordered by ``seq``); returns the answer as now stored.

    Args:
        lock: validate the question in the same statement (its answer then no longer changes).
    """
    columns = "question_id, response_json, value_json, seq, hints_used, locked, saved_at"
    # RETURNING gives the row when it was written; a stale or locked save writes nothing and
    # the stored row is read instead (one round trip less in the usual case).
    row = tx.one(
        "INSERT INTO answers (attempt_id, question_id, response_json, value_json, seq,"
        " hints_used, locked, saved_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
        " ON CONFLICT (attempt_id, question_id) DO UPDATE SET"
        " response_json = excluded.response_json, value_json = excluded.value_json,"
        " seq = excluded.seq, locked = excluded.locked, saved_at = excluded.saved_at"
        f" WHERE answers.locked = 0 AND answers.seq <= excluded.seq RETURNING {columns}",
        (
            attempt_id,
            question_id,
            json.dumps(response, ensure_ascii=False),
            json.dumps(value, ensure_ascii=False),
            seq,
            int(lock),
            now,
        ),
    )
    if row is None:
        row = tx.one(
            f"SELECT {columns} FROM answers WHERE attempt_id = ? AND question_id = ?",
            (attempt_id, question_id),
        )
    assert row is not None
    return Answer.from_row(row)


def use_hints(tx: Transaction, attempt_id: int, question_id: str, count: int, now: float) -> int:
    """Record that ``count`` hints of the question were shown (never fewer than before).

    Returns:
        The hints used now recorded.
    """
    tx.execute(
        "INSERT INTO answers (attempt_id, question_id, response_json, value_json, seq,"
        " hints_used, locked, saved_at) VALUES (?, ?, 'null', 'null', 0, ?, 0, ?)"
        " ON CONFLICT (attempt_id, question_id) DO UPDATE SET hints_used ="
        " CASE WHEN answers.hints_used < excluded.hints_used THEN excluded.hints_used"
        " ELSE answers.hints_used END WHERE answers.locked = 0",
        (attempt_id, question_id, count, now),
    )
    row = tx.one(
        "SELECT hints_used FROM answers WHERE attempt_id = ? AND question_id = ?",
        (attempt_id, question_id),
    )
    assert row is not None
    return int(row["hints_used"])


def get_answers(tx: Transaction, attempt_id: int) -> dict[str, Answer]:
    """The saved answers of an attempt, by question id."""
    rows = tx.all(
        "SELECT question_id, response_json, value_json, seq, hints_used, locked, saved_at"
        " FROM answers"
        " WHERE attempt_id = ?",
        (attempt_id,),
    )
    return {str(row["question_id"]): Answer.from_row(row) for row in rows}


def answers_by_attempt(tx: Transaction, evaluation_id: int) -> dict[int, dict[str, Answer]]:
    """Every saved answer of an évaluation: attempt id → question id → answer."""
    rows = tx.all(
        "SELECT a.attempt_id, a.question_id, a.response_json, a.value_json, a.seq,"
        " a.hints_used, a.locked,"
        " a.saved_at FROM answers a JOIN attempts t ON t.id = a.attempt_id"
        " WHERE t.evaluation_id = ?",
        (evaluation_id,),
    )
    found: dict[int, dict[str, Answer]] = {}
    for row in rows:
        found.setdefault(int(row["attempt_id"]), {})[str(row["question_id"])] = Answer.from_row(row)
    return found


def answered_counts(tx: Transaction, evaluation_id: int) -> dict[int, int]:
    """How many questions each attempt of an évaluation has answered: attempt id → count."""
    rows = tx.all(
        "SELECT a.attempt_id, COUNT(*) AS answered FROM answers a"
        " JOIN attempts t ON t.id = a.attempt_id"
        " WHERE t.evaluation_id = ? AND a.response_json <> 'null' GROUP BY a.attempt_id",
        (evaluation_id,),
    )
    return {int(row["attempt_id"]): int(row["answered"]) for row in rows}


def finalize_attempt(
    tx: Transaction,
    attempt_id: int,
    *,
    now: float,
    reason: str,
    score: float,
    max_score: float,
    results: dict[str, Any],
) -> bool:
    """Submit an attempt with its grade; False if it was already submitted (by another process)."""
    return (
        tx.execute(
            "UPDATE attempts SET submitted_at = ?, submit_reason = ?, score = ?, max_score = ?,"
            " results_json = ? WHERE id = ? AND submitted_at IS NULL",
            (now, reason, score, max_score, json.dumps(results, ensure_ascii=False), attempt_id),
        )
        > 0
    )


def update_results(
    tx: Transaction, attempt_id: int, score: float, max_score: float, results: dict[str, Any]
) -> None:
    """Replace a submitted attempt's grade (re-grade)."""
    tx.execute(
        "UPDATE attempts SET score = ?, max_score = ?, results_json = ? WHERE id = ?",
        (score, max_score, json.dumps(results, ensure_ascii=False), attempt_id),
    )
