"""The LTI endpoints and pages.

* ``/lti/login`` (GET or POST) — OIDC login initiation by the platform;
* ``/lti/launch`` (POST) — the platform's signed launch (resource link or deep linking);
* ``/lti/jwks.json`` — the tool's public keys;
* ``/lti/configuration`` — the values a Moodle administrator types in;
* ``/lti/contenu/{request}`` — the teacher's choice for a deep-linking request;
* ``/enseignant/lti/`` — registered platforms (add, remove) and key rotation;
* ``/enseignant/e/{id}/participants`` — the course's members (NRPS) and who has not started;
* ``/enseignant/e/{id}/notes-lms`` (POST) — send the unsent grades again.

A refused launch shows a French page saying what to tell the administrator, and writes one log
line with the reason and the values seen.
"""

from __future__ import annotations

__all__ = ["lti_error", "routes"]

import logging
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from hvlab.server import teacher as teacher_actions
from hvlab.server.auth import (
    partition_last_cookie,
    require_admin,
    require_teacher,
    set_session_cookie,
)
from hvlab.server.catalogue import list_quizzes
from hvlab.server.context import ServerContext, server_context
from hvlab.server.csrf import check_session_token, own_origin
from hvlab.server.errors import Problem
from hvlab.server.forms import read_form
from hvlab.server.lti import claims, deeplinking, keys, outbox, platforms, services
from hvlab.server.lti.admission import admit
from hvlab.server.lti.errors import LtiError
from hvlab.server.lti.launch import initiate_login, validate_launch
from hvlab.server.policy import Policy
from hvlab.server.ratelimit import client_address, enforce
from hvlab.server.security import content_security_policy, origin_of
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.store.evaluations import EvaluationSettings
from hvlab.server.text import printable
from hvlab.server.views.common import frame_ancestors, page
from hvlab.typography import french

log = logging.getLogger("hvlab.server.lti")

STATE_COOKIE = "hvlab_lti_state"
_MAX_TOKEN_FIELD = 60_000


def base_url(request: Request) -> str:
    """The tool's public address (``--public-url``, else what the request says)."""
    return own_origin(request)


async def lti_error(request: Request, exc: Exception) -> Response:
    """Exception handler: a French page, and a log line for the administrator."""
    assert isinstance(exc, LtiError)
    log.warning(
        "LTI refusé [%s] sur %s : %s",
        exc.kind,
        printable(request.url.path),
        printable(exc.detail or exc.message, 1000),
    )
    if request.url.path.endswith(".json"):
        return JSONResponse({"error": french(exc.message)}, status_code=exc.status)
    response = page(
        request,
        "lti_error.html",
        {"title": "Lancement impossible", "message": exc.message, "kind": exc.kind},
        status=exc.status,
    )
    if request.url.path.startswith("/lti/") and not frame_ancestors(request):
        # A refused launch happens inside the LMS's frame when it embeds the activity: the page
        # that says what to tell the administrator may be shown there (by registered LMSs only).
        context = server_context(request)

        def registered() -> list[str]:
            with context.read() as tx:
                return platforms.platform_origins(tx)

        response.headers["content-security-policy"] = content_security_policy(
            frame_ancestors=await context.run(registered)
        )
    return response


def _set_state_cookie(request: Request, response: Response, state: str) -> None:
    secure = server_context(request).settings.secure_cookies
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=600,
        path="/lti/",
        httponly=True,
        # The platform posts the launch from its own site: only SameSite=None comes back with it,
        # and browsers accept SameSite=None only on Secure cookies (HTTPS).
        samesite="none" if secure else "lax",
        secure=secure,
    )
    if secure:
        # Inside an LMS's frame, browsers that block third-party cookies keep a partitioned one.
        partition_last_cookie(response)


async def login(request: Request) -> Response:
    context = server_context(request)
    if request.method == "POST":
        params = dict((await read_form(request)).fields)
    else:
        params = {k: v[:2000] for k, v in request.query_params.items()}
    # Each login initiation writes a state: bounded per address like joins (a class behind one
    # school address launches at once).
    settings = context.settings
    await context.run(
        enforce,
        context,
        [f"lti-login:ip:{client_address(request)}"],
        settings.join_limit,
        settings.join_window_s,
    )
    launch_url = base_url(request) + "/lti/launch"
    redirect = await context.run(initiate_login, context, params, launch_url)
    response = RedirectResponse(redirect.url, 302)
    _set_state_cookie(request, response, redirect.state)
    return response


