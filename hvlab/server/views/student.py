"""The student's pages (join, the quiz page) and the attempt API the quiz UI talks to.

API (JSON, header ``X-CSRF-Token``, only for the browser session that owns the attempt):

* ``GET  /api/attempts/{id}`` — the attempt (format ``hvlab-attempt``);
* ``PUT  /api/attempts/{id}/answers/{question}`` — save one answer (``{"response", "seq",
  "final"}``), idempotent;
* ``POST /api/attempts/{id}/hints/{question}`` — show hint ``{"index"}``;
* ``POST /api/attempts/{id}/submit`` — submit.
"""

from __future__ import annotations

__all__ = ["routes"]

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hvlab.server import student as actions
from hvlab.server.auth import current_session, session_cookie_name, set_session_cookie
from hvlab.server.context import ServerContext, server_context
from hvlab.server.csrf import (
    CSRF_REFUSED,
    anonymous_token,
    check_anonymous,
    check_origin,
    set_anonymous_cookie,
)
from hvlab.server.errors import Problem
from hvlab.server.forms import read_form, read_json
from hvlab.server.grading import QuizBook
from hvlab.server.ratelimit import client_address, enforce
from hvlab.server.store import accounts
from hvlab.server.teacher import STUDENT_NUMBER
from hvlab.server.text import clean_name
from hvlab.server.tokens import normalize_join_code, same_token
from hvlab.server.views.common import page

_NO_STORE = {"Cache-Control": "no-store"}


def _join_page(
    request: Request, values: dict[str, str], error: str = "", status: int = 200
) -> Response:
    token = anonymous_token(request)
    response = page(
        request,
        "join.html",
        {
            "title": "Rejoindre une évaluation",
            "form_token": token,
            "error": error,
            "code": values.get("code", ""),
            "student_number": values.get("student_number", ""),
            "student_name": values.get("student_name", ""),
        },
        status=status,
    )
    set_anonymous_cookie(request, response, token)
    return response


async def join_page(request: Request) -> Response:
    return _join_page(request, {"code": request.query_params.get("code", "")[:20]})


async def join(request: Request) -> Response:
    form = await read_form(request)
    check_anonymous(request, form.fields.get("csrf"))
    context = server_context(request)
    settings = context.settings
    values = {k: form.fields.get(k, "")[:100] for k in ("code", "student_number", "student_name")}
    try:
        await context.run(
            enforce,
            context,
            [f"join:ip:{client_address(request)}"],
            settings.join_limit,
            settings.join_window_s,
        )
        code = normalize_join_code(form.text("code", "Code de l'évaluation", max_length=20))
        if not code:
            raise Problem(
                400,
                "Ce code n'a pas la bonne forme : 8 lettres ou chiffres, par exemple K7QM-4TZP.",
            )
        number = form.text("student_number", "Numéro d'étudiant", max_length=40)
        if not STUDENT_NUMBER.match(number):
            raise Problem(
                400,
                "Numéro d'étudiant invalide : lettres, chiffres, points et tirets seulement "
                "(40 caractères au plus).",
            )
        name = clean_name(form.text("student_name", "Nom et prénom", max_length=100))
        if not name:
            raise Problem(400, "Le champ « Nom et prénom » est obligatoire.")
        joined = await context.run(
            actions.join,
            context,
            request.app.state.book,
            code=code,
            student_number=number,
            student_name=name,
            session=await current_session(request),
        )
    except Problem as problem:
        if problem.status == 429:
            raise
        return _join_page(request, values, problem.message, status=problem.status)
    response = RedirectResponse(f"/copie/{joined.attempt.public_id}", 303)
    set_session_cookie(
        request,
        response,
        joined.token,
        max(1, int(joined.session.expires_at - context.now())),
        framed=joined.session.platform_id is not None,
    )
    return response


async def _access(request: Request) -> tuple[actions.AttemptAccess, str]:
    session = await current_session(request)
    context = server_context(request)
    access = await context.run(
        actions.open_attempt,
        context,
        request.app.state.book,
        request.path_params["attempt"],
        session.token_hash if session else None,
    )
    assert session is not None
    return access, session.csrf_token


async def attempt_page(request: Request) -> Response:
    access, csrf = await _access(request)
    assets = request.app.state.assets
    return page(
        request,
        "attempt.html",
        {
            "title": access.evaluation.title,
            "student_name": access.attempt.student_name,
            "student_number": access.attempt.student_number,
            "attempt_no": access.attempt.attempt_no,
            "api": f"/api/attempts/{access.attempt.public_id}",
            "csrf": csrf,
            "quiz_script": assets.quiz_script,
            "quiz_css": assets.quiz_css,
        },
    )


def _in_one_hop(
    context: ServerContext,
    book: QuizBook,
    token: str,
    public_id: str,
    csrf: str | None,
    action: Callable[..., Any],
    *args: Any,
) -> Any:
    """Session, CSRF token, attempt and action in one trip to the thread pool (the API is hit
    on every keystroke pause: one hop instead of three)."""
    session = None
    if token and len(token) <= 100:
        with context.read() as tx:
            session = accounts.load_session(tx, token, context.now())
    if csrf is not None and session is not None and not same_token(csrf, session.csrf_token):
        raise Problem(403, CSRF_REFUSED)
    access = actions.open_attempt(context, book, public_id, session.token_hash if session else None)
    return action(context, access, *args)


async def _api(
    request: Request, action: Callable[..., Any], *args: Any, write: bool = True
) -> Response:
    context = server_context(request)
    csrf: str | None = None
    if write:
        check_origin(request)
        csrf = request.headers.get("x-csrf-token", "")
        body = await read_json(request)
        args = (*args, body) if action is not actions.submit_access else args
    result = await context.run(
        _in_one_hop,
        context,
        request.app.state.book,
        request.cookies.get(session_cookie_name(context.settings), ""),
        request.path_params["attempt"],
        csrf,
        action,
        *args,
    )
    return JSONResponse(result, headers=_NO_STORE)


async def attempt_state(request: Request) -> Response:
    return await _api(request, actions.attempt_state, write=False)


async def save_answer(request: Request) -> Response:
    return await _api(request, actions.save_answer, request.path_params["question"])


async def hint(request: Request) -> Response:
    return await _api(request, actions.use_hint, request.path_params["question"])


async def submit(request: Request) -> Response:
    return await _api(request, actions.submit_access)


def routes() -> list[Route]:
    """The student's pages and the attempt API."""
    api = "/api/attempts/{attempt}"
    return [
        Route("/rejoindre", join_page, methods=["GET"]),
        Route("/rejoindre", join, methods=["POST"]),
        Route("/copie/{attempt}", attempt_page, methods=["GET"]),
        Route(api, attempt_state, methods=["GET"]),
        Route(api + "/answers/{question}", save_answer, methods=["PUT"]),
        Route(api + "/hints/{question}", hint, methods=["POST"]),
        Route(api + "/submit", submit, methods=["POST"]),
    ]
