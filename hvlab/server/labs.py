"""Graded labs (« TP notés ») opened from an LMS: the student's code is checked by the server.

A resource link may name a lab of the course (``custom: lab=<id>``, set by deep linking). Each LMS
student gets one attempt per link (``lab_attempts``); for each step the last code checked and its
report are kept (``lab_steps``). A step counts as passed once its checks have passed; the grade is
steps passed / steps, queued for the platform (:mod:`hvlab.server.lti.outbox`) in the same
transaction each time it changes, and once more, as « Completed », when the student hands the lab
in.

The student's code runs in :class:`hvlab.labs.isolate.Sandbox` (confined, bounded in time and
memory, no network) and the checks are judged in another process apart from it: whatever the
student's code does, it cannot change the checks or the report. The step's solution never leaves
this module: pages get :class:`StepView` objects, which have none.
"""

from __future__ import annotations

__all__ = [
    "GradedLabs",
    "LabAttempt",
    "StepView",
    "check_step",
    "hand_in",
    "lab_attempt_for",
    "load_attempt",
    "progress",
]

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hvlab.errors import HvlabError
from hvlab.labs.isolate import Sandbox, SandboxError
from hvlab.labs.loader import find_lab, lab_folders, load_lab
from hvlab.labs.model import Lab
from hvlab.labs.runner import CheckReport
from hvlab.quiz.render import default_renderer
from hvlab.server.errors import Problem
from hvlab.server.store import Transaction
from hvlab.server.tokens import new_public_id

#: Longest code accepted for one step (characters).
MAX_CODE_CHARS = 50_000
#: Checks a process keeps waiting for its sandbox at most (each holds a worker thread meanwhile);
#: beyond, the student is asked to try again in a moment.
MAX_WAITING_CHECKS = 6
#: Checks one student may ask for per minute.
CHECKS_PER_MINUTE = 20


class GradedLabs:
    """The labs a course may link (read from the server's ``labs/`` folder, cached) and the one
    sandbox of this process that checks students' code (started on first use, reused)."""

    def __init__(self, labs_dir: Path, time_s: float) -> None:
        self.labs_dir = labs_dir
        self.time_s = time_s
        self._labs: dict[str, Lab] = {}
        self._lock = threading.Lock()
        self._box: Sandbox | None = None
        self._waiting = threading.BoundedSemaphore(MAX_WAITING_CHECKS)

    def available(self) -> list[Lab]:
        """Every valid lab of the folder, by folder name (invalid ones are left out)."""
        found = []
        for folder in lab_folders(self.labs_dir):
            try:
                found.append(load_lab(folder))
            except HvlabError:
                continue
        return found

    def lab(self, lab_id: str) -> Lab | None:
        """The lab ``lab_id`` (cached after the first read), None when unknown or invalid."""
        with self._lock:
            if lab_id not in self._labs:
                try:
                    self._labs[lab_id] = find_lab(self.labs_dir, lab_id)
                except (HvlabError, OSError):
                    return None
            return self._labs[lab_id]

    def check(self, lab: Lab, step_id: str, code: str) -> CheckReport:
        """Run ``code`` against the step's checks in the sandbox (one check at a time).

        Raises:
            Problem: the sandbox cannot run (503, French).
        """
        step = lab.step(step_id)
        if not self._waiting.acquire(blocking=False):
            raise Problem(
                503,
                "Le serveur vérifie déjà le code d'autres étudiants : réessayez dans quelques "
                "secondes.",
            )
        try:
            return self._check(step.checks, step.id, code)
        finally:
            self._waiting.release()

    def _check(self, checks: str, step_id: str, code: str) -> CheckReport:
        with self._lock:
            if self._box is None:
                self._box = Sandbox(labs_dir=self.labs_dir)
            try:
                return self._box.check(code, checks, step_id=step_id, timeout_s=self.time_s)
            except SandboxError as error:
                self._box.close()
                self._box = None
                raise Problem(
                    503,
                    f"La vérification n'a pas pu se faire ({error}). Réessayez dans un moment ; "
                    "si cela recommence, prévenez l'enseignant.",
                ) from None

    def close(self) -> None:
        """Stop the sandbox (and everything it started)."""
        with self._lock:
            if self._box is not None:
                self._box.close()
                self._box = None


@dataclass(frozen=True)
class LabAttempt:
    """A student's attempt at a graded lab."""

    id: int
    public_id: str
    link_id: int
    lab_id: str
    title: str
    student_name: str
    student_number: str
    steps_total: int
    steps_passed: int
    submitted_at: float | None

    @classmethod
    def from_row(cls, row: Any) -> LabAttempt:
        return cls(
            id=int(row["id"]),
            public_id=str(row["public_id"]),
            link_id=int(row["link_id"]),
            lab_id=str(row["lab_id"]),
            title=str(row["title"]),
            student_name=str(row["student_name"]),
            student_number=str(row["student_number"]),
            steps_total=int(row["steps_total"]),
            steps_passed=int(row["steps_passed"]),
            submitted_at=float(row["submitted_at"]) if row["submitted_at"] is not None else None,
        )