async def launch(request: Request) -> Response:
    context = server_context(request)
    form = await read_form(request, max_field_length=_MAX_TOKEN_FIELD)
    id_token = form.fields.get("id_token", "")
    state = form.fields.get("state", "")
    if not id_token:
        raise LtiError(
            "no-token",
            "Le lancement ne contient pas de jeton (id_token). Signalez-le à l'administrateur.",
            "id_token absent",
        )
    checked = await context.run(
        validate_launch, context, id_token, state, request.cookies.get(STATE_COOKIE)
    )
    site = context.settings.public_url.rstrip("/") or base_url(request)
    admission = await context.run(admit, context, request.app.state.book, checked, site)
    target = admission.redirect
    if not target:
        assert admission.teacher_id is not None
        token = await context.run(
            deeplinking.remember_request,
            context,
            checked,
            admission.teacher_id,
            admission.context_pk,
        )
        target = f"/lti/contenu/{token}"
    log.info(
        "lancement LTI accepté : %s %s (%s) depuis %s",
        "enseignant" if checked.is_teacher else "étudiant",
        printable(checked.subject),
        printable(checked.message_type),
        printable(checked.platform.issuer),
    )
    response = RedirectResponse(target, 303)
    set_session_cookie(
        request, response, admission.session_token, admission.session_lifetime_s, framed=True
    )
    response.delete_cookie(STATE_COOKIE, path="/lti/")
    return response


async def jwks(request: Request) -> Response:
    context = server_context(request)

    def load() -> dict[str, Any]:
        with context.write() as tx:
            return keys.public_jwks(tx, context.now())

    return JSONResponse(await context.run(load), headers={"Cache-Control": "max-age=300"})


def _config_values(request: Request) -> list[tuple[str, str, str]]:
    base = base_url(request)
    return [
        ("Nom de l'outil", "hvlab", "libre"),
        ("URL de l'outil", f"{base}/lti/launch", "tool URL"),
        ("Version LTI", "LTI 1.3", ""),
        ("Type de clef publique", "URL jeu de clefs", "Keyset URL"),
        ("Jeu de clefs public", f"{base}/lti/jwks.json", "Public keyset"),
        ("URL d'initiation de connexion", f"{base}/lti/login", "Initiate login URL"),
        ("URIs de redirection", f"{base}/lti/launch", "Redirection URI(s)"),
        ("Supporte les liens profonds (Content-Item Message)", "oui", "Deep Linking"),
        ("URL de sélection de contenu", f"{base}/lti/launch", "Content Selection URL"),
    ]


