"""Browser sessions: the session cookie, the logged-in teacher, login and logout.

The cookie ``hvlab_session`` holds a random token; the database keeps its hash, the teacher (or
none, for a student) and the session's CSRF token. Cookies are ``HttpOnly``, ``SameSite=Lax`` and,
when the public address is HTTPS, ``Secure``.
"""

from __future__ import annotations

__all__ = [
    "SESSION_COOKIE",
    "LoginRequired",
    "clear_session_cookie",
    "current_session",
    "ensure_session",
    "require_teacher",
    "set_session_cookie",
]

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hvlab.server.context import server_context
from hvlab.server.store import accounts
from hvlab.server.store.accounts import Session, Teacher

SESSION_COOKIE = "hvlab_session"
_MAX_TOKEN_LENGTH = 100


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
    token = request.cookies.get(SESSION_COOKIE, "")
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


async def ensure_session(request: Request, response_cookies: list[tuple[str, int]]) -> Session:
    """The request's session, or a new student session (its cookie to set is appended)."""
    session = await current_session(request)
    if session is not None:
        return session
    context = server_context(request)

    def create() -> tuple[str, Session]:
        with context.write() as tx:
            return accounts.create_session(
                tx, None, context.now(), context.settings.student_session_s
            )

    token, created = await context.run(create)
    response_cookies.append((token, context.settings.student_session_s))
    request.state.session = created
    new_session: Session = created
    return new_session


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    """Put the session token in the response's cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=server_context(request).settings.secure_cookies,
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=server_context(request).settings.secure_cookies,
    )
