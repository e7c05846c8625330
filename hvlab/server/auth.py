"""Browser sessions: the session cookie, the logged-in teacher, login and logout.

The cookie ``hvlab_session`` holds a random token; the database keeps its hash, the teacher (or
none, for a student) and the session's CSRF token. Cookies are ``HttpOnly``, ``SameSite=Lax`` and,
when the public address is HTTPS, ``Secure`` and named ``__Host-hvlab_session`` (a browser then
refuses such a cookie from any other host, a sibling sub-domain included: nobody can plant one).

A session opened by an LMS launch lives in the LMS's frame when the LMS embeds the activity: over
HTTPS its cookie is ``SameSite=None; Partitioned`` (sent only inside that LMS's pages, as a
third-party cookie partitioned by the top-level site); its CSRF token still guards every change.
"""

from __future__ import annotations

__all__ = [
    "SESSION_COOKIE",
    "LoginRequired",
    "clear_session_cookie",
    "cookie_name",
    "current_session",
    "partition_last_cookie",
    "require_admin",
    "require_teacher",
    "session_cookie_name",
    "set_session_cookie",
]

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hvlab.server.context import server_context
from hvlab.server.errors import Problem
from hvlab.server.settings import Settings
from hvlab.server.store import accounts
from hvlab.server.store.accounts import Session, Teacher

SESSION_COOKIE = "hvlab_session"
_MAX_TOKEN_LENGTH = 100


def cookie_name(settings: Settings, name: str) -> str:
    """``name``, prefixed ``__Host-`` over HTTPS (host-only, Secure, path /: cannot be planted)."""
    return f"__Host-{name}" if settings.secure_cookies else name


def session_cookie_name(settings: Settings) -> str:
    """The session cookie's name for these settings."""
    return cookie_name(settings, SESSION_COOKIE)


class LoginRequired(Exception):
    """The page needs a logged-in teacher: the handler redirects to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


async def login_redirect(request: Request, exc: Exception) -> Response:
    """Exception handler of :class:`LoginRequired`."""
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/enseignant/connexion?suite={quote(exc.next_path)}", 303)


async def current_session(request: Request) -> Session | None:
    """The request's unexpired session, or None (looked up once per request)."""
    if "session" in request.state._state:
        session: Session | None = request.state.session
        return session
    token = request.cookies.get(session_cookie_name(server_context(request).settings), "")
    session = None
    if token and len(token) <= _MAX_TOKEN_LENGTH:
        context = server_context(request)

        def load() -> Session | None:
            with context.read() as tx:
                return accounts.load_session(tx, token, context.now())

        session = await context.run(load)
    request.state.session = session
    return session


async def require_teacher(request: Request) -> tuple[Teacher, Session]:
    """The logged-in teacher and their session; raises :class:`LoginRequired` otherwise."""
    session = await current_session(request)
    teacher = None
    if session is not None and session.teacher_id is not None:
        context = server_context(request)
        teacher_id = session.teacher_id

        def load() -> Teacher | None:
            with context.read() as tx:
                return accounts.get_teacher(tx, teacher_id)

        teacher = await context.run(load)
    if teacher is None or session is None:
        raise LoginRequired(request.url.path)
    return teacher, session


async def require_admin(request: Request) -> tuple[Teacher, Session]:
    """The logged-in teacher, who must be an administrator of hvlab (403 otherwise)."""
    teacher, session = await require_teacher(request)
    if not teacher.is_admin:
        raise Problem(
            403,
            "Seul un administrateur de hvlab gère les plateformes LTI et les clés de l'outil. "
            "Un administrateur donne ce rôle avec : hvlab serve --grant-admin IDENTIFIANT.",
        )
    return teacher, session


def set_session_cookie(
    request: Request, response: Response, token: str, max_age: int, *, framed: bool = False
) -> None:
    """Put the session token in the response's cookie.

    Args:
        framed: the session comes from an LMS launch and its pages may be shown in the LMS's
            frame (the cookie must then travel inside that third-party frame: HTTPS only).
    """
    secure = server_context(request).settings.secure_cookies
    inside_lms = framed and secure
    response.set_cookie(
        session_cookie_name(server_context(request).settings),
        token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="none" if inside_lms else "lax",
        secure=secure,
    )
    if inside_lms:
        partition_last_cookie(response)


def partition_last_cookie(response: Response) -> None:
    """Add ``Partitioned`` (CHIPS) to the cookie just set (Python < 3.14 cannot write it)."""
    for index in range(len(response.raw_headers) - 1, -1, -1):
        name, value = response.raw_headers[index]
        if name == b"set-cookie":
            response.raw_headers[index] = (name, value + b"; Partitioned")
            return


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        session_cookie_name(server_context(request).settings),
        path="/",
        httponly=True,
        samesite="lax",
        secure=server_context(request).settings.secure_cookies,
    )
