"""The pages of graded labs (« TP notés ») opened from an LMS.

* ``/tp-note/{attempt}`` — the student's lab: each step's instructions, her code, her last report;
* ``/tp-note/{attempt}/etape/{step}`` (POST) — « Faire vérifier »: the code is checked by the
  server (:mod:`hvlab.server.labs`), stored with its report, and the grade queued if it changed;
* ``/tp-note/{attempt}/rendre`` (POST) — « Rendre le TP »;
* ``/enseignant/tp/{link}`` — the teacher's view of the lab's progress in the course.

Plain HTML forms (no script): each POST answers with a redirect to the page (post/redirect/get).
"""

from __future__ import annotations

__all__ = ["routes"]

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hvlab.server import labs
from hvlab.server.auth import current_session, require_teacher
from hvlab.server.context import server_context
from hvlab.server.csrf import check_session_token
from hvlab.server.errors import Problem
from hvlab.server.forms import read_form
from hvlab.server.ratelimit import enforce
from hvlab.server.store.accounts import Session
from hvlab.server.views.common import page


async def _student_session(request: Request) -> Session:
    session = await current_session(request)
    if session is None or session.teacher_id is not None:
        raise Problem(404, "Ce TP n'existe pas, ou il a été ouvert depuis un autre navigateur.")
    return session


async def lab_page(request: Request) -> Response:
    session = await _student_session(request)
    context = server_context(request)
    public_id = request.path_params["attempt"]

    def load() -> tuple[labs.LabAttempt, Any, list[labs.StepView]]:
        with context.read() as tx:
            attempt = labs.load_attempt(tx, public_id, session.token_hash)
            lab = context.graded_labs.lab(attempt.lab_id)
            if lab is None:
                raise Problem(
                    404, "Ce TP n'est plus proposé par le serveur : prévenez l'enseignant."
                )
            return attempt, lab, labs.step_views(tx, attempt, lab)

    attempt, lab, steps = await context.run(load)
    return page(
        request,
        "lab_attempt.html",
        {
            "title": f"TP noté : {lab.title}",
            "attempt": attempt,
            "lab": lab,
            "steps": steps,
            "csrf": session.csrf_token,
            "time_s": context.settings.lab_time_s,
        },
    )


async def lab_check(request: Request) -> Response:
    session = await _student_session(request)
    form = await read_form(request, max_field_length=labs.MAX_CODE_CHARS)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    public_id = request.path_params["attempt"]
    step_id = request.path_params["step"]
    code = form.fields.get("code", "").replace("\r\n", "\n")

    def load() -> tuple[labs.LabAttempt, Any]:
        with context.read() as tx:
            attempt = labs.load_attempt(tx, public_id, session.token_hash)
        lab = context.graded_labs.lab(attempt.lab_id)
        if lab is None or step_id not in {s.id for s in lab.steps}:
            raise Problem(404, "Cette étape n'existe pas.")
        if attempt.submitted_at is not None:
            raise Problem(409, "Ce TP est rendu : il ne peut plus être vérifié ni modifié.")
        return attempt, lab

    attempt, lab = await context.run(load)
    await context.run(
        enforce, context, [f"tp-note:{attempt.public_id}"], labs.CHECKS_PER_MINUTE, 60
    )
    report = await context.run(context.graded_labs.check, lab, step_id, code)

    def store() -> None:
        with context.write() as tx:
            labs.check_step(tx, attempt, step_id, code, report, context.now())

    await context.run(store)
    number = next(i for i, s in enumerate(lab.steps, start=1) if s.id == step_id)
    return RedirectResponse(f"/tp-note/{attempt.public_id}#etape-{number}", 303)


async def lab_hand_in(request: Request) -> Response:
    session = await _student_session(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    public_id = request.path_params["attempt"]

    def hand_in() -> str:
        with context.write() as tx:
            attempt = labs.load_attempt(tx, public_id, session.token_hash)
            labs.hand_in(tx, attempt, context.now())
            return attempt.public_id

    return RedirectResponse(f"/tp-note/{await context.run(hand_in)}", 303)


async def lab_progress(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    try:
        link_id = int(request.path_params["link"])
    except ValueError:
        raise Problem(404, "Ce TP noté n'existe pas.") from None

    def load() -> tuple[str, list[dict[str, Any]]]:
        with context.read() as tx:
            return labs.progress(tx, link_id, teacher.id)

    title, rows = await context.run(load)
    return page(
        request,
        "lab_progress.html",
        {
            "title": f"TP noté : {title}",
            "lab_title": title,
            "rows": rows,
            "teacher": teacher,
            "csrf": session.csrf_token,
        },
    )


def routes() -> list[Route]:
    """The routes of graded labs."""
    return [
        Route("/tp-note/{attempt}", lab_page, methods=["GET"]),
        Route("/tp-note/{attempt}/etape/{step}", lab_check, methods=["POST"]),
        Route("/tp-note/{attempt}/rendre", lab_hand_in, methods=["POST"]),
        Route("/enseignant/tp/{link}", lab_progress, methods=["GET"]),
    ]
