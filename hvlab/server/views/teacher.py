"""The teacher's pages: login, the list of évaluations, create and change one, follow it live,
adjust one student, export the grades, re-grade."""

from __future__ import annotations

__all__ = ["routes"]

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hvlab.quiz.model import QUESTION_TYPES
from hvlab.server import teacher as actions
from hvlab.server.auth import (
    LoginRequired,
    clear_session_cookie,
    current_session,
    require_teacher,
    set_session_cookie,
)
from hvlab.server.catalogue import list_quizzes
from hvlab.server.context import server_context
from hvlab.server.copies import copy_questions
from hvlab.server.csrf import (
    anonymous_token,
    check_anonymous,
    check_session_token,
    set_anonymous_cookie,
)
from hvlab.server.errors import Problem
from hvlab.server.exports import answers_csv, grades_csv, moodle_csv
from hvlab.server.forms import Form, format_local, read_form
from hvlab.server.lti import outbox
from hvlab.server.passwords import verify_password
from hvlab.server.ratelimit import client_address, enforce
from hvlab.server.reports import (
    STATE_FILTERS,
    ProgressCounts,
    counted_attempts,
    filter_rows,
    progress,
    question_statistics,
)
from hvlab.server.store import accounts
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.store.accounts import Session, Teacher
from hvlab.server.store.evaluations import Evaluation
from hvlab.server.tokens import format_join_code
from hvlab.server.views.common import french_number, page
from hvlab.typography import french

TYPE_LABELS = {
    "single": "choix unique",
    "multiple": "choix multiples",
    "true_false": "vrai ou faux",
    "numeric": "numérique",
    "text": "réponse courte",
    "matching": "association",
    "ordering": "remise en ordre",
}
assert set(TYPE_LABELS) == set(QUESTION_TYPES)

_NOTICES = {
    "created": "L'évaluation est créée. Donnez le code aux étudiants le moment venu.",
    "updated": "Les réglages sont enregistrés.",
    "regraded": "Les copies ont été recorrigées ; le détail est dans le journal en bas de page.",
}


def _safe_next(path: str) -> str:
    return (
        path
        if path.startswith("/enseignant/") and "//" not in path and "\\" not in path
        else "/enseignant/"
    )


async def login_page(request: Request) -> Response:
    token = anonymous_token(request)
    response = page(
        request,
        "login.html",
        {
            "title": "Connexion enseignant",
            "form_token": token,
            "next_path": _safe_next(request.query_params.get("suite", "/enseignant/")),
            "username": "",
        },
    )
    set_anonymous_cookie(request, response, token)
    return response


async def login(request: Request) -> Response:
    form = await read_form(request)
    check_anonymous(request, form.fields.get("csrf"))
    context = server_context(request)
    settings = context.settings
    username = form.text("username", "Identifiant", max_length=100)
    password = form.fields.get("password", "")
    await context.run(
        enforce,
        context,
        [f"login:ip:{client_address(request)}", f"login:user:{username.casefold()}"],
        settings.login_limit,
        settings.login_window_s,
    )

    def check() -> tuple[str, Session] | None:
        with context.read() as tx:
            found = accounts.find_teacher(tx, username)
        stored = found[1] if found else None
        if not verify_password(stored, password) or found is None:
            return None
        with context.write() as tx:
            return accounts.create_session(
                tx, found[0].id, context.now(), settings.teacher_session_s
            )

    opened = await context.run(check)
    if opened is None:
        token = anonymous_token(request)
        response = page(
            request,
            "login.html",
            {
                "title": "Connexion enseignant",
                "form_token": token,
                "next_path": _safe_next(form.fields.get("suite", "")),
                "username": username,
                "error": "Identifiant ou mot de passe incorrect.",
            },
            status=400,
        )
        set_anonymous_cookie(request, response, token)
        return response
    token, _session = opened
    response = RedirectResponse(_safe_next(form.fields.get("suite", "")), 303)
    set_session_cookie(request, response, token, settings.teacher_session_s)
    return response


async def logout(request: Request) -> Response:
    form = await read_form(request)
    session = await current_session(request)
    response = RedirectResponse("/enseignant/connexion", 303)
    if session is not None:
        check_session_token(request, session, form.fields.get("csrf"))
        context = server_context(request)

        def close() -> None:
            with context.write() as tx:
                accounts.delete_session(tx, session.token_hash)

        await context.run(close)
    clear_session_cookie(request, response)
    return response


