"""What a teacher does with an évaluation: create it, change it, adjust one student, re-grade.

Every function is blocking (database, grading); the views run them off the event loop.
"""

from __future__ import annotations

__all__ = [
    "STUDENT_NUMBER",
    "create",
    "grant",
    "regrade_apply",
    "regrade_preview",
    "settings_from_form",
    "update",
]

import re
from typing import Any

from hvlab.quiz.model import Quiz
from hvlab.server.catalogue import fingerprint, load_catalogue_quiz
from hvlab.server.context import ServerContext
from hvlab.server.errors import Problem
from hvlab.server.forms import Form, parse_local
from hvlab.server.grading import QuizBook
from hvlab.server.policy import MOMENTS, Policy
from hvlab.server.published import published_quizzes
from hvlab.server.regrade import QuizChanges, RegradePlan, compare_quizzes, quiz_json, regrade
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.store.accounts import Teacher
from hvlab.server.store.evaluations import Adjustment, Evaluation, EvaluationSettings

#: What a student number may look like (it is matched with Moodle's « numéro d'identification »).
STUDENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")

_MAX_DURATION_MIN = 7 * 24 * 60
_MAX_EXTRA_MIN = 24 * 60


def settings_from_form(form: Form, context: ServerContext) -> EvaluationSettings:
    """The évaluation settings typed in the teacher's form (French errors)."""
    zone = context.settings.zone
    title = form.text("title", "Titre", max_length=200)
    opens_at = parse_local(form.text("opens_at", "Ouverture"), "Ouverture", zone)
    closes_at = parse_local(form.text("closes_at", "Fermeture"), "Fermeture", zone)
    if closes_at <= opens_at:
        raise Problem(400, "La fermeture doit venir après l'ouverture.")
    duration = form.integer(
        "duration_min", "Durée (minutes)", low=0, high=_MAX_DURATION_MIN, default=0
    )
    attempts = form.integer("max_attempts", "Nombre de tentatives", low=1, high=100, default=1)
    moments = tuple(MOMENTS)
    policy = Policy(
        show_score=form.choice("show_score", "Score", moments),  # type: ignore[arg-type]
        show_feedback=form.choice("show_feedback", "Commentaires", moments),  # type: ignore[arg-type]
        show_answers=form.choice("show_answers", "Correction", moments),  # type: ignore[arg-type]
    )
    access = (
        form.choice("access", "Accès des étudiants", ("code", "lms"))
        if form.fields.get("access")
        else "code"
    )
    return EvaluationSettings(
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        duration_s=duration * 60 if duration else None,
        max_attempts=attempts,
        policy=policy,
        code_join=access == "code",
    )


def create(
    context: ServerContext,
    teacher: Teacher,
    quiz_id: str,
    settings: EvaluationSettings,
    *,
    public_ok: bool = False,
) -> Evaluation:
    """Create an évaluation from quiz ``quiz_id`` of the quizzes folder.

    Raises:
        Problem: no such quiz, an invalid one, or one the course publishes for practice (its
            answers are readable by every student) unless ``public_ok`` (French messages).
    """
    quiz = load_catalogue_quiz(context.settings.quizzes_dir, quiz_id)
    page = published_quizzes(context.settings.quizzes_dir, context.settings.site_dir).get(quiz.id)
    if page and not public_ok:
        raise Problem(
            400,
            f"Le quiz « {quiz.id} » est publié dans le cours pour l'entraînement ({page}) : "
            "les étudiants peuvent y lire ses réponses avant l'évaluation. Pour une note qui "
            "compte, utilisez un quiz réservé aux évaluations (un autre dossier : « hvlab serve "
            "--quizzes DOSSIER »). Pour une évaluation formative, cochez « Ce quiz est public : "
            "je l'utilise quand même ».",
        )
    with context.write() as tx:
        return evaluation_store.create_evaluation(
            tx, settings, quiz.id, quiz_json(quiz), fingerprint(quiz), teacher.id, context.now()
        )


def update(context: ServerContext, evaluation: Evaluation, settings: EvaluationSettings) -> None:
    """Change an évaluation's settings; open attempts get their deadline recomputed."""
    with context.write() as tx:
        evaluation_store.update_settings(tx, evaluation.id, settings, context.now())
        changed = evaluation_store.get_evaluation_by_id(tx, evaluation.id)
        assert changed is not None
        adjustments = evaluation_store.list_adjustments(tx, evaluation.id)
        for attempt in attempt_store.list_attempts(tx, evaluation.id):
            if attempt.submitted:
                continue
            extra = adjustments.get(attempt.student_number)
            deadline = changed.deadline(attempt.started_at, extra.extra_time_s if extra else 0)
            attempt_store.set_deadline(tx, attempt.id, deadline)


