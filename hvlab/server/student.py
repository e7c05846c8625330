"""What a student does: join an évaluation, load the attempt, save answers, ask hints, submit.

Every function is blocking (database, grading) and takes the :class:`ServerContext`; the views
run them off the event loop. Access rule: an attempt is used only by the browser session that
owns it; any other request gets the same 404 as an attempt that does not exist.
"""

from __future__ import annotations

__all__ = [
    "RESERVED_NUMBER_PREFIX",
    "AttemptAccess",
    "Joined",
    "attempt_state",
    "join",
    "open_attempt",
    "save_answer",
    "submit",
    "use_hint",
]

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.view import ViewResponseError, hint_html, view_question_id
from hvlab.server.context import ServerContext
from hvlab.server.errors import Problem
from hvlab.server.forms import format_local
from hvlab.server.grading import (
    QuizBook,
    graded_value,
    new_plan,
    question_views,
    render,
    visible_result,
)
from hvlab.server.policy import Release
from hvlab.server.store import Transaction, accounts
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.store.accounts import Session
from hvlab.server.store.attempts import Attempt
from hvlab.server.store.evaluations import Evaluation
from hvlab.server.submission import submit_attempt

_NOT_FOUND = "Cette copie n'existe pas, ou elle a été ouverte dans un autre navigateur."
_MAX_SEQ = 2**53


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class AttemptAccess:
    """An attempt that the current session may use, with its évaluation and quiz."""

    attempt: Attempt
    evaluation: Evaluation
    quiz: Quiz


def _quiz(tx: Transaction, book: QuizBook, evaluation: Evaluation) -> Quiz:
    quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
    assert quiz is not None
    return quiz


@dataclass(frozen=True)
class Joined:
    """A join that succeeded: the attempt, and the browser's new session (its cookie's token)."""

    attempt: Attempt
    token: str
    session: Session


#: Numbers of LMS students who have no ID number in the LMS (``lms-…``): never typed at a join.
RESERVED_NUMBER_PREFIX = "lms-"


def join(
    context: ServerContext,
    book: QuizBook,
    *,
    code: str,
    student_number: str,
    student_name: str,
    session: Session | None,
) -> Joined:
    """Join the évaluation of ``code``: resume the student's open attempt or start a new one.

    The browser gets a new session token in the same transaction (its attempts follow it): a
    token planted in the browser beforehand opens nothing afterwards.

    Raises:
        Problem: unknown code, not open yet, closed, joining by code not allowed, a number that
            belongs to a student of the LMS, attempts used up, attempt held by another browser, a
            copy of another number still open in this browser (French messages).
    """
    now = context.now()
    zone = context.settings.zone
    with context.write() as tx:
        evaluation = evaluation_store.get_evaluation_by_code(tx, code)
        if evaluation is None:
            raise Problem(
                404,
                "Aucune évaluation ne correspond à ce code. Vérifiez-le auprès de l'enseignant.",
            )
        if not evaluation.code_join:
            raise Problem(
                403,
                f"L'évaluation « {evaluation.title} » se passe depuis la plateforme du cours "
                "(Moodle…) : ouvrez-la depuis la page du cours, pas avec un code.",
            )
        if now < evaluation.opens_at:
            raise Problem(
                409,
                f"L'évaluation « {evaluation.title} » n'est pas encore ouverte : elle ouvre le "
                f"{format_local(evaluation.opens_at, zone)}.",
            )
        if student_number.lower().startswith(RESERVED_NUMBER_PREFIX) or (
            attempt_store.number_from_lms(tx, evaluation.id, student_number)
        ):
            raise Problem(
                409,
                "Ce numéro d'étudiant est celui d'un étudiant inscrit sur la plateforme du cours : "
                "ouvrez l'évaluation depuis la page du cours.",
            )
        lifetime = (
            max(0.0, session.expires_at - now)
            if session is not None and session.teacher_id is not None
            else context.settings.student_session_s
        )
        token, renewed = accounts.replace_session(tx, session, now, lifetime)
        session_hash = renewed.token_hash
        other = attempt_store.open_attempt_of_session(tx, evaluation.id, session_hash, now)
        if other is not None and other.student_number != student_number:
            raise Problem(
                409,
                f"Ce navigateur a déjà une copie en cours pour cette évaluation (numéro "
                f"{other.student_number}). Rendez-la avant d'en commencer une sous un autre "
                "numéro, ou demandez à l'enseignant.",
            )
        adjustment = evaluation_store.get_adjustment(tx, evaluation.id, student_number)
        previous = attempt_store.student_attempts(tx, evaluation.id, student_number)
        current = next((a for a in previous if not a.submitted), None)
        if current is not None and current.deadline_at + context.settings.grace_s <= now:
            submit_attempt(tx, book, current.id, "deadline", now)
            current = None
        if current is not None:
            if current.owner_session == session_hash:
                return Joined(current, token, renewed)
            if current.owner_session is None and attempt_store.claim_attempt(
                tx, current.id, session_hash
            ):
                claimed = attempt_store.get_attempt(tx, current.public_id) or current
                return Joined(claimed, token, renewed)
            raise Problem(
                409,
                "Une copie de ce numéro d'étudiant est déjà en cours dans un autre navigateur. "
                "Pour la reprendre ici, demandez à l'enseignant de la débloquer.",
            )
        if now >= evaluation.closes_at + adjustment.extra_time_s:
            raise Problem(409, f"L'évaluation « {evaluation.title} » est fermée.")
        allowed = evaluation.max_attempts + adjustment.extra_attempts
        if len(previous) >= allowed:
            last = previous[-1]
            if last.owner_session == session_hash:
                return Joined(last, token, renewed)
            raise Problem(
                409,
                f"Ce numéro d'étudiant a déjà rendu {len(previous)} copie"
                f"{'s' if len(previous) > 1 else ''} ({allowed} tentative"
                f"{'s' if allowed > 1 else ''} permise{'s' if allowed > 1 else ''}).",
            )
        quiz = _quiz(tx, book, evaluation)
        attempt = attempt_store.create_attempt(
            tx,
            evaluation_id=evaluation.id,
            student_number=student_number,
            student_name=student_name,
            attempt_no=len(previous) + 1,
            owner_session=session_hash,
            plan=new_plan(quiz),
            started_at=now,
            deadline_at=evaluation.deadline(now, adjustment.extra_time_s),
        )
        return Joined(attempt, token, renewed)


