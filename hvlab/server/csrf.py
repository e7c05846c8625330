"""Protection against cross-site request forgery.

Two checks on every state-changing request (POST, PUT, DELETE):

* the ``Origin`` header, when the browser sends one (all current browsers do on POST and fetch),
  must be the server's own origin;
* a token: the session's CSRF token for a logged-in teacher or a student with an attempt (hidden
  field ``csrf`` in a form, header ``X-CSRF-Token`` for the API); before any session exists
  (login and join forms), a random token in a ``SameSite=Strict`` cookie that the form repeats
  (double submit); over HTTPS the cookie is ``__Host-`` prefixed, so that no other host (a
  sibling sub-domain) can plant a token of its choice.
"""

from __future__ import annotations

__all__ = [
    "ANONYMOUS_COOKIE",
    "CSRF_REFUSED",
    "anonymous_token",
    "check_anonymous",
    "check_origin",
    "check_session_token",
    "own_origin",
]

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from hvlab.server.auth import cookie_name
from hvlab.server.context import server_context
from hvlab.server.errors import Problem
from hvlab.server.store.accounts import Session
from hvlab.server.tokens import new_token, same_token

ANONYMOUS_COOKIE = "hvlab_csrf"
CSRF_REFUSED = (
    "Requête refusée : le jeton de sécurité du formulaire manque ou ne correspond pas. "
    "Rechargez la page et recommencez."
)


def own_origin(request: Request) -> str:
    """``scheme://host[:port]`` of this server (the public address when one is set)."""
    public = server_context(request).settings.public_url
    if public:
        parts = urlsplit(public)
        return f"{parts.scheme}://{parts.netloc}".lower()
    return f"{request.url.scheme}://{request.url.netloc}".lower()


def check_origin(request: Request) -> None:
    """Refuse a request that a page of another site sent."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if not referer:
            return
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin.lower() != own_origin(request):
        raise Problem(403, "Requête refusée : elle vient d'un autre site.")


def check_session_token(request: Request, session: Session, given: str | None) -> None:
    """The request carries its session's CSRF token (and comes from this site)."""
    check_origin(request)
    if not same_token(given, session.csrf_token):
        raise Problem(403, CSRF_REFUSED)


def anonymous_token(request: Request) -> str:
    """The double-submit token for a form shown before any session (reused while it lasts)."""
    token = request.cookies.get(cookie_name(server_context(request).settings, ANONYMOUS_COOKIE), "")
    return token if 20 <= len(token) <= 100 else new_token()


def set_anonymous_cookie(request: Request, response: Response, token: str) -> None:
    """Store the double-submit token in its cookie (``SameSite=Strict``, ``HttpOnly``)."""
    response.set_cookie(
        cookie_name(server_context(request).settings, ANONYMOUS_COOKIE),
        token,
        max_age=2 * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=server_context(request).settings.secure_cookies,
    )


def check_anonymous(request: Request, given: str | None) -> None:
    """A form posted before any session repeats its cookie's token (and comes from this site)."""
    check_origin(request)
    name = cookie_name(server_context(request).settings, ANONYMOUS_COOKIE)
    if not same_token(given, request.cookies.get(name)):
        raise Problem(403, CSRF_REFUSED)
