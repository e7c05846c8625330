"""Random tokens and identifiers: session tokens, public ids, join codes.

Tokens come from :mod:`secrets`; only their SHA-256 is stored, so a copy of the database does not
open anyone's session. Public ids (in URLs) are random too, never a row number: guessing the next
attempt's address gives nothing.
"""

from __future__ import annotations

__all__ = [
    "JOIN_CODE_ALPHABET",
    "format_join_code",
    "hash_token",
    "new_join_code",
    "new_public_id",
    "new_token",
    "normalize_join_code",
    "same_token",
]

import hashlib
import hmac
import secrets

#: Join codes avoid letters and digits that read alike (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_JOIN_CODE_LENGTH = 8


def new_token() -> str:
    """A session or CSRF token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two tokens (False when either is missing)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def new_public_id() -> str:
    """An identifier for URLs: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def new_join_code() -> str:
    """An 8-character join code (31⁸ ≈ 8,5 × 10¹¹ codes), e.g. ``K7QM4TZP``."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(_JOIN_CODE_LENGTH))


def format_join_code(code: str) -> str:
    """The code as shown to people: ``K7QM-4TZP``."""
    return f"{code[:4]}-{code[4:]}" if len(code) == _JOIN_CODE_LENGTH else code


def normalize_join_code(typed: str) -> str:
    """What a student typed → the stored code (case, spaces and dashes ignored).

    Returns "" when the text cannot be a join code.
    """
    code = "".join(ch for ch in typed.upper() if ch not in " -\u00a0\u202f\t")
    if len(code) != _JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return ""
    return code