def grant(context: ServerContext, evaluation: Evaluation, form: Form) -> str:
    """Extra time, a new attempt, or the release of an attempt held by a browser, for one student.

    Returns:
        What was done, in French (for the page's notice).
    """
    number = form.text("student_number", "Numéro d'étudiant", max_length=40)
    if not STUDENT_NUMBER.match(number):
        raise Problem(400, "Numéro d'étudiant invalide.")
    action = form.choice("action", "Action", ("extra_time", "new_attempt", "release"))
    with context.write() as tx:
        current = evaluation_store.get_adjustment(tx, evaluation.id, number)
        attempts = attempt_store.student_attempts(tx, evaluation.id, number)
        if action == "extra_time":
            minutes = form.integer(
                "minutes", "Temps supplémentaire (minutes)", low=0, high=_MAX_EXTRA_MIN
            )
            adjustment = Adjustment(number, minutes * 60, current.extra_attempts)
            evaluation_store.set_adjustment(tx, evaluation.id, adjustment)
            for attempt in attempts:
                if not attempt.submitted:
                    attempt_store.set_deadline(
                        tx, attempt.id, evaluation.deadline(attempt.started_at, minutes * 60)
                    )
            return f"Temps supplémentaire de l'étudiant {number} : {minutes} min."
        if action == "new_attempt":
            evaluation_store.set_adjustment(
                tx,
                evaluation.id,
                Adjustment(number, current.extra_time_s, current.extra_attempts + 1),
            )
            return f"L'étudiant {number} peut faire une tentative de plus."
        open_ones = [a for a in attempts if not a.submitted]
        if not open_ones:
            raise Problem(409, f"L'étudiant {number} n'a pas de copie en cours.")
        for attempt in open_ones:
            attempt_store.release_attempt(tx, attempt.id)
        return (
            f"La copie en cours de l'étudiant {number} est débloquée : il peut la reprendre dans "
            "un autre navigateur en rejoignant l'évaluation avec son numéro."
        )


def _corrected(context: ServerContext, book: QuizBook, evaluation: Evaluation) -> tuple[Quiz, Quiz]:
    old = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
    assert old is not None
    new = load_catalogue_quiz(context.settings.quizzes_dir, evaluation.quiz_id)
    return old, new


def regrade_preview(
    context: ServerContext, book: QuizBook, evaluation: Evaluation
) -> tuple[QuizChanges, RegradePlan | None, str]:
    """What the corrected quiz file changes (questions, then marks), without writing anything.

    Returns:
        The quiz changes, the marks that would move (None when re-grading is refused) and the
        corrected quiz's fingerprint (the form sends it back, so that what is applied is what
        was previewed).
    """
    old, new = _corrected(context, book, evaluation)
    changes = compare_quizzes(old, new)
    if changes.blocking:
        return changes, None, fingerprint(new)
    with context.read() as tx:
        plan = regrade(tx, evaluation, old, new, apply=False)
    return changes, plan, fingerprint(new)


def regrade_apply(
    context: ServerContext,
    book: QuizBook,
    evaluation: Evaluation,
    teacher: Teacher,
    expected_fingerprint: str,
) -> RegradePlan:
    """Re-grade every submitted attempt with the corrected quiz, and log what changed."""
    old, new = _corrected(context, book, evaluation)
    new_print = fingerprint(new)
    if new_print != expected_fingerprint:
        raise Problem(
            409, "Le fichier du quiz a encore changé depuis l'aperçu : relancez l'aperçu."
        )
    if new_print == evaluation.quiz_fingerprint:
        raise Problem(409, "Le fichier du quiz n'a pas changé : il n'y a rien à recorriger.")
    changes = compare_quizzes(old, new)
    if changes.blocking:
        raise Problem(409, "Recorrection impossible : " + " ; ".join(changes.blocking) + ".")
    now = context.now()
    with context.write() as tx:
        plan = regrade(tx, evaluation, old, new, apply=True, now=now)
        evaluation_store.replace_quiz(tx, evaluation.id, quiz_json(new), new_print, now)
        log: dict[str, Any] = {"questions": changes.questions, **plan.to_dict()}
        evaluation_store.record_regrade(
            tx, evaluation.id, teacher.id, evaluation.quiz_fingerprint, new_print, log, now
        )
    return plan
