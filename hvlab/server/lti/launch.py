"""OIDC third-party login initiation and the LTI launch: every check of the security framework.

1. The platform calls :func:`initiate_login` (``/lti/login``) with its issuer and a login hint;
   the tool remembers a random ``state`` (in the database, and in a cookie of the browser) with a
   random ``nonce``, and sends the browser to the platform's authorization URL.
2. The platform posts a signed ``id_token`` and the ``state`` back (``/lti/launch``);
   :func:`validate_launch` checks: the state (known, unexpired, used once, the browser's own), the
   signature (the platform's JWKS, refreshed on an unknown key id, RS256 only), ``iss``, ``aud``,
   ``azp``, ``exp``, ``iat``, the nonce (the one issued, never seen before), the deployment
   (registered), the message type and the LTI version, the subject and the roles.
"""

from __future__ import annotations

__all__ = ["Launch", "LoginRedirect", "forget_expired", "initiate_login", "validate_launch"]

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, JoseError

from hvlab.server.context import ServerContext
from hvlab.server.lti import claims
from hvlab.server.lti.errors import LtiError
from hvlab.server.lti.platforms import Platform, find_platform, get_platform, platform_key
from hvlab.server.store import IntegrityError, Transaction
from hvlab.server.text import clean_name
from hvlab.server.tokens import hash_token, new_token

STATE_LIFETIME_S = 600
_LEEWAY_S = 60
_MAX_AGE_S = 3600
_TELL_ADMIN = "Signalez-le à l'administrateur de la plateforme (Moodle) ou de hvlab."


@dataclass(frozen=True)
class LoginRedirect:
    """Where to send the browser, and the state to keep in its cookie."""

    url: str
    state: str


def initiate_login(
    context: ServerContext, params: dict[str, str], launch_url: str
) -> LoginRedirect:
    """Step 1: answer the platform's login initiation (blocking: database)."""
    issuer = params.get("iss", "")
    login_hint = params.get("login_hint", "")
    target = params.get("target_link_uri", "")
    if not issuer or not login_hint or not target:
        raise LtiError(
            "bad-login",
            "Demande de connexion LTI incomplète (iss, login_hint ou target_link_uri manquant). "
            + _TELL_ADMIN,
            f"paramètres reçus : {sorted(params)}",
        )
    with context.read() as tx:
        platform = find_platform(tx, issuer, params.get("client_id") or None)
    if platform is None:
        raise LtiError(
            "unknown-platform",
            "Cette plateforme n'est pas enregistrée dans hvlab. Demandez à l'administrateur de "
            "hvlab d'enregistrer la plateforme (identifiant de plateforme, identifiant du client, "
            "déploiement).",
            f"iss « {issuer[:200]} », client_id « {params.get('client_id', '')[:200]} »",
        )
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_ids:
        raise _unknown_deployment(platform, deployment)
    if not target.startswith(launch_url.rsplit("/lti/", 1)[0] + "/"):
        raise LtiError(
            "bad-target",
            "L'adresse de l'outil configurée dans la plateforme n'est pas celle de ce serveur "
            "hvlab. " + _TELL_ADMIN,
            f"target_link_uri « {target[:200]} »",
        )
    state = new_token()
    nonce = new_token()
    now = context.now()
    with context.write() as tx:
        tx.execute(
            "INSERT INTO lti_states (state_hash, nonce, platform_id, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (hash_token(state), nonce, platform.id, now + STATE_LIFETIME_S),
        )
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": launch_url,
        "login_hint": login_hint,
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_url else "?"
    return LoginRedirect(url=platform.auth_url + separator + urlencode(query), state=state)


def _unknown_deployment(platform: Platform, deployment: str) -> LtiError:
    return LtiError(
        "unknown-deployment",
        "Ce déploiement de l'outil n'est pas enregistré dans hvlab. Demandez à l'administrateur "
        "de hvlab d'ajouter l'identifiant de déploiement donné par la plateforme.",
        f"plateforme {platform.issuer}, deployment_id « {deployment[:200]} »",
    )


@dataclass(frozen=True)
class Launch:
    """A checked launch: who, from where, to do what."""

    platform: Platform
    message_type: str
    deployment_id: str
    subject: str
    name: str
    student_number: str
    roles: tuple[str, ...]
    is_teacher: bool
    context_id: str
    context_title: str
    resource_link_id: str
    custom: dict[str, str] = field(default_factory=dict)
    lineitem_url: str = ""
    lineitems_url: str = ""
    memberships_url: str = ""
    deep_linking: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)


def _refuse(kind: str, message: str, detail: str) -> LtiError:
    return LtiError(kind, message + " " + _TELL_ADMIN, detail)


