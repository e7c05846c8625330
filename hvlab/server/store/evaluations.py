"""Évaluations, the per-student adjustments (extra time, extra attempts) and the re-grade log."""

from __future__ import annotations

__all__ = [
    "Adjustment",
    "Evaluation",
    "EvaluationSettings",
    "RegradeEntry",
    "close_code_join",
    "create_evaluation",
    "final_close",
    "get_adjustment",
    "get_evaluation",
    "get_evaluation_by_code",
    "list_adjustments",
    "list_evaluations",
    "list_regrades",
    "record_regrade",
    "replace_quiz",
    "set_adjustment",
    "update_settings",
]

import json
import secrets
from dataclasses import dataclass
from typing import Any

from hvlab.server.policy import Moment, Policy
from hvlab.server.store.database import Row, Transaction
from hvlab.server.tokens import new_join_code, new_public_id

_COLUMNS = (
    "id, public_id, title, quiz_id, quiz_json, quiz_fingerprint, view_secret, join_code, opens_at,"
    " closes_at,"
    " duration_s, max_attempts, show_score, show_feedback, show_answers, owner_id, created_at,"
    " code_join"
)


@dataclass(frozen=True)
class EvaluationSettings:
    """What the teacher chooses for an évaluation (validated by :mod:`hvlab.server.forms`)."""

    title: str
    opens_at: float
    closes_at: float
    duration_s: int | None
    max_attempts: int
    policy: Policy
    code_join: bool = True


@dataclass(frozen=True)
class Evaluation:
    """An évaluation: a quiz given to students between two times, with its rules."""

    id: int
    public_id: str
    title: str
    quiz_id: str
    quiz_json: str
    quiz_fingerprint: str
    view_secret: bytes
    join_code: str
    opens_at: float
    closes_at: float
    duration_s: int | None
    max_attempts: int
    policy: Policy
    owner_id: int
    created_at: float
    code_join: bool = True

    @classmethod
    def from_row(cls, row: Row) -> Evaluation:
        return cls(
            id=int(row["id"]),
            public_id=str(row["public_id"]),
            title=str(row["title"]),
            quiz_id=str(row["quiz_id"]),
            quiz_json=str(row["quiz_json"]),
            quiz_fingerprint=str(row["quiz_fingerprint"]),
            view_secret=bytes.fromhex(str(row["view_secret"])),
            join_code=str(row["join_code"]),
            opens_at=float(row["opens_at"]),
            closes_at=float(row["closes_at"]),
            duration_s=int(row["duration_s"]) if row["duration_s"] is not None else None,
            max_attempts=int(row["max_attempts"]),
            policy=Policy(
                show_score=_moment(row["show_score"]),
                show_feedback=_moment(row["show_feedback"]),
                show_answers=_moment(row["show_answers"]),
            ),
            owner_id=int(row["owner_id"]),
            created_at=float(row["created_at"]),
            code_join=bool(row["code_join"]),
        )

    @property
    def quiz_data(self) -> dict[str, Any]:
        """The quiz as graded (YAML-shaped dict)."""
        data: dict[str, Any] = json.loads(self.quiz_json)
        return data

    def is_open(self, now: float) -> bool:
        """Whether students may join now (between opening and closing)."""
        return self.opens_at <= now < self.closes_at

    def deadline(self, started_at: float, extra_time_s: int) -> float:
        """The server time at which an attempt started at ``started_at`` is submitted."""
        end = self.closes_at
        if self.duration_s is not None:
            end = min(end, started_at + self.duration_s)
        return end + extra_time_s


def _moment(value: Any) -> Moment:
    text = str(value)
    if text not in ("after_answer", "after_submit", "after_close", "never"):
        return "never"
    return text  # type: ignore[return-value]


@dataclass(frozen=True)
class Adjustment:
    """Extra time and extra attempts granted to one student."""

    student_number: str
    extra_time_s: int = 0
    extra_attempts: int = 0


