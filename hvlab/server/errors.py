"""Errors shown to people: a French page (or JSON for the API), never a traceback.

Code raises :class:`Problem` with the status and the French message; the handlers installed by
:func:`install` render it. Any other exception is logged with its traceback for the administrator
and answered with a plain French 500.
"""

from __future__ import annotations

__all__ = ["Problem", "install", "is_api"]

import html
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from hvlab.errors import HvlabError
from hvlab.server.text import printable
from hvlab.typography import french, french_html

log = logging.getLogger("hvlab.server")

_DEFAULT_MESSAGES = {
    400: "La requête est invalide.",
    401: "Connectez-vous pour continuer.",
    403: "Cette action n'est pas autorisée.",
    404: "Cette page n'existe pas (ou plus).",
    405: "Cette méthode n'est pas acceptée à cette adresse.",
    409: "Cette action n'est plus possible.",
    413: "La requête est trop volumineuse.",
    415: "Le format de la requête n'est pas accepté.",
    429: "Trop de tentatives : patientez quelques minutes avant de réessayer.",
    500: "Une erreur interne s'est produite. Elle a été consignée pour l'administrateur ; "
    "réessayez dans un instant.",
    503: "Le service est momentanément indisponible ; réessayez dans un instant.",
}
_TITLES = {
    400: "Requête invalide",
    401: "Connexion nécessaire",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode refusée",
    409: "Action impossible",
    413: "Requête trop volumineuse",
    415: "Format refusé",
    429: "Trop de tentatives",
    500: "Erreur interne",
    503: "Service indisponible",
}


class Problem(HvlabError):
    """An error to show to the user (French message) with its HTTP status.

    Attributes:
        status: the HTTP status.
        message: what went wrong and what to do, in French.
        headers: extra response headers (``Retry-After`` …).
    """

    def __init__(self, status: int, message: str = "", headers: dict[str, str] | None = None):
        self.status = status
        self.message = message or _DEFAULT_MESSAGES.get(status, "Erreur.")
        self.headers = headers or {}
        super().__init__(self.message)


def is_api(request: Request) -> bool:
    """Whether the request expects JSON (the student API, the teacher's live progress)."""
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json")


def render_problem(
    request: Request, status: int, message: str, headers: dict[str, str]
) -> Response:
    """The response for an error: JSON for the API, a French page otherwise (French typography
    in both: the quiz and teacher pages show the JSON ``error`` as it is)."""
    if is_api(request):
        return JSONResponse({"error": french(message)}, status_code=status, headers=headers)
    templates = getattr(request.app.state, "templates", None)
    title = _TITLES.get(status, "Erreur")
    if templates is None:
        page = f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
        return HTMLResponse(french_html(page), status, headers=headers)
    rendered: Response = templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "message": message, "status": status, "teacher": None, "csrf": ""},
        status_code=status,
        headers=headers,
    )
    return rendered


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return render_problem(request, exc.status, exc.message, exc.headers)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _DEFAULT_MESSAGES.get(exc.status_code, "Erreur.")
    return render_problem(request, exc.status_code, message, dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("erreur interne sur %s %s", request.method, printable(request.url.path), exc_info=exc)
    return render_problem(request, 500, _DEFAULT_MESSAGES[500], {})


def install(app: Starlette) -> None:
    """Register the French error handlers on ``app``."""
    handlers: dict[Any, Any] = {
        Problem: _problem,
        HTTPException: _http,
        Exception: _unexpected,
    }
    for key, handler in handlers.items():
        app.add_exception_handler(key, handler)