def _consume_state(context: ServerContext, state: str, cookie_state: str | None) -> tuple[str, int]:
    if not state or len(state) > 200:
        raise _refuse(
            "bad-state", "Le lancement ne contient pas d'état (state) valide.", "state absent"
        )
    if not cookie_state or cookie_state != state:
        raise LtiError(
            "state-mismatch",
            "Le lancement ne correspond pas à une connexion commencée dans ce navigateur. Si "
            "l'activité s'ouvre dans un cadre de la page Moodle, demandez à l'administrateur de la "
            "régler pour qu'elle s'ouvre dans une nouvelle fenêtre, puis relancez-la.",
            "cookie d'état absent ou différent du paramètre state",
        )
    now = context.now()
    with context.write() as tx:
        row = tx.one(
            "DELETE FROM lti_states WHERE state_hash = ? RETURNING nonce, platform_id, expires_at",
            (hash_token(state),),
        )
    if row is None:
        raise _refuse(
            "unknown-state",
            "Ce lancement a déjà servi ou n'a pas été demandé par hvlab : relancez l'activité "
            "depuis la plateforme.",
            "state inconnu ou déjà utilisé",
        )
    if float(row["expires_at"]) < now:
        raise LtiError(
            "expired-state",
            "Le lancement a pris trop de temps : relancez l'activité depuis la plateforme.",
            "state expiré",
        )
    return str(row["nonce"]), int(row["platform_id"])


def _text(value: Any, limit: int = 255) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _object(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The claim ``name`` when it is a JSON object, else an empty one."""
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _student_number(data: dict[str, Any], subject: str) -> str:
    """The LMS's ID number when it shares it (``lis.person_sourcedid``), else ``lms-<sub>``."""
    lis = data.get(claims.LIS)
    sourced = _text(lis.get("person_sourcedid")) if isinstance(lis, dict) else ""
    if sourced and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", sourced):
        return sourced
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "-", subject)[:36]
    return f"lms-{cleaned}"