@dataclass(frozen=True)
class RegradeEntry:
    """One re-grade of the log."""

    id: int
    created_at: float
    teacher: str
    old_fingerprint: str
    new_fingerprint: str
    changes: dict[str, Any]


def create_evaluation(
    tx: Transaction,
    settings: EvaluationSettings,
    quiz_id: str,
    quiz_json: str,
    fingerprint: str,
    owner_id: int,
    now: float,
) -> Evaluation:
    """Insert an évaluation with a fresh public id and join code."""
    for _ in range(20):
        code = new_join_code()
        if tx.one("SELECT 1 AS taken FROM evaluations WHERE join_code = ?", (code,)) is None:
            break
    policy = settings.policy
    row = tx.one(
        "INSERT INTO evaluations (public_id, title, quiz_id, quiz_json, quiz_fingerprint,"
        " view_secret, join_code, opens_at, closes_at, duration_s, max_attempts, show_score,"
        " show_feedback, show_answers, owner_id, created_at, updated_at, code_join)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (
            new_public_id(),
            settings.title,
            quiz_id,
            quiz_json,
            fingerprint,
            secrets.token_bytes(32).hex(),
            code,
            settings.opens_at,
            settings.closes_at,
            settings.duration_s,
            settings.max_attempts,
            policy.show_score,
            policy.show_feedback,
            policy.show_answers,
            owner_id,
            now,
            now,
            int(settings.code_join),
        ),
    )
    assert row is not None
    return Evaluation.from_row(row)


def update_settings(
    tx: Transaction, evaluation_id: int, settings: EvaluationSettings, now: float
) -> None:
    """Change an évaluation's title, times, attempts and release policy."""
    policy = settings.policy
    tx.execute(
        "UPDATE evaluations SET title = ?, opens_at = ?, closes_at = ?, duration_s = ?,"
        " max_attempts = ?, show_score = ?, show_feedback = ?, show_answers = ?, updated_at = ?,"
        " code_join = ? WHERE id = ?",
        (
            settings.title,
            settings.opens_at,
            settings.closes_at,
            settings.duration_s,
            settings.max_attempts,
            policy.show_score,
            policy.show_feedback,
            policy.show_answers,
            now,
            int(settings.code_join),
            evaluation_id,
        ),
    )


def close_code_join(tx: Transaction, evaluation_id: int) -> None:
    """Only launches from an LMS open the évaluation from now on (it was linked to a course)."""
    tx.execute("UPDATE evaluations SET code_join = 0 WHERE id = ?", (evaluation_id,))


def replace_quiz(
    tx: Transaction, evaluation_id: int, quiz_json: str, fingerprint: str, now: float
) -> None:
    """Store the corrected quiz an évaluation is graded with."""
    tx.execute(
        "UPDATE evaluations SET quiz_json = ?, quiz_fingerprint = ?, updated_at = ? WHERE id = ?",
        (quiz_json, fingerprint, now, evaluation_id),
    )


def get_evaluation(
    tx: Transaction, public_id: str, owner_id: int | None = None
) -> Evaluation | None:
    """The évaluation with this public id (and this owner, when given), or None."""
    if owner_id is None:
        row = tx.one(f"SELECT {_COLUMNS} FROM evaluations WHERE public_id = ?", (public_id,))
    else:
        row = tx.one(
            f"SELECT {_COLUMNS} FROM evaluations WHERE public_id = ? AND owner_id = ?",
            (public_id, owner_id),
        )
    return Evaluation.from_row(row) if row else None


def get_evaluation_by_id(tx: Transaction, evaluation_id: int) -> Evaluation | None:
    """The évaluation with this row id, or None."""
    row = tx.one(f"SELECT {_COLUMNS} FROM evaluations WHERE id = ?", (evaluation_id,))
    return Evaluation.from_row(row) if row else None


def get_evaluation_by_code(tx: Transaction, join_code: str) -> Evaluation | None:
    """The évaluation with this join code, or None."""
    row = tx.one(f"SELECT {_COLUMNS} FROM evaluations WHERE join_code = ?", (join_code,))
    return Evaluation.from_row(row) if row else None