async def configuration(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    return page(
        request,
        "lti_configuration.html",
        {
            "title": "Configuration LTI pour Moodle",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "values": _config_values(request),
            "public_url_missing": not context.settings.public_url,
        },
    )


async def platforms_page(request: Request, error: str = "", notice: str = "") -> Response:
    teacher, session = await require_admin(request)
    context = server_context(request)

    def load() -> list[platforms.Platform]:
        with context.read() as tx:
            return platforms.list_platforms(tx)

    return page(
        request,
        "lti_platforms.html",
        {
            "title": "Plateformes LTI",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "platforms": await context.run(load),
            "error": error,
            "notice": notice,
            "values": _config_values(request),
        },
        status=400 if error else 200,
    )


async def platforms_action(request: Request) -> Response:
    _teacher, session = await require_admin(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    action = form.choice("action", "Action", ("register", "delete", "rotate"))
    if action == "rotate":

        def rotate() -> str:
            with context.write() as tx:
                return keys.rotate(tx, context.now())

        kid = await context.run(rotate)
        return await platforms_page(
            request,
            notice=f"Nouvelle clé de signature « {kid} » ; l'ancienne reste publiée une semaine.",
        )
    if action == "delete":
        platform_id = form.integer("platform", "Plateforme", low=1, high=2**62)

        def delete() -> None:
            with context.write() as tx:
                platforms.delete_platform(tx, platform_id)

        await context.run(delete)
        return await platforms_page(request, notice="Plateforme retirée.")
    values = dict(form.fields)
    if values.get("moodle_url", "").strip():
        values.update(platforms.moodle_endpoints(values["moodle_url"].strip()))
    try:
        settings = platforms.settings_from_values(values)
    except LtiError as error:
        return await platforms_page(request, error=error.message)

    def register() -> platforms.Platform:
        with context.write() as tx:
            return platforms.register_platform(tx, settings, context.now())

    try:
        platform = await context.run(register)
    except LtiError as error:
        return await platforms_page(request, error=error.message)
    return await platforms_page(request, notice=f"Plateforme « {platform.name} » enregistrée.")


def _site_pages(site_dir: str) -> list[tuple[str, str]]:
    """Labs and chapter pages of a served site: (path, title)."""
    if not site_dir:
        return []
    root = Path(site_dir)
    found = []
    for folder in ("tp", "chapitres"):
        for index in sorted((root / folder).glob("*/index.html")):
            text = index.read_text(encoding="utf-8", errors="replace")
            title = text.split("<title>", 1)[-1].split("</title>", 1)[0].split(" - ")[0].strip()
            found.append((f"/{folder}/{index.parent.name}/", title or index.parent.name))
    return found


async def content_page(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    token = request.path_params["request"]
    pending = await context.run(deeplinking.load_request, context, token, teacher.id)

    def load() -> Any:
        with context.read() as tx:
            return evaluation_store.list_evaluations(tx, teacher.id)

    return page(
        request,
        "lti_content.html",
        {
            "title": "Choisir un contenu hvlab",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "platform": pending.platform,
            "evaluations": await context.run(load),
            "quizzes": [
                q
                for q in await context.run(
                    list_quizzes, context.settings.quizzes_dir, context.settings.site_dir
                )
                if not q.problem
            ],
            "pages": _site_pages(context.settings.site_dir),
            "labs": await context.run(context.graded_labs.available),
        },
    )


def _new_evaluation(context: ServerContext, teacher: Any, quiz_id: str, public_ok: bool) -> Any:
    now = context.now()
    start = (int(now) // 3600) * 3600
    settings = EvaluationSettings(
        title=f"Évaluation : {quiz_id}",
        opens_at=start,
        closes_at=start + 7 * 24 * 3600,
        duration_s=None,
        max_attempts=1,
        policy=Policy("after_submit", "after_close", "after_close"),
        code_join=False,
    )
    return teacher_actions.create(context, teacher, quiz_id, settings, public_ok=public_ok)


async def content_choice(request: Request) -> Response:
    teacher, session = await require_teacher(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)
    token = request.path_params["request"]
    pending = await context.run(deeplinking.load_request, context, token, teacher.id)
    choice = form.text("choice", "Contenu", max_length=300)
    kind, _, value = choice.partition(":")
    launch_url = base_url(request) + "/lti/launch"
    book = request.app.state.book
    if kind in ("evaluation", "quiz"):
        if kind == "quiz":
            evaluation = await context.run(
                _new_evaluation, context, teacher, value, form.fields.get("public_ok") == "1"
            )
        else:

            def load() -> Any:
                # Linked to a course: from now on its students come through the LMS, which
                # vouches for who they are; a join by code could borrow one of their numbers.
                with context.write() as tx:
                    found = evaluation_store.get_evaluation(tx, value[:40], teacher.id)
                    if found is not None:
                        evaluation_store.close_code_join(tx, found.id)
                    return found

            evaluation = await context.run(load)
        if evaluation is None:
            raise Problem(
                404, "Cette évaluation n'existe pas, ou elle appartient à un autre enseignant."
            )
        quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
        item = deeplinking.ContentItem(
            title=evaluation.title,
            launch_url=launch_url,
            custom={"evaluation": evaluation.public_id},
            score_maximum=quiz.max_score,
            resource_id=evaluation.public_id,
        )
    elif kind == "lab":
        lab = await context.run(context.graded_labs.lab, value[:100])
        if lab is None:
            raise Problem(404, "Ce TP n'existe pas dans le dossier des TP du serveur.")
        # Graded: the LMS makes a gradebook column of « steps passed / steps ».
        item = deeplinking.ContentItem(
            title=f"TP noté : {lab.title}",
            launch_url=launch_url,
            custom={"lab": lab.id},
            score_maximum=float(len(lab.steps)),
            resource_id=f"tp:{lab.id}",
        )
    elif kind == "page" and value in {p for p, _t in _site_pages(context.settings.site_dir)}:
        title = dict(_site_pages(context.settings.site_dir))[value]
        item = deeplinking.ContentItem(title=title, launch_url=launch_url, custom={"page": value})
    else:
        raise Problem(400, "Choix invalide.")
    signed = await context.run(deeplinking.response_jwt, context, pending, [item])
    await context.run(deeplinking.forget_request, context, token)
    csp = content_security_policy(
        frame_ancestors=frame_ancestors(request), form_targets=[origin_of(pending.return_url)]
    )
    return _autopost(request, pending.return_url, signed, item.title, csp)


def _autopost(request: Request, action: str, signed: str, title: str, csp: str) -> Response:
    response = page(
        request,
        "lti_autopost.html",
        {"title": "Retour à la plateforme", "action": action, "jwt": signed, "item_title": title},
    )
    response.headers["content-security-policy"] = csp
    return response


async def _owned(request: Request) -> tuple[Any, Any, Any]:
    teacher, session = await require_teacher(request)
    context = server_context(request)
    public_id = request.path_params["evaluation"][:40]

    def load() -> Any:
        with context.read() as tx:
            return evaluation_store.get_evaluation(tx, public_id, teacher.id)

    evaluation = await context.run(load)
    if evaluation is None:
        raise Problem(
            404, "Cette évaluation n'existe pas, ou elle appartient à un autre enseignant."
        )
    return teacher, session, evaluation


def _roster(context: ServerContext, evaluation: Any) -> dict[str, Any]:
    """The learners of each course linked to the évaluation, and where each one is."""
    with context.read() as tx:
        links = tx.all(
            "SELECT DISTINCT l.platform_id, c.memberships_url, c.title FROM lti_links l"
            " JOIN lti_contexts c ON c.id = l.context_pk"
            " WHERE l.evaluation_id = ? AND c.memberships_url IS NOT NULL",
            (evaluation.id,),
        )
        rows = tx.all(
            "SELECT u.subject, t.submitted_at FROM attempts t JOIN lti_users u"
            " ON u.id = t.lti_user_id WHERE t.evaluation_id = ? ORDER BY t.attempt_no",
            (evaluation.id,),
        )
        found = {
            row["platform_id"]: platforms.get_platform(tx, int(row["platform_id"])) for row in links
        }
    started = {
        str(row["subject"]): "rendue" if row["submitted_at"] is not None else "en cours"
        for row in rows
    }
    courses = []
    for row in links:
        platform = found[row["platform_id"]]
        if platform is None:
            continue
        try:
            people = services.members(context, platform, str(row["memberships_url"]))
            error = ""
        except services.ServiceError as failure:
            people, error = [], str(failure)
        learners = [
            {
                "name": str(m.get("name") or "").strip()
                or " ".join(str(m.get(k, "")) for k in ("given_name", "family_name")).strip()
                or str(m.get("user_id", "")),
                "state": started.get(str(m.get("user_id")), "pas commencé"),
            }
            for m in people
            if claims.LEARNER in (m.get("roles") or []) and m.get("status", "Active") == "Active"
        ]
        learners.sort(key=lambda item: (item["state"] != "pas commencé", item["name"].casefold()))
        courses.append({"title": row["title"], "learners": learners, "error": error})
    return {"courses": courses}


async def participants(request: Request) -> Response:
    teacher, session, evaluation = await _owned(request)
    context = server_context(request)
    data = await context.run(_roster, context, evaluation)
    return page(
        request,
        "lti_participants.html",
        {
            "title": f"Participants — {evaluation.title}",
            "teacher": teacher,
            "csrf": session.csrf_token,
            "evaluation": evaluation,
            **data,
        },
    )


async def resend(request: Request) -> Response:
    _teacher, session, evaluation = await _owned(request)
    form = await read_form(request)
    check_session_token(request, session, form.fields.get("csrf"))
    context = server_context(request)

    def again() -> int:
        with context.write() as tx:
            count = outbox.retry(tx, evaluation.id, context.now())
        outbox.deliver_due(context)
        return count

    await context.run(again)
    return RedirectResponse(f"/enseignant/e/{evaluation.public_id}#notes-lms", 303)


def routes() -> list[Route]:
    """The LTI routes."""
    return [
        Route("/lti/login", login, methods=["GET", "POST"]),
        Route("/lti/launch", launch, methods=["POST"]),
        Route("/lti/jwks.json", jwks, methods=["GET"]),
        Route("/lti/configuration", configuration, methods=["GET"]),
        Route("/lti/contenu/{request}", content_page, methods=["GET"]),
        Route("/lti/contenu/{request}", content_choice, methods=["POST"]),
        Route("/enseignant/lti/", platforms_page, methods=["GET"]),
        Route("/enseignant/lti/", platforms_action, methods=["POST"]),
        Route("/enseignant/e/{evaluation}/participants", participants, methods=["GET"]),
        Route("/enseignant/e/{evaluation}/notes-lms", resend, methods=["POST"]),
    ]
