"""Submitting an attempt: grade it and store the grade, exactly once.

Three roads lead here: the student's « Rendre ma copie », the deadline (every process sweeps the
attempts whose time is up, and any request touching one submits it first), and a re-grade. The
attempt's row is locked while its answers are read and graded, so an answer saved at the same
moment is either in the grade or refused, and two processes never both submit it.
"""

from __future__ import annotations

__all__ = ["submit_attempt", "submit_expired"]

import logging

from hvlab.server.context import ServerContext
from hvlab.server.grading import QuizBook, grade_attempt
from hvlab.server.lti.outbox import enqueue_for_attempt
from hvlab.server.store import Transaction
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store.evaluations import get_evaluation_by_id

log = logging.getLogger("hvlab.server")


def submit_attempt(
    tx: Transaction, book: QuizBook, attempt_id: int, reason: str, now: float
) -> bool:
    """Grade and submit an attempt inside ``tx``; False when it was already submitted.

    Args:
        reason: ``"student"`` (the student submitted), ``"deadline"`` (time was up) or
            ``"teacher"``.
    """
    attempt = attempt_store.lock_attempt(tx, attempt_id)
    if attempt is None or attempt.submitted:
        return False
    evaluation = get_evaluation_by_id(tx, attempt.evaluation_id)
    assert evaluation is not None
    quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
    assert quiz is not None
    answers = attempt_store.get_answers(tx, attempt.id)
    result = grade_attempt(quiz, attempt.plan, answers)
    done = attempt_store.finalize_attempt(
        tx,
        attempt.id,
        now=now,
        reason=reason,
        score=result.score,
        max_score=result.max,
        results=result.to_dict(),
    )
    if done:
        # Same transaction: an attempt opened from an LMS has its grade queued or not submitted.
        enqueue_for_attempt(tx, attempt.id, now)
    return done


def submit_expired(
    context: ServerContext, book: QuizBook, *, limit: int = 200, max_rounds: int = 10
) -> int:
    """Submit every attempt whose deadline (plus the grace period) has passed; returns how many.

    A class ending together has hundreds of attempts due at once: batches of ``limit`` follow one
    another (``max_rounds`` at most per call) instead of one batch per sweep. Several processes
    may sweep at the same moment: each attempt is submitted once (:func:`submit_attempt` locks
    its row and submits it only if it still is open).

    Blocking (database): run it off the event loop.
    """
    done = 0
    for _ in range(max_rounds):
        now = context.now()
        with context.read() as tx:
            expired = attempt_store.expired_attempts(tx, now - context.settings.grace_s, limit)
        for attempt in expired:
            with context.write() as tx:
                if submit_attempt(tx, book, attempt.id, "deadline", context.now()):
                    done += 1
        if len(expired) < limit:
            break
    if done:
        log.info("%d copie(s) rendue(s) automatiquement à l'échéance", done)
    return done
