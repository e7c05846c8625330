"""Registered platforms (an LMS as seen by the tool), their deployments and their public keys.

A platform's public keys are fetched from its JWKS URL and kept in the database; an unknown key
id triggers one new fetch (the platform rotated its keys), at most every
:data:`REFRESH_INTERVAL_S` seconds.
"""

from __future__ import annotations

__all__ = [
    "Platform",
    "PlatformSettings",
    "delete_platform",
    "find_platform",
    "get_platform",
    "list_platforms",
    "moodle_endpoints",
    "platform_key",
    "platform_origins",
    "register_platform",
    "settings_from_values",
]

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from joserfc import jwk
from joserfc.errors import JoseError

from hvlab.server.lti import http
from hvlab.server.lti.errors import LtiError
from hvlab.server.store import IntegrityError, Transaction

REFRESH_INTERVAL_S = 30.0
_MAX_JWKS_BYTES = 256 * 1024
_TIMEOUT_S = 10.0
_MAX_KEYS = 50


@dataclass(frozen=True)
class PlatformSettings:
    """What identifies a platform (typed by an administrator, checked)."""

    name: str
    issuer: str
    client_id: str
    deployment_ids: tuple[str, ...]
    auth_url: str
    token_url: str
    jwks_url: str


@dataclass(frozen=True)
class Platform:
    """A registered platform."""

    id: int
    name: str
    issuer: str
    client_id: str
    auth_url: str
    token_url: str
    jwks_url: str
    deployment_ids: tuple[str, ...]


def moodle_endpoints(moodle_url: str) -> dict[str, str]:
    """The endpoints a Moodle 4.x site has for LTI 1.3 (``mod/lti/auth.php`` …)."""
    base = moodle_url.rstrip("/")
    return {
        "issuer": base,
        "auth_url": f"{base}/mod/lti/auth.php",
        "token_url": f"{base}/mod/lti/token.php",
        "jwks_url": f"{base}/mod/lti/certs.php",
    }


