"""Static files: the server's own, the site's quiz UI, and a built site when one is served.

The student's page is the site's quiz UI in server mode. Its files come from the first place that
has them:

1. the built site given with ``--site`` (``assets/hvlab/``), served at ``/`` with the whole site;
2. ``build/assets/`` of a source checkout (what ``npm run build`` produced);
3. the modules shipped in the package (``hvlab/site/js``, ``hvlab/site/static``).
"""

from __future__ import annotations

__all__ = ["Assets", "find_assets", "mounts", "site_policy"]

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SERVER_STATIC = Path(__file__).resolve().parent.parent / "static"
_SITE_PACKAGE = Path(__file__).resolve().parent.parent.parent / "site"
_CHECKOUT_BUILD = Path(__file__).resolve().parents[3] / "build" / "assets"

QUIZ_BUNDLE = "quiz.bundle.js"


@dataclass(frozen=True)
class Assets:
    """Where the quiz page's script and style are served from.

    Attributes:
        quiz_script: URL of the quiz UI's ES module.
        quiz_css: URL of its style sheet.
        build_dir: folder served at ``/_hvlab/build/`` ("" when the site provides the bundle).
        site_dir: a built site served at ``/`` ("" for none).
    """

    quiz_script: str
    quiz_css: str
    build_dir: str = ""
    site_dir: str = ""


def find_assets(site_dir: str) -> Assets:
    """Choose where the quiz UI comes from (see the module docstring)."""
    if site_dir and (Path(site_dir) / "assets" / "hvlab" / QUIZ_BUNDLE).is_file():
        return Assets(
            quiz_script=f"/assets/hvlab/{QUIZ_BUNDLE}",
            quiz_css="/assets/hvlab/quiz.css",
            site_dir=site_dir,
        )
    if (_CHECKOUT_BUILD / QUIZ_BUNDLE).is_file():
        return Assets(
            quiz_script=f"/_hvlab/build/{QUIZ_BUNDLE}",
            quiz_css="/_hvlab/site/quiz.css",
            build_dir=str(_CHECKOUT_BUILD),
            site_dir=site_dir,
        )
    return Assets(
        quiz_script="/_hvlab/js/quiz/main.js",
        quiz_css="/_hvlab/site/quiz.css",
        site_dir=site_dir,
    )


_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>(.*?)</script>", re.DOTALL
)


def site_policy(site_dir: str) -> str:
    """The Content-Security-Policy of a served site's pages.

    The theme puts a few small scripts in each page (palette, tabs…): they are allowed by their
    SHA-256, computed from the built pages at start, never by ``'unsafe-inline'``. Charts and
    diagrams write ``<style>`` into the page, so styles may be inline there (never on the
    server's own pages).
    """
    digests = set()
    for page in Path(site_dir).rglob("*.html"):
        for match in _INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8", errors="replace")):
            digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
            digests.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(digests)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'self'"
    )


class _WithPolicy:
    """Serve an ASGI app's responses with a Content-Security-Policy of their own."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.policy = policy.encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0] != b"content-security-policy"
                ]
                message = {
                    **message,
                    "headers": [*headers, (b"content-security-policy", self.policy)],
                }
            await send(message)

        await self.app(scope, receive, with_policy)


def mounts(assets: Assets) -> list[BaseRoute]:
    """The static mounts, the built site last (it answers every other path)."""
    routes: list[BaseRoute] = [
        Mount("/_hvlab/static", StaticFiles(directory=str(_SERVER_STATIC)), name="server-static"),
        Mount(
            "/_hvlab/site", StaticFiles(directory=str(_SITE_PACKAGE / "static")), name="site-static"
        ),
    ]
    if (_SITE_PACKAGE / "js").is_dir():
        routes.append(
            Mount("/_hvlab/js", StaticFiles(directory=str(_SITE_PACKAGE / "js")), name="site-js")
        )
    if assets.build_dir:
        routes.append(Mount("/_hvlab/build", StaticFiles(directory=assets.build_dir), name="build"))
    if assets.site_dir:
        site = StaticFiles(directory=assets.site_dir, html=True)
        routes.append(Mount("/", _WithPolicy(site, site_policy(assets.site_dir)), name="site"))
    return routes
