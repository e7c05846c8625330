"""The tool's RSA key pairs: created on first need, rotated on demand, published as a JWKS.

The newest active key signs (deep-linking responses, client assertions). Rotation makes a new
active key and retires the others: a retired key stays in the public key set for
:data:`RETIRED_PUBLISHED_S`, so that a platform can still check what it signed, then disappears.
The private keys live in the database (readable by the server only, as its sessions are).
"""

from __future__ import annotations

__all__ = ["RETIRED_PUBLISHED_S", "public_jwks", "rotate", "signing_key"]

import json
import secrets
from typing import Any

from joserfc import jwk

from hvlab.server.store import Transaction

#: How long a retired key is still published (7 days).
RETIRED_PUBLISHED_S = 7 * 24 * 3600
_KEY_BITS = 2048


def _new_key(tx: Transaction, now: float) -> jwk.RSAKey:
    kid = f"hvlab-{int(now)}-{secrets.token_hex(4)}"
    key = jwk.RSAKey.generate_key(_KEY_BITS, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
    tx.execute(
        "INSERT INTO lti_keys (kid, private_jwk, created_at, active) VALUES (?, ?, ?, 1)",
        (kid, json.dumps(key.as_dict(private=True)), now),
    )
    return key


def signing_key(tx: Transaction, now: float) -> jwk.RSAKey:
    """The newest active key (created when there is none)."""
    row = tx.one(
        "SELECT private_jwk FROM lti_keys WHERE active = 1 ORDER BY created_at DESC, kid LIMIT 1"
    )
    if row is None:
        return _new_key(tx, now)
    return jwk.RSAKey.import_key(json.loads(row["private_jwk"]))


def rotate(tx: Transaction, now: float) -> str:
    """Retire the active keys (still published for a week) and make a new one; returns its kid."""
    tx.execute(
        "UPDATE lti_keys SET active = 0, published_until = ? WHERE active = 1",
        (now + RETIRED_PUBLISHED_S,),
    )
    key = _new_key(tx, now)
    return str(key.kid)


def public_jwks(tx: Transaction, now: float) -> dict[str, Any]:
    """The public key set: active keys and recently retired ones (private parts never)."""
    signing_key(tx, now)
    rows = tx.all(
        "SELECT private_jwk FROM lti_keys WHERE active = 1 OR published_until > ?"
        " ORDER BY created_at DESC",
        (now,),
    )
    keys = []
    for row in rows:
        key = jwk.RSAKey.import_key(json.loads(row["private_jwk"]))
        keys.append(dict(key.as_dict(private=False)))
    return {"keys": keys}