_COLUMNS = (
    "id, public_id, link_id, lab_id, title, student_name, student_number, steps_total,"
    " steps_passed, submitted_at"
)


@dataclass(frozen=True)
class StepView:
    """What the student's page shows of a step (never its solution)."""

    number: int
    id: str
    title: str
    instructions_html: str
    code: str
    passed: bool
    checks_run: int
    report: dict[str, Any] | None


def lab_attempt_for(
    tx: Transaction,
    lab: Lab,
    *,
    link_id: int,
    user_id: int,
    name: str,
    number: str,
    session_hash: str,
    now: float,
) -> str:
    """The LMS student's attempt at the lab of this link (resumed, or started): its public id.

    The attempt follows the LMS user from one browser to another: the browser that launched last
    owns it.
    """
    row = tx.one(
        "SELECT public_id FROM lab_attempts WHERE link_id = ? AND lti_user_id = ?",
        (link_id, user_id),
    )
    if row is not None:
        tx.execute(
            "UPDATE lab_attempts SET owner_session = ?, student_name = ? WHERE public_id = ?",
            (session_hash, name, row["public_id"]),
        )
        return str(row["public_id"])
    public_id = new_public_id()
    tx.execute(
        "INSERT INTO lab_attempts (public_id, link_id, lti_user_id, lab_id, title, student_name,"
        " student_number, owner_session, steps_total, started_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            public_id,
            link_id,
            user_id,
            lab.id,
            lab.title,
            name,
            number,
            session_hash,
            len(lab.steps),
            now,
            now,
        ),
    )
    return public_id


def load_attempt(tx: Transaction, public_id: str, session_hash: str) -> LabAttempt:
    """The attempt, if this browser session owns it (404 otherwise: nobody else's exists)."""
    row = tx.one(
        f"SELECT {_COLUMNS} FROM lab_attempts WHERE public_id = ? AND owner_session = ?",
        (public_id[:40], session_hash),
    )
    if row is None:
        raise Problem(404, "Ce TP n'existe pas, ou il a été ouvert depuis un autre navigateur.")
    return LabAttempt.from_row(row)


def step_views(tx: Transaction, attempt: LabAttempt, lab: Lab) -> list[StepView]:
    """Each step with the student's last code (the starter before any check) and last report."""
    saved = {
        str(r["step_id"]): r
        for r in tx.all(
            "SELECT step_id, code, passed, report_json, checks_run FROM lab_steps"
            " WHERE lab_attempt_id = ?",
            (attempt.id,),
        )
    }
    render = default_renderer()
    views = []
    for number, step in enumerate(lab.steps, start=1):
        row = saved.get(step.id)
        views.append(
            StepView(
                number=number,
                id=step.id,
                title=step.title,
                instructions_html=render(step.instructions_md),
                code=str(row["code"]) if row else step.starter,
                passed=bool(row["passed"]) if row else False,
                checks_run=int(row["checks_run"]) if row else 0,
                report=_shown_report(json.loads(row["report_json"])) if row else None,
            )
        )
    return views