def validate_launch(
    context: ServerContext, id_token: str, state: str, cookie_state: str | None
) -> Launch:
    """Step 2: check everything the launch says (blocking: database, the platform's JWKS).

    Raises:
        LtiError: the first check that fails (French message, log detail).
    """
    nonce, platform_id = _consume_state(context, state, cookie_state)
    now = context.now()
    with context.read() as tx:
        platform = get_platform(tx, platform_id)
    if platform is None:
        raise _refuse(
            "unknown-platform", "La plateforme n'est plus enregistrée.", f"id {platform_id}"
        )
    try:
        compact = jws.extract_compact(id_token.encode("ascii"))
        header = compact.headers()
    except (JoseError, ValueError, UnicodeError):
        raise _refuse(
            "bad-token", "Le jeton de lancement (id_token) est illisible.", "JWS invalide"
        ) from None
    if header.get("alg") != "RS256":
        raise _refuse(
            "bad-algorithm",
            "Le jeton de lancement n'est pas signé en RS256.",
            f"alg {header.get('alg')!r}",
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _refuse(
            "bad-token",
            "Le jeton de lancement ne dit pas quelle clé l'a signé (kid).",
            "kid absent",
        )
    key = platform_key(context.database, platform, kid, now)
    try:
        token = jwt.decode(id_token, key, algorithms=["RS256"])
    except BadSignatureError:
        raise _refuse(
            "bad-signature",
            "La signature du jeton de lancement est fausse : il ne vient pas de la plateforme "
            "enregistrée.",
            f"signature invalide (kid {kid})",
        ) from None
    except (JoseError, ValueError):
        raise _refuse("bad-token", "Le jeton de lancement est illisible.", "JWT invalide") from None
    data: dict[str, Any] = dict(token.claims)
    if data.get("iss") != platform.issuer:
        raise _refuse(
            "bad-issuer",
            "Le jeton de lancement vient d'une autre plateforme.",
            f"iss {data.get('iss')!r}",
        )
    audience = data.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if platform.client_id not in audiences:
        raise _refuse(
            "bad-audience",
            "Le jeton de lancement est destiné à un autre outil (audience).",
            f"aud {audience!r}, client_id attendu {platform.client_id!r}",
        )
    azp = data.get("azp")
    if (len(audiences) > 1 and azp is None) or (azp is not None and azp != platform.client_id):
        raise _refuse(
            "bad-azp",
            "Le jeton de lancement a une partie autorisée (azp) incorrecte.",
            f"azp {azp!r}",
        )
    expires, issued = data.get("exp"), data.get("iat")
    if not isinstance(expires, (int, float)) or expires + _LEEWAY_S < now:
        raise LtiError(
            "expired",
            "Le jeton de lancement a expiré : relancez l'activité depuis la plateforme. Si cela "
            "se reproduit, l'horloge du serveur hvlab ou de la plateforme est peut-être fausse : "
            "signalez-le à l'administrateur.",
            f"exp {expires!r}, maintenant {now:.0f}",
        )
    if (
        not isinstance(issued, (int, float))
        or issued > now + _LEEWAY_S
        or issued < now - _MAX_AGE_S
    ):
        raise _refuse(
            "bad-iat", "La date d'émission du jeton de lancement est invalide.", f"iat {issued!r}"
        )
    if data.get("nonce") != nonce:
        raise _refuse(
            "bad-nonce",
            "Le jeton de lancement ne répond pas à cette connexion (nonce).",
            "nonce différent",
        )
    try:
        with context.write() as tx:
            tx.execute(
                "INSERT INTO lti_nonces (platform_id, nonce, expires_at) VALUES (?, ?, ?)",
                (platform.id, nonce, now + 2 * _MAX_AGE_S),
            )
    except IntegrityError:
        raise _refuse(
            "replayed-nonce", "Ce jeton de lancement a déjà été utilisé.", "nonce rejoué"
        ) from None
    deployment = data.get(claims.DEPLOYMENT_ID)
    if not isinstance(deployment, str) or deployment not in platform.deployment_ids:
        raise _unknown_deployment(platform, str(deployment))
    message_type = data.get(claims.MESSAGE_TYPE)
    if message_type not in (claims.RESOURCE_LINK_REQUEST, claims.DEEP_LINKING_REQUEST):
        raise _refuse(
            "bad-message",
            "Ce type de message LTI n'est pas pris en charge.",
            f"message_type {message_type!r}",
        )
    if data.get(claims.VERSION) != "1.3.0":
        raise _refuse(
            "bad-version",
            "Cette version de LTI n'est pas prise en charge (1.3.0 attendue).",
            f"version {data.get(claims.VERSION)!r}",
        )
    subject = _text(data.get("sub"))
    if not subject:
        raise _refuse(
            "no-subject", "Le lancement ne dit pas qui est l'utilisateur (sub).", "sub absent"
        )
    raw_roles = data.get(claims.ROLES)
    roles = tuple(r for r in raw_roles if isinstance(r, str)) if isinstance(raw_roles, list) else ()
    is_teacher = any(r in claims.TEACHER_ROLES for r in roles)
    if not is_teacher and not any(r in claims.STUDENT_ROLES for r in roles):
        raise LtiError(
            "no-role",
            "Votre rôle dans ce cours ne donne pas accès à hvlab (ni enseignant, ni étudiant). "
            "Demandez à l'enseignant du cours de vérifier votre inscription.",
            f"rôles reçus : {list(roles)[:10]}",
            status=403,
        )
    context_claim = _object(data, claims.CONTEXT)
    link = _object(data, claims.RESOURCE_LINK)
    custom_claim = _object(data, claims.CUSTOM)
    ags = _object(data, claims.AGS_ENDPOINT)
    nrps = _object(data, claims.NRPS)
    settings = data.get(claims.DEEP_LINKING_SETTINGS)
    if message_type == claims.DEEP_LINKING_REQUEST and not (
        isinstance(settings, dict) and _text(settings.get("deep_link_return_url"), 2000)
    ):
        raise _refuse(
            "bad-deep-linking",
            "La demande de sélection de contenu n'a pas d'adresse de retour.",
            "deep_link_return_url absent",
        )
    if message_type == claims.RESOURCE_LINK_REQUEST and not _text(link.get("id")):
        raise _refuse(
            "no-link",
            "Le lancement ne dit pas quelle activité est ouverte (resource_link).",
            "resource_link.id absent",
        )
    name = clean_name(_text(data.get("name"), 200)) or clean_name(
        " ".join(_text(data.get(key), 100) for key in ("given_name", "family_name"))
    )
    return Launch(
        platform=platform,
        message_type=str(message_type),
        deployment_id=deployment,
        subject=subject,
        name=name or f"Utilisateur {subject[:20]}",
        student_number=_student_number(data, subject),
        roles=roles,
        is_teacher=is_teacher,
        context_id=_text(context_claim.get("id")),
        context_title=_text(context_claim.get("title"), 200)
        or _text(context_claim.get("label"), 200),
        resource_link_id=_text(link.get("id")),
        custom={str(k): str(v)[:200] for k, v in custom_claim.items()},
        lineitem_url=_text(ags.get("lineitem"), 2000),
        lineitems_url=_text(ags.get("lineitems"), 2000),
        memberships_url=_text(nrps.get("context_memberships_url"), 2000),
        deep_linking=dict(settings) if isinstance(settings, dict) else {},
        claims=json.loads(json.dumps(data, default=str)),
    )


def forget_expired(tx: Transaction, now: float) -> None:
    """Delete expired login states, nonces and deep-linking requests."""
    tx.execute("DELETE FROM lti_states WHERE expires_at < ?", (now,))
    tx.execute("DELETE FROM lti_nonces WHERE expires_at < ?", (now,))
    tx.execute("DELETE FROM lti_deep_requests WHERE expires_at < ?", (now,))
