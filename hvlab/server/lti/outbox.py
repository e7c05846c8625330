"""The durable queue of grades to send to platforms (Assignment and Grade Services).

A submission writes its score here in the same transaction that stores the grade: a grade is
never lost, whether the platform is down, slow or the server restarts. Every process sends what
is due: a row is first *claimed* (a conditional update, so two processes never send the same row
at once), then marked sent, or rescheduled with an exponential back-off (30 s, 1 min, 2 min… up to
an hour). After :data:`MAX_TRIES` failures the row waits for the teacher, who sees it on the
évaluation's page and can send it again.
"""

from __future__ import annotations

__all__ = [
    "MAX_TRIES",
    "OutboxRow",
    "deliver_due",
    "enqueue_for_attempt",
    "list_for_evaluation",
    "retry",
]

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hvlab.server.context import ServerContext
from hvlab.server.lti import services
from hvlab.server.lti.errors import LtiError
from hvlab.server.lti.platforms import get_platform
from hvlab.server.store import Transaction
from hvlab.server.text import printable

log = logging.getLogger("hvlab.server.lti")

MAX_TRIES = 8
_FIRST_DELAY_S = 30.0
_MAX_DELAY_S = 3600.0
_CLAIM_S = 120.0


def backoff_s(tries: int) -> float:
    """Wait before try number ``tries + 1``: 30 s, 60 s, 120 s… at most an hour."""
    return float(min(_MAX_DELAY_S, _FIRST_DELAY_S * 2.0 ** max(0, tries - 1)))


def enqueue_for_attempt(tx: Transaction, attempt_id: int, now: float) -> bool:
    """Queue the score of a submitted attempt opened through LTI (no-op otherwise).

    Returns:
        Whether a score was queued.
    """
    row = tx.one(
        "SELECT t.score, t.max_score, t.submitted_at, u.subject, l.platform_id, l.lineitem_url,"
        " l.id AS link_id FROM attempts t JOIN lti_users u ON u.id = t.lti_user_id"
        " JOIN lti_links l ON l.id = t.lti_link_id WHERE t.id = ? AND t.submitted_at IS NOT NULL",
        (attempt_id,),
    )
    if row is None or row["score"] is None:
        return False
    score = {
        "userId": row["subject"],
        "scoreGiven": float(row["score"]),
        "scoreMaximum": float(row["max_score"] or 0.0),
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"),
    }
    tx.execute(
        "INSERT INTO lti_outbox (platform_id, attempt_id, lineitem_url, score_json, status,"
        " next_try_at, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
        (row["platform_id"], attempt_id, row["lineitem_url"] or "", json.dumps(score), now, now),
    )
    return True


@dataclass(frozen=True)
class OutboxRow:
    """A grade waiting for (or sent to) a platform, as the teacher sees it."""

    id: int
    student_name: str
    student_number: str
    score: float
    maximum: float
    status: str
    tries: int
    next_try_at: float
    last_error: str
    sent_at: float | None

    @property
    def state(self) -> str:
        if self.status == "sent":
            return "envoyée"
        if self.status == "failed":
            return "en échec (renvoi manuel)"
        return (
            "en attente"
            if self.tries == 0
            else f"nouvel essai prévu ({self.tries} échec{'s' if self.tries > 1 else ''})"
        )


def list_for_evaluation(tx: Transaction, evaluation_id: int) -> list[OutboxRow]:
    rows = tx.all(
        "SELECT o.id, o.score_json, o.status, o.tries, o.next_try_at, o.last_error, o.sent_at,"
        " t.student_name, t.student_number FROM lti_outbox o"
        " JOIN attempts t ON t.id = o.attempt_id"
        " WHERE t.evaluation_id = ? ORDER BY o.id DESC",
        (evaluation_id,),
    )
    found = []
    for row in rows:
        score = json.loads(row["score_json"])
        found.append(
            OutboxRow(
                id=int(row["id"]),
                student_name=str(row["student_name"]),
                student_number=str(row["student_number"]),
                score=float(score["scoreGiven"]),
                maximum=float(score["scoreMaximum"]),
                status=str(row["status"]),
                tries=int(row["tries"]),
                next_try_at=float(row["next_try_at"]),
                last_error=str(row["last_error"]),
                sent_at=float(row["sent_at"]) if row["sent_at"] is not None else None,
            )
        )
    return found


