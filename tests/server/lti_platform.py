"""An LTI 1.3 platform written for the tests: a real HTTP server on 127.0.0.1.

It has what Moodle has for a tool: its own RSA keys and JWKS, an OIDC authorization endpoint
that answers with a signed id_token in an auto-posting form, a token endpoint (client
credentials with a JWT assertion, checked against the tool's published JWKS), Assignment and
Grade Services (line items, scores) and Names and Role Provisioning Services (paged). The tests
say what the next launch contains (:meth:`TestPlatform.prepare`) and may tamper with it; they
switch the platform « down » to see grades wait.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
from joserfc import jwk, jwt

from tests.server.live import free_port

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


_KEYS: list[jwk.RSAKey] = []


def _platform_key() -> jwk.RSAKey:
    """The platform's first key, made once per test run (RSA key generation is slow)."""
    if not _KEYS:
        _KEYS.append(
            jwk.RSAKey.generate_key(2048, parameters={"kid": "plateforme-1", "alg": "RS256"})
        )
    return _KEYS[0]


@dataclass
class Received:
    """What the platform received from the tool."""

    scores: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[dict[str, Any]] = field(default_factory=list)
    deep_links: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class TestPlatform:
    """A platform on 127.0.0.1 that knows one tool."""

    __test__ = False

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = self.url
        self.client_id = "hvlab-outil-42"
        self.deployment_id = "3"
        self.clock = clock
        self.key = _platform_key()
        self.tool_jwks_url = ""
        self.down = False
        self.received = Received()
        self.line_items: dict[str, dict[str, Any]] = {}
        self.members: list[dict[str, Any]] = []
        self.tokens: set[str] = set()
        self._next: dict[str, Callable[[dict[str, Any]], dict[str, Any]] | dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TestPlatform:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # What the platform's administrator types into hvlab.
    def registration(self) -> dict[str, str]:
        return {
            "name": "Moodle de test",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_ids": self.deployment_id,
            "auth_url": self.url + "/auth",
            "token_url": self.url + "/token",
            "jwks_url": self.url + "/jwks",
        }

    def launch_claims(
        self,
        *,
        subject: str,
        roles: list[str],
        message_type: str = "LtiResourceLinkRequest",
        resource_link: str = "lien-1",
        custom: dict[str, str] | None = None,
        lineitem: str = "",
        name: str = "",
    ) -> dict[str, Any]:
        """The claims of a launch (the nonce and dates are added when the tool asks)."""
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": subject,
            "name": name or f"Utilisateur {subject}",
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "roles": roles,
            LTI + "context": {"id": "cours-7", "title": "Virtualisation BTS SIO"},
            LTI + "target_link_uri": "",
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.url + "/memberships",
                "service_versions": ["2.0"],
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
                "lineitems": self.url + "/lineitems",
                **({"lineitem": lineitem} if lineitem else {}),
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": resource_link, "title": "Activité hvlab"}
        else:
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": self.url + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
                "data": "donnee-opaque-77",
            }
        if custom:
            claims[LTI + "custom"] = custom
        return claims

    def prepare(
        self,
        login_hint: str,
        claims: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]],
    ) -> None:
        """The id_token the next authorization for ``login_hint`` signs (claims, or a function
        of the authorization request's parameters returning the claims)."""
        self._next[login_hint] = claims

    def sign(self, claims: dict[str, Any], key: jwk.RSAKey | None = None, kid: str = "") -> str:
        signer = key or self.key
        header = {"alg": "RS256", "kid": kid or str(self.key.kid), "typ": "JWT"}
        return jwt.encode(header, claims, signer, algorithms=["RS256"])

    def _id_token(self, params: dict[str, str]) -> str:
        spec = self._next.pop(params["login_hint"])
        now = int(self.clock())
        base = {"nonce": params["nonce"], "iat": now, "exp": now + 300}
        claims = {**base, **(spec(params) if callable(spec) else spec)}
        key = claims.pop("_sign_with", None)
        return self.sign(claims, key)

    def _check_bearer(self, header: str) -> bool:
        token = header.removeprefix("Bearer ").strip()
        return token in self.tokens

    def _check_assertion(self, form: dict[str, str]) -> str:
        """Verify the tool's client assertion against its published JWKS."""
        keys = httpx2.get(self.tool_jwks_url, timeout=10).json()
        token = jwt.decode(
            form["client_assertion"], jwk.KeySet.import_key_set(keys), algorithms=["RS256"]
        )
        claims = token.claims
        assert claims["iss"] == claims["sub"] == self.client_id, claims
        assert claims["aud"] == self.url + "/token", claims
        assert claims["exp"] > self.clock() - 5, claims
        assert form["grant_type"] == "client_credentials"
        assert form["client_assertion_type"] == (
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        )
        return form.get("scope", "")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(
                self,
                status: int,
                body: Any,
                kind: str = "application/json",
                headers: dict[str, str] | None = None,
            ) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/jwks":
                    self._send(200, {"keys": [platform.key.as_dict(private=False)]})
                elif parts.path == "/auth":
                    self._authorize(query)
                elif parts.path == "/lineitems":
                    if not platform._check_bearer(self.headers.get("Authorization", "")):
                        self._send(401, {"error": "jeton"})
                        return
                    items = [
                        i
                        for i in platform.line_items.values()
                        if "resource_id" not in query or i.get("resourceId") == query["resource_id"]
                    ]
                    self._send(200, items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
                elif parts.path == "/memberships":
                    if not platform._check_bearer(self.headers.get("Authorization", "")):
                        self._send(401, {"error": "jeton"})
                        return
                    page = int(query.get("page", "1"))
                    chunk = platform.members[(page - 1) * 2 : page * 2]
                    headers = {}
                    if page * 2 < len(platform.members):
                        headers["Link"] = (
                            f'<{platform.url}/memberships?page={page + 1}>; rel="next"'
                        )
                    self._send(
                        200,
                        {
                            "id": platform.url + "/memberships",
                            "context": {"id": "cours-7"},
                            "members": chunk,
                        },
                        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                        headers,
                    )
                else:
                    self._send(404, {"error": "inconnu"})

            def _authorize(self, query: dict[str, str]) -> None:
                assert query["scope"] == "openid" and query["response_type"] == "id_token"
                assert query["response_mode"] == "form_post" and query["prompt"] == "none"
                assert query["client_id"] == platform.client_id
                token = platform._id_token(query)
                fields = {"id_token": token, "state": query["state"]}
                inputs = "".join(
                    f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                    for k, v in fields.items()
                )
                page = (
                    f'<form id="lti" method="post" action="{html.escape(query["redirect_uri"])}">'
                    f"{inputs}</form>"
                ).encode()
                self._send(200, page, "text/html; charset=utf-8")

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                body = self._body()
                if parts.path == "/token":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    if platform.down:
                        self._send(503, {"error": "maintenance"})
                        return
                    try:
                        scope = platform._check_assertion(form)
                    except Exception as error:
                        platform.received.refused.append(f"token: {error!r}")
                        self._send(400, {"error": "invalid_client"})
                        return
                    token = secrets.token_hex(16)
                    platform.tokens.add(token)
                    platform.received.tokens.append({"scope": scope})
                    self._send(
                        200,
                        {
                            "access_token": token,
                            "token_type": "Bearer",
                            "expires_in": 3600,
                            "scope": scope,
                        },
                    )
                elif parts.path == "/lineitems":
                    if not platform._check_bearer(self.headers.get("Authorization", "")):
                        self._send(401, {"error": "jeton"})
                        return
                    item = json.loads(body)
                    with platform._lock:
                        item["id"] = (
                            f"{platform.url}/lineitems/{len(platform.line_items) + 1}/lineitem"
                        )
                        platform.line_items[item["id"]] = item
                    self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
                elif re.fullmatch(r"/lineitems/\d+/lineitem/scores", parts.path):
                    if platform.down:
                        self._send(503, {"error": "maintenance"})
                        return
                    if not platform._check_bearer(self.headers.get("Authorization", "")):
                        self._send(401, {"error": "jeton"})
                        return
                    assert self.headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
                    score = json.loads(body)
                    score["_lineitem"] = platform.url + parts.path.removesuffix("/scores")
                    platform.received.scores.append(score)
                    self._send(200, {})
                elif parts.path == "/deep-link-return":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    keys = httpx2.get(platform.tool_jwks_url, timeout=10).json()
                    decoded = jwt.decode(
                        form["JWT"], jwk.KeySet.import_key_set(keys), algorithms=["RS256"]
                    )
                    claims = dict(decoded.claims)
                    platform.received.deep_links.append(claims)
                    for item in claims.get(
                        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items", []
                    ):
                        if "lineItem" in item:
                            with platform._lock:
                                line = dict(item["lineItem"])
                                number = len(platform.line_items) + 1
                                line["id"] = f"{platform.url}/lineitems/{number}/lineitem"
                                platform.line_items[line["id"]] = line
                                item["_lineitem"] = line["id"]
                    self._send(200, b"<p>Contenu ajout\xc3\xa9</p>", "text/html; charset=utf-8")
                else:
                    self._send(404, {"error": "inconnu"})

        return Handler