def list_evaluations(tx: Transaction, owner_id: int) -> list[Evaluation]:
    """A teacher's évaluations, the latest opening first."""
    rows = tx.all(
        f"SELECT {_COLUMNS} FROM evaluations WHERE owner_id = ? ORDER BY opens_at DESC, id DESC",
        (owner_id,),
    )
    return [Evaluation.from_row(row) for row in rows]


def final_close(tx: Transaction, evaluation: Evaluation) -> float:
    """When the évaluation is closed for everyone: its closing time plus the longest extra time."""
    row = tx.one(
        "SELECT MAX(extra_time_s) AS extra FROM adjustments WHERE evaluation_id = ?",
        (evaluation.id,),
    )
    extra = int(row["extra"]) if row and row["extra"] is not None else 0
    return evaluation.closes_at + max(0, extra)


def get_adjustment(tx: Transaction, evaluation_id: int, student_number: str) -> Adjustment:
    """The student's adjustment (zeros when none was granted)."""
    row = tx.one(
        "SELECT student_number, extra_time_s, extra_attempts FROM adjustments"
        " WHERE evaluation_id = ? AND student_number = ?",
        (evaluation_id, student_number),
    )
    if row is None:
        return Adjustment(student_number=student_number)
    return Adjustment(
        str(row["student_number"]), int(row["extra_time_s"]), int(row["extra_attempts"])
    )


def list_adjustments(tx: Transaction, evaluation_id: int) -> dict[str, Adjustment]:
    """Every adjustment of an évaluation, by student number."""
    rows = tx.all(
        "SELECT student_number, extra_time_s, extra_attempts FROM adjustments"
        " WHERE evaluation_id = ?",
        (evaluation_id,),
    )
    return {
        str(r["student_number"]): Adjustment(
            str(r["student_number"]), int(r["extra_time_s"]), int(r["extra_attempts"])
        )
        for r in rows
    }


def set_adjustment(tx: Transaction, evaluation_id: int, adjustment: Adjustment) -> None:
    """Grant (or change) a student's extra time and extra attempts."""
    tx.execute(
        "INSERT INTO adjustments (evaluation_id, student_number, extra_time_s, extra_attempts)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (evaluation_id, student_number) DO UPDATE SET"
        " extra_time_s = excluded.extra_time_s, extra_attempts = excluded.extra_attempts",
        (
            evaluation_id,
            adjustment.student_number,
            adjustment.extra_time_s,
            adjustment.extra_attempts,
        ),
    )


def record_regrade(
    tx: Transaction,
    evaluation_id: int,
    teacher_id: int,
    old_fingerprint: str,
    new_fingerprint: str,
    changes: dict[str, Any],
    now: float,
) -> None:
    """Append one re-grade to the log."""
    tx.execute(
        "INSERT INTO regrades (evaluation_id, teacher_id, created_at, old_fingerprint,"
        " new_fingerprint, changes_json) VALUES (?, ?, ?, ?, ?, ?)",
        (
            evaluation_id,
            teacher_id,
            now,
            old_fingerprint,
            new_fingerprint,
            json.dumps(changes, ensure_ascii=False),
        ),
    )


def list_regrades(tx: Transaction, evaluation_id: int) -> list[RegradeEntry]:
    """The re-grade log of an évaluation, the latest first."""
    rows = tx.all(
        "SELECT r.id, r.created_at, r.old_fingerprint, r.new_fingerprint, r.changes_json,"
        " t.display_name FROM regrades r LEFT JOIN teachers t ON t.id = r.teacher_id"
        " WHERE r.evaluation_id = ? ORDER BY r.id DESC",
        (evaluation_id,),
    )
    return [
        RegradeEntry(
            id=int(r["id"]),
            created_at=float(r["created_at"]),
            teacher=str(r["display_name"] or ""),
            old_fingerprint=str(r["old_fingerprint"]),
            new_fingerprint=str(r["new_fingerprint"]),
            changes=json.loads(r["changes_json"]),
        )
        for r in rows
    ]