def retry(tx: Transaction, evaluation_id: int, now: float) -> int:
    """Send again, now, every unsent grade of an évaluation (the teacher's button)."""
    return tx.execute(
        "UPDATE lti_outbox SET status = 'pending', next_try_at = ?, claimed_until = NULL"
        " WHERE status <> 'sent'"
        " AND attempt_id IN (SELECT id FROM attempts WHERE evaluation_id = ?)",
        (now, evaluation_id),
    )


def _claim(context: ServerContext, limit: int) -> list[dict[str, Any]]:
    now = context.now()
    with context.read() as tx:
        due = tx.all(
            "SELECT id FROM lti_outbox WHERE status = 'pending' AND next_try_at <= ?"
            " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_try_at LIMIT ?",
            (now, now, limit),
        )
    claimed = []
    for row in due:
        with context.write() as tx:
            won = tx.execute(
                "UPDATE lti_outbox SET claimed_until = ? WHERE id = ? AND status = 'pending'"
                " AND (claimed_until IS NULL OR claimed_until < ?)",
                (now + _CLAIM_S, row["id"], now),
            )
            if won:
                # A row names an évaluation's attempt or a lab's attempt (hvlab.server.labs).
                full = tx.one(
                    "SELECT o.id, o.platform_id, o.lineitem_url, o.score_json, o.tries,"
                    " t.evaluation_id, a.lab_id, a.title AS lab_title, l.resource_link_id,"
                    " c.lineitems_url, l.id AS link_id FROM lti_outbox o"
                    " LEFT JOIN attempts t ON t.id = o.attempt_id"
                    " LEFT JOIN lab_attempts a ON a.id = o.lab_attempt_id"
                    " LEFT JOIN lti_links l ON l.id = COALESCE(t.lti_link_id, a.link_id)"
                    " LEFT JOIN lti_contexts c ON c.id = l.context_pk WHERE o.id = ?",
                    (row["id"],),
                )
                if full is not None:
                    claimed.append(full)
    return claimed


def _line_item(context: ServerContext, row: dict[str, Any], platform: Any) -> str:
    if row["lineitem_url"]:
        return str(row["lineitem_url"])
    if not row["lineitems_url"]:
        raise services.ServiceError(
            "aucune colonne de notes : la plateforme n'a donné ni line item ni service de notes"
        )
    if row["evaluation_id"] is None:
        resource_id, label = f"tp:{row['lab_id']}", str(row["lab_title"])
    else:
        with context.read() as tx:
            evaluation = tx.one(
                "SELECT public_id, title FROM evaluations WHERE id = ?", (row["evaluation_id"],)
            )
        assert evaluation is not None
        resource_id, label = str(evaluation["public_id"]), str(evaluation["title"])
    score = json.loads(row["score_json"])
    url = services.find_or_create_line_item(
        context,
        platform,
        str(row["lineitems_url"]),
        resource_id=resource_id,
        label=label,
        maximum=float(score["scoreMaximum"]),
        resource_link_id=str(row["resource_link_id"] or ""),
    )
    with context.write() as tx:
        tx.execute("UPDATE lti_links SET lineitem_url = ? WHERE id = ?", (url, row["link_id"]))
        tx.execute("UPDATE lti_outbox SET lineitem_url = ? WHERE id = ?", (url, row["id"]))
    return url


def deliver_due(context: ServerContext, limit: int = 50) -> tuple[int, int]:
    """Send the grades that are due (blocking); returns (sent, failed this round)."""
    sent = failed = 0
    for row in _claim(context, limit):
        with context.read() as tx:
            platform = get_platform(tx, int(row["platform_id"]))
        try:
            if platform is None:
                raise services.ServiceError("plateforme supprimée")
            url = _line_item(context, row, platform)
            services.post_score(context, platform, url, json.loads(row["score_json"]))
        except (services.ServiceError, LtiError) as error:
            failed += 1
            tries = int(row["tries"]) + 1
            status = "failed" if tries >= MAX_TRIES else "pending"
            with context.write() as tx:
                tx.execute(
                    "UPDATE lti_outbox SET tries = ?, status = ?, next_try_at = ?, last_error = ?,"
                    " claimed_until = NULL WHERE id = ?",
                    (tries, status, context.now() + backoff_s(tries), str(error)[:500], row["id"]),
                )
            log.warning("note LTI non envoyée (essai %d) : %s", tries, printable(error, 600))
            continue
        sent += 1
        with context.write() as tx:
            tx.execute(
                "UPDATE lti_outbox SET status = 'sent', sent_at = ?, last_error = '',"
                " claimed_until = NULL WHERE id = ?",
                (context.now(), row["id"]),
            )
    return sent, failed
