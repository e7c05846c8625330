"""Teacher accounts and browser sessions (teachers' and students')."""

from __future__ import annotations

__all__ = [
    "Session",
    "Teacher",
    "create_session",
    "create_teacher",
    "delete_expired_sessions",
    "delete_session",
    "find_teacher",
    "get_teacher",
    "list_teachers",
    "load_session",
    "set_password",
]

from dataclasses import dataclass

from hvlab.server.store.database import Row, Transaction
from hvlab.server.tokens import hash_token, new_token


@dataclass(frozen=True)
class Teacher:
    """A teacher account (the password hash never leaves the store)."""

    id: int
    username: str
    display_name: str
    active: bool

    @classmethod
    def from_row(cls, row: Row) -> Teacher:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            display_name=str(row["display_name"]),
            active=bool(row["active"]),
        )


@dataclass(frozen=True)
class Session:
    """A browser session.

    Attributes:
        token_hash: SHA-256 of the cookie's token (identifies the session in the database).
        csrf_token: the token every state-changing request of this session must carry.
        teacher_id: the logged-in teacher, None for a student's session.
        expires_at: end of validity (epoch seconds).
    """

    token_hash: str
    csrf_token: str
    teacher_id: int | None
    expires_at: float


def create_teacher(
    tx: Transaction, username: str, display_name: str, password_hash: str, now: float
) -> Teacher:
    """Insert a teacher (raises IntegrityError when the username is taken)."""
    row = tx.one(
        "INSERT INTO teachers (username, display_name, password_hash, created_at)"
        " VALUES (?, ?, ?, ?) RETURNING id, username, display_name, active",
        (username, display_name, password_hash, now),
    )
    assert row is not None
    return Teacher.from_row(row)


def set_password(tx: Transaction, username: str, password_hash: str) -> bool:
    """Replace a teacher's password hash; False when there is no such teacher."""
    return (
        tx.execute(
            "UPDATE teachers SET password_hash = ? WHERE username = ?", (password_hash, username)
        )
        > 0
    )


def find_teacher(tx: Transaction, username: str) -> tuple[Teacher, str] | None:
    """The active teacher with this username and their password hash, or None."""
    row = tx.one(
        "SELECT id, username, display_name, active, password_hash FROM teachers"
        " WHERE username = ? AND active = 1",
        (username,),
    )
    return (Teacher.from_row(row), str(row["password_hash"])) if row else None


def get_teacher(tx: Transaction, teacher_id: int) -> Teacher | None:
    """The active teacher with this id, or None."""
    row = tx.one(
        "SELECT id, username, display_name, active FROM teachers WHERE id = ? AND active = 1",
        (teacher_id,),
    )
    return Teacher.from_row(row) if row else None


def list_teachers(tx: Transaction) -> list[Teacher]:
    """Every teacher, by username."""
    rows = tx.all("SELECT id, username, display_name, active FROM teachers ORDER BY username")
    return [Teacher.from_row(row) for row in rows]


def create_session(
    tx: Transaction, teacher_id: int | None, now: float, lifetime_s: float
) -> tuple[str, Session]:
    """Open a session; returns the cookie's token (shown once, never stored) and the session."""
    token = new_token()
    session = Session(
        token_hash=hash_token(token),
        csrf_token=new_token(),
        teacher_id=teacher_id,
        expires_at=now + lifetime_s,
    )
    tx.execute(
        "INSERT INTO web_sessions (token_hash, teacher_id, csrf_token, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (session.token_hash, teacher_id, session.csrf_token, now, session.expires_at),
    )
    return token, session


def load_session(tx: Transaction, token: str, now: float) -> Session | None:
    """The unexpired session of a cookie's token, or None."""
    row = tx.one(
        "SELECT token_hash, csrf_token, teacher_id, expires_at FROM web_sessions"
        " WHERE token_hash = ? AND expires_at > ?",
        (hash_token(token), now),
    )
    if row is None:
        return None
    teacher = row["teacher_id"]
    return Session(
        token_hash=str(row["token_hash"]),
        csrf_token=str(row["csrf_token"]),
        teacher_id=int(teacher) if teacher is not None else None,
        expires_at=float(row["expires_at"]),
    )


def delete_session(tx: Transaction, token_hash: str) -> None:
    """Close a session (logout)."""
    tx.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))


def delete_expired_sessions(tx: Transaction, now: float) -> int:
    """Forget expired sessions; returns how many."""
    return tx.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (now,))
