"""Calls from the tool to the platform's services, with an OAuth 2 access token.

* :func:`access_token` — the client-credentials grant with a JWT client assertion signed by the
  tool's key (RFC 7523, as the LTI security framework requires); tokens are kept in the database
  until a minute before they expire, for every process;
* :func:`post_score` — Assignment and Grade Services: a score to a line item;
* :func:`find_or_create_line_item` — the line item of an évaluation in a course;
* :func:`members` — Names and Role Provisioning Services: the course's members (every page).

Every call goes through :func:`hvlab.server.lti.http.call` (destination checked, no redirect, time
and size bounded); a failure raises :class:`ServiceError` with what the platform said.
"""

from __future__ import annotations

__all__ = [
    "ServiceError",
    "access_token",
    "find_or_create_line_item",
    "members",
    "post_score",
    "scores_url",
]

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from joserfc import jwt

from hvlab.server.context import ServerContext
from hvlab.server.lti import http, keys
from hvlab.server.lti.platforms import Platform
from hvlab.server.tokens import new_token

_TIMEOUT_S = 15.0
_MAX_BYTES = 4 * 1024 * 1024
_MAX_PAGES = 50
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
MEMBERS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


class ServiceError(Exception):
    """A platform service refused or did not answer (the message is for the teacher's log)."""


def _call(method: str, url: str, **options: Any) -> http.BoundedResponse:
    return http.call(method, url, deadline_s=_TIMEOUT_S, max_bytes=_MAX_BYTES, **options)


def access_token(context: ServerContext, platform: Platform, scopes: list[str]) -> str:
    """An access token for ``scopes`` (cached in the database, else requested)."""
    wanted = " ".join(sorted(scopes))
    now = context.now()
    with context.read() as tx:
        row = tx.one(
            "SELECT access_token FROM lti_tokens WHERE platform_id = ? AND scopes = ?"
            " AND expires_at > ?",
            (platform.id, wanted, now + 60),
        )
    if row is not None:
        return str(row["access_token"])
    with context.write() as tx:
        key = keys.signing_key(tx, now)
    assertion = jwt.encode(
        {"alg": "RS256", "kid": key.kid},
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_url,
            "iat": int(now),
            "exp": int(now) + 300,
            "jti": new_token(),
        },
        key,
        algorithms=["RS256"],
    )
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": wanted,
    }
    try:
        response = _call("POST", platform.token_url, data=form)
    except http.HttpRefused as error:
        raise ServiceError(f"jeton d'accès : {error}") from None
    if response.status_code != 200:
        raise ServiceError(
            f"jeton d'accès refusé : HTTP {response.status_code} {response.text[:200]}"
        )
    try:
        data = response.json()
        token = str(data["access_token"])
        lifetime = float(data.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError):
        raise ServiceError("jeton d'accès : réponse illisible") from None
    with context.write() as tx:
        tx.execute(
            "INSERT INTO lti_tokens (platform_id, scopes, access_token, expires_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (platform_id, scopes) DO UPDATE SET"
            " access_token = excluded.access_token, expires_at = excluded.expires_at",
            (platform.id, wanted, token, now + lifetime),
        )
    return token


def forget_token(context: ServerContext, platform: Platform) -> None:
    """Drop cached tokens (the platform refused one: it may have been revoked)."""
    with context.write() as tx:
        tx.execute("DELETE FROM lti_tokens WHERE platform_id = ?", (platform.id,))


def scores_url(lineitem_url: str) -> str:
    """``…/lineitems/7?type=x`` → ``…/lineitems/7/scores?type=x`` (AGS: scores below the item)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def post_score(
    context: ServerContext, platform: Platform, lineitem_url: str, score: dict[str, Any]
) -> None:
    """Send one score (raises :class:`ServiceError` unless the platform accepted it)."""
    token = access_token(context, platform, ["https://purl.imsglobal.org/spec/lti-ags/scope/score"])
    try:
        response = _call(
            "POST",
            scores_url(lineitem_url),
            content=json.dumps(score).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": SCORE_TYPE},
        )
    except http.HttpRefused as error:
        raise ServiceError(f"note : {error}") from None
    if response.status_code == 401:
        forget_token(context, platform)
    if response.status_code not in (200, 201, 202, 204):
        raise ServiceError(f"note refusée : HTTP {response.status_code} {response.text[:200]}")


def find_or_create_line_item(
    context: ServerContext,
    platform: Platform,
    lineitems_url: str,
    *,
    resource_id: str,
    label: str,
    maximum: float,
    resource_link_id: str = "",
) -> str:
    """The line item of ``resource_id`` in a course's gradebook, created when missing."""
    token = access_token(
        context, platform, ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"]
    )
    headers = {"Authorization": f"Bearer {token}"}
    try:
        found = _call(
            "GET",
            lineitems_url,
            params={"resource_id": resource_id},
            headers={**headers, "Accept": LINEITEMS_TYPE},
        )
        if found.status_code == 200:
            for item in found.json():
                if isinstance(item, dict) and item.get("resourceId") == resource_id:
                    return str(item["id"])
        body: dict[str, Any] = {
            "scoreMaximum": maximum,
            "label": label,
            "resourceId": resource_id,
        }
        if resource_link_id:
            body["resourceLinkId"] = resource_link_id
        created = _call(
            "POST",
            lineitems_url,
            content=json.dumps(body).encode(),
            headers={**headers, "Content-Type": LINEITEM_TYPE, "Accept": LINEITEM_TYPE},
        )
        if created.status_code not in (200, 201):
            raise ServiceError(
                f"colonne de notes refusée : HTTP {created.status_code} {created.text[:200]}"
            )
        return str(created.json()["id"])
    except (http.HttpRefused, ValueError, KeyError, TypeError, RecursionError) as error:
        raise ServiceError(f"colonne de notes : {error}") from None


_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def members(context: ServerContext, platform: Platform, url: str) -> list[dict[str, Any]]:
    """Every member of a course (NRPS, following the ``Link: rel="next"`` pages)."""
    token = access_token(
        context,
        platform,
        ["https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"],
    )
    found: list[dict[str, Any]] = []
    next_url: str | None = url
    try:
        for _ in range(_MAX_PAGES):
            if next_url is None:
                break
            response = _call(
                "GET",
                next_url,
                headers={"Authorization": f"Bearer {token}", "Accept": MEMBERS_TYPE},
            )
            if response.status_code != 200:
                raise ServiceError(f"participants : HTTP {response.status_code}")
            data = response.json()
            found += [m for m in data.get("members", []) if isinstance(m, dict)]
            link = _NEXT.search(response.headers.get("link", ""))
            next_url = link.group(1) if link else None
    except (http.HttpRefused, ValueError, AttributeError, RecursionError) as error:
        raise ServiceError(f"participants : {error}") from None
    return found