def _shown_report(report: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a report: summary, each check's verdict, the run's error."""
    results = report.get("results") or []
    error = (report.get("run") or {}).get("error")
    return {
        "passed": bool(report.get("passed")),
        "message": str(report.get("message", "")),
        "results": [
            {
                "title": str(r.get("title", "")),
                "passed": bool(r.get("passed")),
                "message": str(r.get("message", "")),
            }
            for r in results
        ],
        "passed_count": sum(1 for r in results if r.get("passed")),
        "error": str(error.get("text") or error.get("message") or "") if error else "",
        "output": str((report.get("run") or {}).get("stdout", ""))[-2000:],
    }


def check_step(
    tx: Transaction, attempt: LabAttempt, step_id: str, code: str, report: CheckReport, now: float
) -> None:
    """Store the step's code and report; a step once passed stays passed; queue the new grade.

    ``tx`` is a write transaction; the attempt's row is locked first (two checks of the same
    attempt at once are written one after the other).
    """
    if _lock(tx, attempt.id):
        raise Problem(409, "Ce TP est rendu : il ne peut plus être vérifié ni modifié.")
    tx.execute(
        "INSERT INTO lab_steps (lab_attempt_id, step_id, code, passed, report_json, checks_run,"
        " checked_at) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (lab_attempt_id, step_id) DO UPDATE"
        " SET code = excluded.code, report_json = excluded.report_json,"
        " passed = CASE WHEN lab_steps.passed = 1 OR excluded.passed = 1 THEN 1 ELSE 0 END,"
        " checks_run = lab_steps.checks_run + 1, checked_at = excluded.checked_at",
        (
            attempt.id,
            step_id,
            code,
            1 if report.passed else 0,
            json.dumps(report.to_dict(), ensure_ascii=False),
            now,
        ),
    )
    row = tx.one(
        "SELECT COUNT(*) AS n FROM lab_steps WHERE lab_attempt_id = ? AND passed = 1",
        (attempt.id,),
    )
    passed = int(row["n"]) if row else 0
    tx.execute(
        "UPDATE lab_attempts SET steps_passed = ?, updated_at = ? WHERE id = ?",
        (passed, now, attempt.id),
    )
    _queue_grade(tx, attempt.id, now)


def hand_in(tx: Transaction, attempt: LabAttempt, now: float) -> None:
    """« Rendre le TP »: the attempt is closed and its grade queued as « Completed »."""
    _lock(tx, attempt.id)
    tx.execute(
        "UPDATE lab_attempts SET submitted_at = ?, updated_at = ? WHERE id = ?"
        " AND submitted_at IS NULL",
        (now, now, attempt.id),
    )
    _queue_grade(tx, attempt.id, now)


def _lock(tx: Transaction, attempt_id: int) -> bool:
    """Lock the attempt's row (PostgreSQL; SQLite's write transaction is already exclusive);
    whether the attempt is handed in."""
    suffix = " FOR UPDATE" if tx.dialect == "postgresql" else ""
    row = tx.one(f"SELECT submitted_at FROM lab_attempts WHERE id = ?{suffix}", (attempt_id,))
    return row is not None and row["submitted_at"] is not None


def _queue_grade(tx: Transaction, attempt_id: int, now: float) -> bool:
    """Queue the attempt's grade for the platform if it differs from the last one queued."""
    row = tx.one(
        "SELECT a.steps_passed, a.steps_total, a.submitted_at, a.queued_passed, a.queued_done,"
        " u.subject, l.platform_id, l.lineitem_url FROM lab_attempts a"
        " JOIN lti_users u ON u.id = a.lti_user_id JOIN lti_links l ON l.id = a.link_id"
        " WHERE a.id = ?",
        (attempt_id,),
    )
    if row is None:
        return False
    passed = int(row["steps_passed"])
    done = 1 if row["submitted_at"] is not None else 0
    if row["queued_passed"] is not None and (
        int(row["queued_passed"]),
        int(row["queued_done"]),
    ) == (
        passed,
        done,
    ):
        return False
    score = {
        "userId": row["subject"],
        "scoreGiven": float(passed),
        "scoreMaximum": float(row["steps_total"]),
        "activityProgress": "Completed" if done else "InProgress",
        "gradingProgress": "FullyGraded",
        "timestamp": datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"),
    }
    tx.execute(
        "INSERT INTO lti_outbox (platform_id, lab_attempt_id, lineitem_url, score_json, status,"
        " next_try_at, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
        (row["platform_id"], attempt_id, row["lineitem_url"] or "", json.dumps(score), now, now),
    )
    tx.execute(
        "UPDATE lab_attempts SET queued_passed = ?, queued_done = ? WHERE id = ?",
        (passed, done, attempt_id),
    )
    return True


def allow_teacher(tx: Transaction, link_id: int, teacher_id: int) -> None:
    """A teacher of the course opened the lab link from the LMS: they may follow its progress."""
    tx.execute(
        "INSERT INTO lab_link_teachers (link_id, teacher_id) VALUES (?, ?)"
        " ON CONFLICT (link_id, teacher_id) DO NOTHING",
        (link_id, teacher_id),
    )


def progress(tx: Transaction, link_id: int, teacher_id: int) -> tuple[str, list[dict[str, Any]]]:
    """The lab's title and each student's progress, for a teacher of the link (404 otherwise)."""
    allowed = tx.one(
        "SELECT l.lab_id FROM lab_link_teachers t JOIN lti_links l ON l.id = t.link_id"
        " WHERE t.link_id = ? AND t.teacher_id = ?",
        (link_id, teacher_id),
    )
    if allowed is None or allowed["lab_id"] is None:
        raise Problem(404, "Ce TP noté n'existe pas, ou il appartient à un autre cours.")
    rows = tx.all(
        "SELECT a.id, a.title, a.student_name, a.student_number, a.steps_passed, a.steps_total,"
        " a.submitted_at, (SELECT o.status FROM lti_outbox o WHERE o.lab_attempt_id = a.id"
        " ORDER BY o.id DESC LIMIT 1) AS grade_status FROM lab_attempts a"
        " WHERE a.link_id = ? ORDER BY a.student_name, a.id",
        (link_id,),
    )
    title = str(rows[0]["title"]) if rows else str(allowed["lab_id"])
    states = {"sent": "envoyée", "pending": "en attente", "failed": "en échec (renvoi manuel)"}
    return title, [
        {
            "name": str(r["student_name"]),
            "number": str(r["student_number"]),
            "passed": int(r["steps_passed"]),
            "total": int(r["steps_total"]),
            "submitted": r["submitted_at"] is not None,
            "grade": states.get(str(r["grade_status"]), "—"),
        }
        for r in rows
    ]
