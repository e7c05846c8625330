"""Teacher passwords, hashed with Argon2id (argon2-cffi, RFC 9106 parameters).

A login for an unknown account still runs one hash, so that the answer time does not tell which
accounts exist.
"""

from __future__ import annotations

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "check_new_password",
    "hash_password",
    "set_cost",
    "verify_password",
]

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
_MAX_PASSWORD_LENGTH = 1024
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("hvlab: no such account")


def set_cost(*, time_cost: int, memory_cost_kib: int, parallelism: int) -> None:
    """Change the Argon2 cost of new hashes (the test suite lowers it; stored hashes keep theirs).

    The default is argon2-cffi's: RFC 9106's second recommended option (t=3, 64 Mio, p=4).
    """
    global _HASHER, _DUMMY_HASH
    _HASHER = PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=parallelism
    )
    _DUMMY_HASH = _HASHER.hash("hvlab: no such account")


def hash_password(password: str) -> str:
    """The Argon2id hash (PHC string) of ``password``."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (None: unknown account, still one hash)."""
    if len(password) > _MAX_PASSWORD_LENGTH:
        return False
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> str:
    """A French problem with a new password, or "" when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères"
    if len(password) > _MAX_PASSWORD_LENGTH:
        return f"le mot de passe doit compter au plus {_MAX_PASSWORD_LENGTH} caractères"
    return ""
