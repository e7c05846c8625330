"""Helpers shared by the views: templates, French number and time formatting, notices."""

from __future__ import annotations

__all__ = ["french_number", "page", "templates"]

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from hvlab import fr
from hvlab.server.policy import MOMENT_LABELS, MOMENTS

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def templates() -> Jinja2Templates:
    """The Jinja2 templates of the server (HTML escaped by default)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return Jinja2Templates(env=environment)


def french_number(value: float | None, decimals: int = 2) -> str:
    """``12.5`` → ``12,5`` (:func:`hvlab.fr.number`); ``—`` for no value."""
    if value is None:
        return "—"
    return fr.number(value, decimals)


def french_percent(value: float) -> str:
    """``0.5`` → ``50 %`` (:func:`hvlab.fr.percent`)."""
    return fr.percent(value, 0)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render template ``name`` with the values every page uses."""
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
    rendered: Response = request.app.state.templates.TemplateResponse(
        request, name, base, status_code=status, headers={"Cache-Control": "no-store"}
    )
    return rendered