def _url(value: str, label: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > 500:
        raise LtiError(
            "bad-settings",
            f"« {label} » doit être une adresse http(s) complète (reçu « {text[:80]} »).",
        )
    return text


def settings_from_values(values: dict[str, str]) -> PlatformSettings:
    """Check what an administrator typed (form or command line); French errors."""
    name = values.get("name", "").strip() or "Plateforme"
    client_id = values.get("client_id", "").strip()
    if not client_id or len(client_id) > 255:
        raise LtiError("bad-settings", "L'identifiant du client (client_id) est obligatoire.")
    raw = values.get("deployment_ids", "")
    deployments = tuple(
        dict.fromkeys(d.strip() for d in raw.replace(",", "\n").splitlines() if d.strip())
    )
    if not deployments or any(len(d) > 255 for d in deployments):
        raise LtiError(
            "bad-settings", "Donnez au moins un identifiant de déploiement (deployment_id)."
        )
    return PlatformSettings(
        name=name[:200],
        issuer=_url(values.get("issuer", ""), "Identifiant de plateforme (issuer)"),
        client_id=client_id,
        deployment_ids=deployments,
        auth_url=_url(values.get("auth_url", ""), "URL de requête d'authentification"),
        token_url=_url(values.get("token_url", ""), "URL du jeton d'accès"),
        jwks_url=_url(values.get("jwks_url", ""), "URL du jeu de clés public"),
    )


def _from_row(tx: Transaction, row: dict[str, Any]) -> Platform:
    deployments = tx.all(
        "SELECT deployment_id FROM lti_deployments WHERE platform_id = ? ORDER BY deployment_id",
        (row["id"],),
    )
    return Platform(
        id=int(row["id"]),
        name=str(row["name"]),
        issuer=str(row["issuer"]),
        client_id=str(row["client_id"]),
        auth_url=str(row["auth_url"]),
        token_url=str(row["token_url"]),
        jwks_url=str(row["jwks_url"]),
        deployment_ids=tuple(str(d["deployment_id"]) for d in deployments),
    )


_COLUMNS = "id, name, issuer, client_id, auth_url, token_url, jwks_url"


def register_platform(tx: Transaction, settings: PlatformSettings, now: float) -> Platform:
    """Register a platform, or update the one with the same issuer and client id."""
    row = tx.one(
        f"SELECT {_COLUMNS} FROM lti_platforms WHERE issuer = ? AND client_id = ?",
        (settings.issuer, settings.client_id),
    )
    if row is None:
        try:
            row = tx.one(
                "INSERT INTO lti_platforms (name, issuer, client_id, auth_url, token_url,"
                f" jwks_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
                (
                    settings.name,
                    settings.issuer,
                    settings.client_id,
                    settings.auth_url,
                    settings.token_url,
                    settings.jwks_url,
                    now,
                ),
            )
        except IntegrityError:
            raise LtiError("bad-settings", "Cette plateforme est déjà enregistrée.") from None
    else:
        tx.execute(
            "UPDATE lti_platforms SET name = ?, auth_url = ?, token_url = ?, jwks_url = ?"
            " WHERE id = ?",
            (settings.name, settings.auth_url, settings.token_url, settings.jwks_url, row["id"]),
        )
        tx.execute("DELETE FROM lti_platform_keys WHERE platform_id = ?", (row["id"],))
    assert row is not None
    tx.execute("DELETE FROM lti_deployments WHERE platform_id = ?", (row["id"],))
    for deployment in settings.deployment_ids:
        tx.execute(
            "INSERT INTO lti_deployments (platform_id, deployment_id) VALUES (?, ?)",
            (row["id"], deployment),
        )
    platform = get_platform(tx, int(row["id"]))
    assert platform is not None
    return platform


def get_platform(tx: Transaction, platform_id: int) -> Platform | None:
    row = tx.one(f"SELECT {_COLUMNS} FROM lti_platforms WHERE id = ?", (platform_id,))
    return _from_row(tx, row) if row else None


def find_platform(tx: Transaction, issuer: str, client_id: str | None) -> Platform | None:
    """The platform of ``issuer`` (and ``client_id``; optional when the issuer has only one)."""
    if client_id:
        row = tx.one(
            f"SELECT {_COLUMNS} FROM lti_platforms WHERE issuer = ? AND client_id = ?",
            (issuer, client_id),
        )
        return _from_row(tx, row) if row else None
    rows = tx.all(f"SELECT {_COLUMNS} FROM lti_platforms WHERE issuer = ?", (issuer,))
    return _from_row(tx, rows[0]) if len(rows) == 1 else None


def list_platforms(tx: Transaction) -> list[Platform]:
    rows = tx.all(f"SELECT {_COLUMNS} FROM lti_platforms ORDER BY name, id")
    return [_from_row(tx, row) for row in rows]


def platform_origins(tx: Transaction) -> list[str]:
    """The origins of every registered platform's pages (issuer and authorization URL)."""
    found: set[str] = set()
    for row in tx.all("SELECT issuer, auth_url FROM lti_platforms"):
        for url in (row["issuer"], row["auth_url"]):
            parts = urlsplit(str(url))
            if parts.scheme in ("http", "https") and parts.netloc:
                found.add(f"{parts.scheme}://{parts.netloc}".lower())
    return sorted(found)


def delete_platform(tx: Transaction, platform_id: int) -> None:
    tx.execute("DELETE FROM lti_platforms WHERE id = ?", (platform_id,))


def _cached_key(tx: Transaction, platform_id: int, kid: str) -> jwk.RSAKey | None:
    row = tx.one(
        "SELECT jwk FROM lti_platform_keys WHERE platform_id = ? AND kid = ?", (platform_id, kid)
    )
    if row is None:
        return None
    return jwk.RSAKey.import_key(json.loads(row["jwk"]))


def fetch_jwks(url: str) -> list[dict[str, Any]]:
    """The keys of a JWKS URL (bounded in destination, time and size: :mod:`.http`)."""
    try:
        response = http.call(
            "GET",
            url,
            headers={"Accept": "application/json"},
            max_bytes=_MAX_JWKS_BYTES,
            deadline_s=_TIMEOUT_S,
        )
    except http.HttpRefused as error:
        raise LtiError(
            "jwks-unreachable",
            "Les clés publiques de la plateforme sont injoignables : la signature du lancement "
            "ne peut pas être vérifiée. Signalez-le à l'administrateur de la plateforme.",
            f"GET {url} : {error}",
            status=502,
        ) from None
    if response.status_code != 200:
        raise LtiError(
            "jwks-unreachable",
            "Les clés publiques de la plateforme sont illisibles : la signature du lancement ne "
            "peut pas être vérifiée. Signalez-le à l'administrateur de la plateforme.",
            f"GET {url} : HTTP {response.status_code}, {len(response.content)} octets",
            status=502,
        )
    try:
        keys = response.json()["keys"]
        assert isinstance(keys, list)
    except (ValueError, KeyError, TypeError, AssertionError, RecursionError):
        raise LtiError(
            "jwks-unreadable",
            "Les clés publiques de la plateforme sont illisibles. Signalez-le à l'administrateur "
            "de la plateforme.",
            f"GET {url} : pas un JWKS",
            status=502,
        ) from None
    return [k for k in keys[:_MAX_KEYS] if isinstance(k, dict)]


def platform_key(database: Any, platform: Platform, kid: str, now: float) -> jwk.RSAKey:
    """The platform's public key ``kid``: from the cache, else from a fresh JWKS fetch.

    Raises:
        LtiError: the key is not in the platform's key set (French message).
    """
    with database.transaction(write=False) as tx:
        key = _cached_key(tx, platform.id, kid)
        newest = tx.one(
            "SELECT MAX(fetched_at) AS fetched FROM lti_platform_keys WHERE platform_id = ?",
            (platform.id,),
        )
    if key is not None:
        return key
    fetched = float(newest["fetched"]) if newest and newest["fetched"] is not None else 0.0
    if now - fetched >= REFRESH_INTERVAL_S or fetched == 0.0:
        found = fetch_jwks(platform.jwks_url)
        with database.transaction() as tx:
            for item in found:
                if item.get("kty") != "RSA" or not isinstance(item.get("kid"), str):
                    continue
                try:
                    public = jwk.RSAKey.import_key(item)
                except (JoseError, ValueError, TypeError):
                    continue
                tx.execute(
                    "INSERT INTO lti_platform_keys (platform_id, kid, jwk, fetched_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (platform_id, kid) DO UPDATE SET"
                    " jwk = excluded.jwk, fetched_at = excluded.fetched_at",
                    (platform.id, item["kid"], json.dumps(public.as_dict(private=False)), now),
                )
            key = _cached_key(tx, platform.id, kid)
        if key is not None:
            return key
    raise LtiError(
        "unknown-key",
        "La signature du lancement utilise une clé que la plateforme ne publie pas. Signalez-le "
        "à l'administrateur de la plateforme (clés de l'outil externe).",
        f"kid « {kid[:80]} » absent de {platform.jwks_url}",
    )