def _state(evaluation: Evaluation, now: float) -> tuple[str, str]:
    if now < evaluation.opens_at:
        return "à venir", "pending"
    if now < evaluation.closes_at:
        return "ouverte", "open"
    return "fermée", "closed"


async def evaluations_page(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    context = server_context(request)

    def load() -> list[Evaluation]:
        with context.read() as tx:
            return evaluation_store.list_evaluations(tx, teacher.id)

    now = context.now()
    zone = context.settings.zone
    rows = []
    for evaluation in await context.run(load):
        state, state_class = _state(evaluation, now)
        rows.append(
            {
                "public_id": evaluation.public_id,
                "title": evaluation.title,
                "quiz_id": evaluation.quiz_id,
                "opens": format_local(evaluation.opens_at, zone),
                "closes": format_local(evaluation.closes_at, zone),
                "state": state,
                "state_class": state_class,
                "code": format_join_code(evaluation.join_code),
            }
        )
    return page(
        request,
        "evaluations.html",
        {"title": "Mes évaluations", "teacher": teacher, "csrf": session.csrf_token, "rows": rows},
    )


def _form_values(evaluation: Evaluation | None, context: Any) -> dict[str, Any]:
    zone = context.settings.zone
    if evaluation is None:
        start = (int(context.now()) // 3600 + 1) * 3600
        return {
            "quiz_id": "",
            "title": "",
            "opens_at": format_local(start, zone, for_input=True),
            "closes_at": format_local(start + 3600, zone, for_input=True),
            "duration_min": 0,
            "max_attempts": 1,
            "show_score": "after_submit",
            "show_feedback": "after_close",
            "show_answers": "after_close",
            "access": "code",
        }
    return {
        "quiz_id": evaluation.quiz_id,
        "title": evaluation.title,
        "opens_at": format_local(evaluation.opens_at, zone, for_input=True),
        "closes_at": format_local(evaluation.closes_at, zone, for_input=True),
        "duration_min": (evaluation.duration_s or 0) // 60,
        "max_attempts": evaluation.max_attempts,
        "show_score": evaluation.policy.show_score,
        "show_feedback": evaluation.policy.show_feedback,
        "show_answers": evaluation.policy.show_answers,
        "access": "code" if evaluation.code_join else "lms",
    }


def _form_page(
    request: Request,
    teacher: Teacher,
    session: Session,
    evaluation: Evaluation | None,
    values: dict[str, Any],
    error: str = "",
    quizzes: Any = None,
) -> Response:
    context = server_context(request)
    creating = evaluation is None
    return page(
        request,
        "evaluation_form.html",
        {
            "title": "Nouvelle évaluation" if creating else "Modifier l'évaluation",
            "heading": "Nouvelle évaluation" if creating else f"Modifier « {evaluation.title} »",  # type: ignore[union-attr]
            "teacher": teacher,
            "csrf": session.csrf_token,
            "action": "/enseignant/nouvelle"
            if creating
            else f"/enseignant/e/{evaluation.public_id}/modifier",  # type: ignore[union-attr]
            "cancel": "/enseignant/" if creating else f"/enseignant/e/{evaluation.public_id}",  # type: ignore[union-attr]
            "submit_label": "Créer l'évaluation" if creating else "Enregistrer",
            "quizzes": quizzes,
            "quizzes_dir": context.settings.quizzes_dir,
            "timezone": context.settings.timezone,
            "values": values,
            "error": error,
        },
        status=400 if error else 200,
    )


async def new_page(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    quizzes = await context.run(
        list_quizzes, context.settings.quizzes_dir, context.settings.site_dir
    )
    return _form_page(request, teacher, session, None, _form_values(None, context), quizzes=quizzes)


async def create(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    try:
        settings = actions.settings_from_form(form, context)
        quiz_id = form.text("quiz_id", "Quiz", max_length=100)
        evaluation = await context.run(
            actions.create,
            context,
            teacher,
            quiz_id,
            settings,
            public_ok=form.fields.get("public_ok") == "1",
        )
    except Problem as problem:
        if problem.status != 400 and problem.status != 404:
            raise
        quizzes = await context.run(
            list_quizzes, context.settings.quizzes_dir, context.settings.site_dir
        )
        values = {**_form_values(None, context), **form.fields}
        return _form_page(request, teacher, session, None, values, problem.message, quizzes)
    return RedirectResponse(f"/enseignant/e/{evaluation.public_id}?avis=created", 303)


async def _owned(request: Request) -> tuple[Teacher, Session, Evaluation]:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    public_id = request.path_params["evaluation"]

    def load() -> Evaluation | None:
        with context.read() as tx:
            return evaluation_store.get_evaluation(tx, public_id, teacher.id)

    evaluation = await context.run(load) if len(public_id) <= 40 else None
    if evaluation is None:
        raise Problem(
            404, "Cette évaluation n'existe pas, ou elle appartient à un autre enseignant."
        )
    return teacher, session, evaluation


def _remaining(row: Any) -> str:
    if row.attempt.submitted:
        return "—"
    seconds = int(row.remaining_s)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _score(row: Any) -> str:
    if row.attempt.score is None:
        return "—"
    return f"{french_number(row.attempt.score)} / {french_number(row.attempt.max_score)}"


def _notice(request: Request) -> str:
    code = request.query_params.get("avis", "")
    if code in _NOTICES:
        return _NOTICES[code]
    return ""


def _count(count: int, one: str, many: str) -> str:
    """« 1 copie », « 0 copie », « 3 copies » (French: the plural from 2 on)."""
    return f"{count} {one if count < 2 else many}"


def _hidden_sentence(count: int) -> str:
    """How many students the filter hides, in French ("" for none)."""
    if count == 0:
        return ""
    return _count(count, "étudiant masqué", "étudiants masqués") + " par le filtre."


def _filters(request: Request) -> tuple[str, str]:
    """The live table's filter: (text in the name or number, state key)."""
    text = request.query_params.get("filtre", "")[:100].strip()
    state = request.query_params.get("etat", "")
    return text, state if state in STATE_FILTERS else ""


async def evaluation_page(request: Request, notice: str = "") -> Response:
    teacher, session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book
    text, state_filter = _filters(request)

    def load() -> dict[str, Any]:
        now = context.now()
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        with context.read() as tx:
            rows = progress(tx, evaluation, quiz, now)
            counted = counted_attempts(tx, evaluation)
            answers = attempt_store.answers_by_attempt(tx, evaluation.id)
            regrades = evaluation_store.list_regrades(tx, evaluation.id)
            grades_out = outbox.list_for_evaluation(tx, evaluation.id)
            linked = tx.one(
                "SELECT COUNT(*) AS n FROM lti_links WHERE evaluation_id = ?", (evaluation.id,)
            )
        return {
            "outbox": grades_out,
            "linked": bool(linked and linked["n"]),
            "quiz": quiz,
            "rows": rows,
            "counted": counted,
            "stats": question_statistics(quiz, counted, answers),
            "regrades": regrades,
        }

    data = await context.run(load)
    zone = context.settings.zone
    rows = data["rows"]
    state, state_class = _state(evaluation, context.now())
    shown = filter_rows(rows, text, state_filter)
    unsent = sum(1 for row in data["outbox"] if row.status != "sent")
    regrades = []
    for entry in data["regrades"]:
        marks = entry.changes.get("marks", [])
        regrades.append(
            {
                "when": format_local(entry.created_at, zone),
                "teacher": entry.teacher or "?",
                "summary": "Questions modifiées : "
                + (
                    " ; ".join(
                        f"{qid} ({', '.join(items)})" if items else qid
                        for qid, items in entry.changes.get("questions", {}).items()
                    )
                    or "aucune"
                )
                + ". "
                + _count(len(marks), "note de question modifiée", "notes de question modifiées")
                + f" sur {_count(int(entry.changes.get('attempts', 0)), 'copie', 'copies')}.",
                "marks": marks,
            }
        )
    base = str(request.base_url).rstrip("/")
    if context.settings.public_url:
        base = context.settings.public_url.rstrip("/")
    join_url = f"{base}/rejoindre?{urlencode({'code': format_join_code(evaluation.join_code)})}"
    return page(
        request,
        "evaluation.html",
        {
            "title": evaluation.title,
            "teacher": teacher,
            "csrf": session.csrf_token,
            "notice": notice or _notice(request),
            "evaluation": evaluation,
            "code": format_join_code(evaluation.join_code),
            "join_url": join_url,
            "state": state,
            "state_class": state_class,
            "opens": format_local(evaluation.opens_at, zone),
            "closes": format_local(evaluation.closes_at, zone),
            "duration": f"{evaluation.duration_s // 60} min"
            if evaluation.duration_s
            else "jusqu'à la fermeture",
            "questions": len(data["quiz"].questions),
            "max_points": french_number(data["quiz"].max_score),
            "progress": shown,
            "summary": ProgressCounts.of(rows).sentence(),
            "filter_text": text,
            "filter_state": state_filter,
            "state_filters": STATE_FILTERS,
            "hidden_sentence": _hidden_sentence(len(rows) - len(shown)),
            "query": urlencode({"filtre": text, "etat": state_filter})
            if text or state_filter
            else "",
            "remaining": _remaining,
            "score": _score,
            "statistics": data["stats"],
            "counted": len(data["counted"]),
            "type_labels": TYPE_LABELS,
            "regrades": regrades,
            "outbox": [
                {
                    "student": f"{row.student_name} ({row.student_number})",
                    "score": f"{french_number(row.score)} / {french_number(row.maximum)}",
                    "state": row.state,
                    "when": format_local(row.sent_at, zone) if row.sent_at else "",
                    "error": row.last_error,
                }
                for row in data["outbox"]
            ],
            "linked": data["linked"],
            "unsent": unsent,
            "resend_label": "Renvoyer maintenant la note non envoyée"
            if unsent == 1
            else f"Renvoyer maintenant les {unsent} notes non envoyées",
        },
    )


def _with_french_warnings(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the live table for teacher.js, its French warnings with French typography (the
    page's rows get it from the template; names and numbers are data, left as they are)."""
    return {**row, "warnings": [french(warning) for warning in row["warnings"]]}


async def progress_json(request: Request) -> Response:
    _teacher, _session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book
    text, state_filter = _filters(request)

    def load() -> dict[str, Any]:
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        with context.read() as tx:
            rows = progress(tx, evaluation, quiz, context.now())
        shown = filter_rows(rows, text, state_filter)
        return {
            "students": [_with_french_warnings(row.to_dict()) for row in shown],
            "summary": french(ProgressCounts.of(rows).sentence()),
            "hidden": len(rows) - len(shown),
            "hidden_sentence": french(_hidden_sentence(len(rows) - len(shown))),
            "now": context.now(),
        }

    return JSONResponse(await context.run(load), headers={"Cache-Control": "no-store"})


async def copy_page(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book
    public_id = request.path_params["attempt"][:40]

    def load() -> Any:
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        with context.read() as tx:
            attempt = attempt_store.get_attempt(tx, public_id)
            if attempt is None or attempt.evaluation_id != evaluation.id:
                return None
            answers = attempt_store.get_answers(tx, attempt.id)
            # The live table's order (by name, latest attempt): previous and next copies.
            order = [row.attempt for row in progress(tx, evaluation, quiz, context.now())]
        return attempt, copy_questions(quiz, attempt, answers), order

    found = await context.run(load)
    if found is None:
        raise Problem(404, "Cette copie n'existe pas dans cette évaluation.")
    attempt, questions, order = found
    place = next((i for i, a in enumerate(order) if a.id == attempt.id), None)
    previous = order[place - 1] if place else None
    following = order[place + 1] if place is not None and place + 1 < len(order) else None
    zone = context.settings.zone
    return page(
        request,
        "copy.html",
        {
            "title": f"Copie de {attempt.student_name} — {evaluation.title}",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "evaluation": evaluation,
            "attempt": attempt,
            "questions": questions,
            "started": format_local(attempt.started_at, zone),
            "submitted": format_local(attempt.submitted_at, zone) if attempt.submitted_at else "",
            "previous": previous,
            "following": following,
            "place": f"{place + 1} sur {len(order)}" if place is not None else "",
            "total": sum(q.score for q in questions),
            "maximum": sum(q.max for q in questions),
            "type_labels": TYPE_LABELS,
        },
    )


async def edit_page(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    context = server_context(request)
    return _form_page(request, teacher, session, evaluation, _form_values(evaluation, context))


async def edit(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    try:
        settings = actions.settings_from_form(form, context)
    except Problem as problem:
        values = {**_form_values(evaluation, context), **form.fields}
        return _form_page(request, teacher, session, evaluation, values, problem.message)
    await context.run(actions.update, context, evaluation, settings)
    return RedirectResponse(f"/enseignant/e/{evaluation.public_id}?avis=updated", 303)


async def student_action(request: Request) -> Response:
    _teacher, session, evaluation = await _owned(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    message = await context.run(actions.grant, context, evaluation, form)
    return await evaluation_page(request, notice=message)


def _csv_download(text: str, name: str) -> Response:
    """A CSV file the browser saves as ``name``.csv (name reduced to safe characters)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)[:60] or "evaluation"
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


async def grades_export(request: Request) -> Response:
    _teacher, _session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book

    def build() -> str:
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        with context.read() as tx:
            attempts = counted_attempts(tx, evaluation)
        return grades_csv(quiz, attempts, context.settings.zone)

    text = await context.run(build)
    return _csv_download(text, f"notes-{evaluation.quiz_id}")


async def answers_export(request: Request) -> Response:
    _teacher, _session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book

    def build() -> str:
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        with context.read() as tx:
            attempts = counted_attempts(tx, evaluation)
            answers = attempt_store.answers_by_attempt(tx, evaluation.id)
        return answers_csv(quiz, attempts, answers, context.settings.zone)

    text = await context.run(build)
    return _csv_download(text, f"copies-{evaluation.quiz_id}")


async def moodle_export(request: Request) -> Response:
    _teacher, _session, evaluation = await _owned(request)
    context = server_context(request)
    raw = request.query_params.get("sur", "20")
    form = Form({"sur": raw})
    scale = form.integer("sur", "Note sur", low=1, high=1000)

    def build() -> str:
        with context.read() as tx:
            attempts = counted_attempts(tx, evaluation)
        return moodle_csv(evaluation.title, attempts, float(scale))

    text = await context.run(build)
    return _csv_download(text, f"moodle-{evaluation.quiz_id}")


async def regrade_page(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    context = server_context(request)
    book = request.app.state.book
    changes, plan, new_fingerprint = await context.run(
        actions.regrade_preview, context, book, evaluation
    )
    return page(
        request,
        "regrade.html",
        {
            "title": f"Recorriger « {evaluation.title} »",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "evaluation": evaluation,
            "changes": changes,
            "plan": plan,
            "new_fingerprint": new_fingerprint,
        },
    )


async def regrade(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    expected = form.text("fingerprint", "Empreinte", max_length=64)
    await context.run(
        actions.regrade_apply, context, request.app.state.book, evaluation, teacher, expected
    )
    return RedirectResponse(f"/enseignant/e/{evaluation.public_id}?avis=regraded", 303)


async def home(request: Request) -> Response:
    try:
        await require_teacher(request)
    except LoginRequired:
        return RedirectResponse("/enseignant/connexion", 303)
    return await evaluations_page(request)


def routes() -> list[Route]:
    """The teacher's routes, under ``/enseignant/``."""
    prefix = "/enseignant"
    one = prefix + "/e/{evaluation}"
    return [
        Route(prefix, lambda request: RedirectResponse(prefix + "/", 308)),
        Route(prefix + "/", home),
        Route(prefix + "/connexion", login_page, methods=["GET"]),
        Route(prefix + "/connexion", login, methods=["POST"]),
        Route(prefix + "/deconnexion", logout, methods=["POST"]),
        Route(prefix + "/nouvelle", new_page, methods=["GET"]),
        Route(prefix + "/nouvelle", create, methods=["POST"]),
        Route(one, evaluation_page, methods=["GET"]),
        Route(one + "/suivi.json", progress_json, methods=["GET"]),
        Route(one + "/copie/{attempt}", copy_page, methods=["GET"]),
        Route(one + "/modifier", edit_page, methods=["GET"]),
        Route(one + "/modifier", edit, methods=["POST"]),
        Route(one + "/etudiant", student_action, methods=["POST"]),
        Route(one + "/notes.csv", grades_export, methods=["GET"]),
        Route(one + "/copies.csv", answers_export, methods=["GET"]),
        Route(one + "/moodle.csv", moodle_export, methods=["GET"]),
        Route(one + "/recorriger", regrade_page, methods=["GET"]),
        Route(one + "/recorriger", regrade, methods=["POST"]),
    ]
