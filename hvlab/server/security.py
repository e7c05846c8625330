"""Security middleware: request body limit and response headers (CSP without inline scripts).

Pure ASGI, so that it also covers errors and the static files:

* a request whose ``Content-Length`` exceeds the limit is refused with 413 before anything reads
  it; a body sent without a length (chunked) is counted as it arrives and cut at the limit;
* every HTML response gets a Content-Security-Policy that allows scripts, styles and everything
  else only from the server itself (``'self'``: no inline script, no ``eval``, no other host),
  forbids framing (except the pages an LMS embeds, which say so) and sends ``Referrer-Policy``,
  ``X-Content-Type-Options``, ``Cross-Origin-Opener-Policy`` and, over HTTPS, HSTS.
"""

from __future__ import annotations

__all__ = ["CSP", "SecurityMiddleware", "content_security_policy", "origin_of"]

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The policy of every page. ``'wasm-unsafe-eval'`` is what Pyodide needs to compile WebAssembly
#: when the server also serves the site's labs; it does not allow ``eval`` of JavaScript.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def content_security_policy(
    *, frame_ancestors: Iterable[str] = (), form_targets: Iterable[str] = ()
) -> str:
    """:data:`CSP`, with the origins that may frame the page (an LMS that launched it) and the
    origins a form of the page may post to (an LMS's deep-linking return address).

    Only ``scheme://host[:port]`` origins are kept: nothing else can widen the policy.
    """
    ancestors = sorted({o for o in frame_ancestors if _ORIGIN.fullmatch(o)})
    targets = sorted({o for o in form_targets if _ORIGIN.fullmatch(o)})
    policy = CSP
    if ancestors:
        policy = policy.replace("frame-ancestors 'none'", "frame-ancestors " + " ".join(ancestors))
    if targets:
        policy = policy.replace("form-action 'self'", "form-action 'self' " + " ".join(targets))
    return policy


def origin_of(url: str) -> str:
    """``https://moodle.lycee.fr/mod/lti/auth.php`` → ``https://moodle.lycee.fr`` ("" if none)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        return ""
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return origin if _ORIGIN.fullmatch(origin) else ""


_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")


class BodyTooLarge(Exception):
    """The body went past the limit while it was being read."""


class SecurityMiddleware:
    """Body size limit and security headers around the whole application."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, https: bool) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._refuse(scope, send)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self._headers(message.get("headers", []))}
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    def _headers(self, raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in raw}
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]
        if b"content-security-policy" not in present:
            extra.append((b"content-security-policy", CSP.encode()))
        if b"x-frame-options" not in present and b"content-security-policy" not in present:
            extra.append((b"x-frame-options", b"DENY"))
        if self.https:
            extra.append((b"strict-transport-security", b"max-age=31536000"))
        return [*raw, *(item for item in extra if item[0] not in present)]

    async def _refuse(self, scope: Scope, send: Send) -> None:
        path = str(scope.get("path", ""))
        limit = f"{self.max_body_bytes // 1024} Kio"
        message = f"La requête est trop volumineuse ({limit} au plus)."
        if path.startswith("/api/") or path.endswith(".json"):
            body = json.dumps({"error": message}, ensure_ascii=False).encode()
            kind = b"application/json"
        else:
            body = (
                '<!doctype html><html lang="fr"><meta charset="utf-8">'
                f"<title>Requête trop volumineuse</title><h1>Requête trop volumineuse</h1>"
                f"<p>{message}</p></html>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        headers: list[Any] = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send(
            {"type": "http.response.start", "status": 413, "headers": self._headers(headers)}
        )
        await send({"type": "http.response.body", "body": body})