def open_attempt(
    context: ServerContext, book: QuizBook, public_id: str, session_hash: str | None
) -> AttemptAccess:
    """The attempt ``public_id`` if the session owns it (submitting it first if time is up).

    Raises:
        Problem: 404 for an unknown attempt or one owned by another session.
    """
    if not session_hash or not 10 <= len(public_id) <= 40:
        raise Problem(404, _NOT_FOUND)
    with context.read() as tx:
        attempt = attempt_store.get_attempt(tx, public_id)
        if attempt is None or attempt.owner_session != session_hash:
            raise Problem(404, _NOT_FOUND)
        evaluation = evaluation_store.get_evaluation_by_id(tx, attempt.evaluation_id)
        assert evaluation is not None
        quiz = _quiz(tx, book, evaluation)
    now = context.now()
    if not attempt.submitted and attempt.deadline_at + context.settings.grace_s <= now:
        with context.write() as tx:
            submit_attempt(tx, book, attempt.id, "deadline", now)
            refreshed = attempt_store.get_attempt(tx, public_id)
        assert refreshed is not None
        attempt = refreshed
    return AttemptAccess(attempt=attempt, evaluation=evaluation, quiz=quiz)


def _closed_for_all(context: ServerContext, evaluation: Evaluation) -> bool:
    with context.read() as tx:
        return context.now() >= evaluation_store.final_close(tx, evaluation)


def _question(access: AttemptAccess, view_id: str) -> Question:
    for question in access.quiz.questions:
        if view_question_id(question.id, access.evaluation.view_secret) == view_id:
            return question
    raise Problem(404, "Cette question ne fait pas partie de la copie.")


def attempt_state(context: ServerContext, access: AttemptAccess) -> dict[str, Any]:
    """The attempt as the quiz page loads it (format ``hvlab-attempt``, version 1)."""
    attempt, evaluation, quiz = access.attempt, access.evaluation, access.quiz
    secret = evaluation.view_secret
    with context.read() as tx:
        answers = attempt_store.get_answers(tx, attempt.id)
    closed = _closed_for_all(context, evaluation)
    seeds = attempt.plan.get("seeds", {})
    saved: dict[str, Any] = {}
    hints: dict[str, list[str]] = {}
    results: dict[str, Any] = {}
    for question in quiz.questions:
        vid = view_question_id(question.id, secret)
        answer = answers.get(question.id)
        seed = seeds.get(question.id)
        if answer is not None and answer.response is not None:
            saved[vid] = {"response": answer.response, "seq": answer.seq, "locked": answer.locked}
        if answer is not None and answer.hints_used:
            hints[vid] = [
                hint_html(question, seed, i, render=render)
                for i in range(min(answer.hints_used, len(question.hints)))
            ]
        release = Release.at(
            evaluation.policy,
            validated=bool(answer and answer.locked),
            submitted=attempt.submitted,
            closed=closed,
        )
        shown = visible_result(question, seed, answer, secret, release)
        if shown is not None:
            results[vid] = shown
    total_release = Release.at(
        evaluation.policy, validated=False, submitted=attempt.submitted, closed=closed
    )
    score = None
    if total_release.score and attempt.submitted and attempt.score is not None:
        score = {"score": attempt.score, "max": attempt.max_score}
    return {
        "format": "hvlab-attempt",
        "version": 1,
        "quiz": {
            "title": evaluation.title,
            "description": render(quiz.description) if quiz.description else "",
            "pass_mark": quiz.pass_mark,
        },
        "student": {"name": attempt.student_name, "number": attempt.student_number},
        "questions": question_views(quiz, attempt.plan, secret, attempt.public_id),
        "answers": saved,
        "hints": hints,
        "results": results,
        "validate": "question" if evaluation.policy.per_question else "submission",
        # When each part comes (the page says when the mark will be shown, not a fake one).
        "release": {
            "score_at": evaluation.policy.show_score,
            "feedback_at": evaluation.policy.show_feedback,
            "answers_at": evaluation.policy.show_answers,
        },
        "status": "submitted" if attempt.submitted else "open",
        "submit_reason": attempt.submit_reason,
        "deadline": _iso(attempt.deadline_at),
        "now": _iso(context.now()),
        "remaining_s": max(0.0, attempt.deadline_at - context.now())
        if not attempt.submitted
        else 0.0,
        "score": score,
    }


