"""Helpers shared by the views: templates (French typography on every page), French number and
time formatting, notices."""

from __future__ import annotations

__all__ = ["FrenchTemplate", "frame_ancestors", "french_number", "page", "templates"]

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from hvlab import fr
from hvlab.server.policy import MOMENT_LABELS, MOMENTS
from hvlab.server.security import content_security_policy, origin_of
from hvlab.server.store.accounts import Session
from hvlab.typography import french_html

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class FrenchTemplate(jinja2.Template):
    """A template whose rendered page gets French typography (:func:`hvlab.typography.french_html`:
    text only; tags, attributes, scripts, code, text areas and ``hv-verbatim`` data left alone)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The page, as Jinja renders it, then with French spaces."""
        return french_html(super().render(*args, **kwargs))


def templates() -> Jinja2Templates:
    """The Jinja2 templates of the server (HTML escaped by default, French typography)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.template_class = FrenchTemplate
    return Jinja2Templates(env=environment)


def french_number(value: float | None, decimals: int = 2) -> str:
    """``12.5`` → ``12,5`` (:func:`hvlab.fr.number`); ``—`` for no value."""
    if value is None:
        return "—"
    return fr.number(value, decimals)


def french_percent(value: float) -> str:
    """``0.5`` → ``50 %`` (:func:`hvlab.fr.percent`)."""
    return fr.percent(value, 0)


def frame_ancestors(request: Request) -> tuple[str, ...]:
    """The origins that may show this request's page in a frame: the LMS whose launch opened the
    session (Moodle embeds an activity, and opens deep linking in a dialog), nobody otherwise."""
    session: Session | None = request.state._state.get("session")
    if session is None:
        return ()
    return tuple(o for o in (origin_of(url) for url in session.platform_urls) if o)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render template ``name`` with the values every page uses (framed only by the session's
    LMS, if any)."""
    base: dict[str, Any] = {
        "teacher": None,
        "csrf": "",
        "notice": "",
        "error": "",
        "moments": MOMENTS,
        "moment_labels": MOMENT_LABELS,
        "number": french_number,
        "percent": french_percent,
        "title": "",
    }
    base.update(context)
    headers = {"Cache-Control": "no-store"}
    ancestors = frame_ancestors(request)
    if ancestors:
        headers["Content-Security-Policy"] = content_security_policy(frame_ancestors=ancestors)
    rendered: Response = request.app.state.templates.TemplateResponse(
        request, name, base, status_code=status, headers=headers
    )
    return rendered
