"""Deep Linking: the teacher picks, in hvlab, what the LMS activity will open.

The platform's request is remembered (:func:`remember_request`) until the teacher chooses; the
choice is then sent back as a signed ``LtiDeepLinkingResponse`` (:func:`response_jwt`) that the
browser posts to the platform's return address. An évaluation comes with a line item (the LMS
creates the gradebook column); a practice quiz or a lab of the site is an ungraded link.
"""

from __future__ import annotations

__all__ = ["ContentItem", "DeepRequest", "load_request", "remember_request", "response_jwt"]

from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt

from hvlab.server.context import ServerContext
from hvlab.server.lti import claims, keys
from hvlab.server.lti.errors import LtiError
from hvlab.server.lti.launch import Launch
from hvlab.server.lti.platforms import Platform, get_platform
from hvlab.server.tokens import hash_token, new_token

REQUEST_LIFETIME_S = 3600


@dataclass(frozen=True)
class DeepRequest:
    """A deep-linking request waiting for the teacher's choice."""

    platform: Platform
    deployment_id: str
    teacher_id: int
    context_pk: int | None
    return_url: str
    data: str | None


def remember_request(
    context: ServerContext, launch: Launch, teacher_id: int, context_pk: int | None
) -> str:
    """Keep the request; returns the token that names it in the picker's address."""
    token = new_token()
    settings = launch.deep_linking
    data = settings.get("data")
    with context.write() as tx:
        tx.execute(
            "INSERT INTO lti_deep_requests (token_hash, platform_id, deployment_id, teacher_id,"
            " context_pk, return_url, data, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                hash_token(token),
                launch.platform.id,
                launch.deployment_id,
                teacher_id,
                context_pk,
                str(settings["deep_link_return_url"])[:2000],
                str(data)[:2000] if data is not None else None,
                context.now() + REQUEST_LIFETIME_S,
            ),
        )
    return token


def load_request(context: ServerContext, token: str, teacher_id: int) -> DeepRequest:
    """The teacher's pending request (French error when unknown or expired)."""
    with context.read() as tx:
        row = tx.one(
            "SELECT platform_id, deployment_id, teacher_id, context_pk, return_url, data"
            " FROM lti_deep_requests WHERE token_hash = ? AND expires_at > ? AND teacher_id = ?",
            (hash_token(token), context.now(), teacher_id),
        )
        platform = get_platform(tx, int(row["platform_id"])) if row else None
    if row is None or platform is None:
        raise LtiError(
            "unknown-deep-request",
            "Cette sélection de contenu a expiré : recommencez-la depuis la plateforme.",
            "deep linking request inconnue ou expirée",
            status=404,
        )
    return DeepRequest(
        platform=platform,
        deployment_id=str(row["deployment_id"]),
        teacher_id=int(row["teacher_id"]),
        context_pk=int(row["context_pk"]) if row["context_pk"] is not None else None,
        return_url=str(row["return_url"]),
        data=row["data"],
    )


@dataclass(frozen=True)
class ContentItem:
    """What the activity opens: an évaluation (graded) or a page of the site."""

    title: str
    launch_url: str
    custom: dict[str, str] = field(default_factory=dict)
    score_maximum: float | None = None
    resource_id: str = ""

    def to_claim(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "type": "ltiResourceLink",
            "title": self.title,
            "url": self.launch_url,
            "custom": dict(self.custom),
        }
        if self.score_maximum is not None:
            item["lineItem"] = {
                "scoreMaximum": self.score_maximum,
                "label": self.title,
                "resourceId": self.resource_id,
            }
        return item


def response_jwt(context: ServerContext, request: DeepRequest, items: list[ContentItem]) -> str:
    """The signed ``LtiDeepLinkingResponse`` for the platform."""
    now = context.now()
    with context.write() as tx:
        key = keys.signing_key(tx, now)
    payload: dict[str, Any] = {
        "iss": request.platform.client_id,
        "aud": request.platform.issuer,
        "iat": int(now),
        "exp": int(now) + 600,
        "nonce": new_token(),
        claims.MESSAGE_TYPE: claims.DEEP_LINKING_RESPONSE,
        claims.VERSION: "1.3.0",
        claims.DEPLOYMENT_ID: request.deployment_id,
        claims.CONTENT_ITEMS: [item.to_claim() for item in items],
    }
    if request.data is not None:
        payload[claims.DL_DATA] = request.data
    return jwt.encode({"alg": "RS256", "kid": key.kid}, payload, key, algorithms=["RS256"])


def forget_request(context: ServerContext, token: str) -> None:
    """A request is answered once."""
    with context.write() as tx:
        tx.execute("DELETE FROM lti_deep_requests WHERE token_hash = ?", (hash_token(token),))