_SUBMITTED = "Cette copie a déjà été rendue : elle ne peut plus changer."
_TIME_UP = "Le temps est écoulé : la copie a été rendue automatiquement."


def _closed(attempt: Attempt) -> Problem:
    return Problem(409, _TIME_UP if attempt.submit_reason == "deadline" else _SUBMITTED)


def _require_open(context: ServerContext, access: AttemptAccess) -> None:
    if access.attempt.submitted:
        raise _closed(access.attempt)


def save_answer(
    context: ServerContext, access: AttemptAccess, view_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Save one answer (autosave, or « Valider » with ``final``); idempotent by ``seq``."""
    _require_open(context, access)
    question = _question(access, view_id)
    seq = body.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < _MAX_SEQ:
        raise Problem(400, "Numéro d'enregistrement (seq) manquant ou invalide.")
    final = body.get("final", False)
    if not isinstance(final, bool):
        raise Problem(400, "Le champ « final » doit valoir true ou false.")
    if "response" not in body:
        raise Problem(400, "La réponse (response) manque.")
    response = body["response"]
    seed = access.attempt.plan.get("seeds", {}).get(question.id)
    secret = access.evaluation.view_secret
    try:
        value = graded_value(question, response, seed, secret) if response is not None else None
    except ViewResponseError as error:
        raise Problem(400, f"Réponse refusée : {error}") from None
    lock = final and access.evaluation.policy.per_question
    now = context.now()
    with context.write() as tx:
        attempt = attempt_store.lock_attempt(tx, access.attempt.id)
        assert attempt is not None
        if attempt.submitted:
            raise _closed(attempt)
        if attempt.deadline_at + context.settings.grace_s <= now:
            raise Problem(409, _TIME_UP)
        answer = attempt_store.save_answer(
            tx, attempt.id, question.id, response, value, seq, now, lock=lock
        )
    result = None
    if answer.locked:
        release = Release.at(
            access.evaluation.policy,
            validated=True,
            submitted=False,
            closed=_closed_for_all(context, access.evaluation),
        )
        result = visible_result(question, seed, answer, secret, release)
    return {
        "saved": True,
        "seq": answer.seq,
        "stale": answer.seq != seq or (answer.locked and not lock),
        "locked": answer.locked,
        "result": result,
    }


def use_hint(
    context: ServerContext, access: AttemptAccess, view_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Show hint ``index`` of a question (charged once, however often it is asked)."""
    _require_open(context, access)
    question = _question(access, view_id)
    index = body.get("index")
    if (
        not isinstance(index, int)
        or isinstance(index, bool)
        or not 0 <= index < len(question.hints)
    ):
        raise Problem(400, "Cet indice n'existe pas.")
    now = context.now()
    with context.write() as tx:
        attempt = attempt_store.lock_attempt(tx, access.attempt.id)
        assert attempt is not None
        if attempt.submitted:
            raise _closed(attempt)
        if attempt.deadline_at + context.settings.grace_s <= now:
            raise Problem(409, _TIME_UP)
        answers = attempt_store.get_answers(tx, attempt.id)
        current = answers.get(question.id)
        if current is not None and current.locked:
            raise Problem(409, "Cette question est déjà validée.")
        used = attempt_store.use_hints(tx, attempt.id, question.id, index + 1, now)
    seed = access.attempt.plan.get("seeds", {}).get(question.id)
    return {
        "index": index,
        "hint": hint_html(question, seed, index, render=render),
        "hints_used": used,
    }


def submit_access(context: ServerContext, access: AttemptAccess) -> dict[str, Any]:
    """:func:`submit` with the process's quiz book (the API's signature: context, access)."""
    return submit(context, context.book, access)


def submit(context: ServerContext, book: QuizBook, access: AttemptAccess) -> dict[str, Any]:
    """The student submits: grade, store, and return what the policy shows after submission."""
    with context.write() as tx:
        submit_attempt(tx, book, access.attempt.id, "student", context.now())
        refreshed = attempt_store.get_attempt(tx, access.attempt.public_id)
    assert refreshed is not None
    state = attempt_state(context, AttemptAccess(refreshed, access.evaluation, access.quiz))
    return {"status": state["status"], "results": state["results"], "score": state["score"]}
