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
    "replace_session",
    "set_admin",
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
    is_admin: bool = False

    @property
    def from_lms(self) -> bool:
        """Whether an LMS launch opened the account (no password; never an administrator)."""
        return self.username.startswith("lti:")

    @classmethod
    def from_row(cls, row: Row) -> Teacher:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            display_name=str(row["display_name"]),
            active=bool(row["active"]),
            is_admin=bool(row["is_admin"]),
        )


@dataclass(frozen=True)
class Session:
    """A browser session.

    Attributes:
        token_hash: SHA-256 of the cookie's token (identifies the session in the database).
        csrf_token: the token every state-changing request of this session must carry.
        teacher_id: the logged-in teacher, None for a student's session.
        expires_at: end of validity (epoch seconds).
        platform_id: the LTI platform whose launch opened the session (its pages may be framed
            by that platform only), None otherwise.
        platform_urls: that platform's issuer and authorization URLs (where its pages are).
    """

    token_hash: str
    csrf_token: str
    teacher_id: int | None
    expires_at: float
    platform_id: int | None = None
    platform_urls: tuple[str, ...] = ()


def create_teacher(
    tx: Transaction, username: str, display_name: str, password_hash: str, now: float
) -> Teacher:
    """Insert a teacher (raises IntegrityError when the username is taken)."""
    row = tx.one(
        "INSERT INTO teachers (username, display_name, password_hash, created_at)"
        " VALUES (?, ?, ?, ?) RETURNING id, username, display_name, active, is_admin",
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
        "SELECT id, username, display_name, active, is_admin, password_hash FROM teachers"
        " WHERE username = ? AND active = 1",
        (username,),
    )
    return (Teacher.from_row(row), str(row["password_hash"])) if row else None


def get_teacher(tx: Transaction, teacher_id: int) -> Teacher | None:
    """The active teacher with this id, or None."""
    row = tx.one(
        "SELECT id, username, display_name, active, is_admin FROM teachers"
        " WHERE id = ? AND active = 1",
        (teacher_id,),
    )
    return Teacher.from_row(row) if row else None


def list_teachers(tx: Transaction) -> list[Teacher]:
    """Every teacher, by username."""
    rows = tx.all(
        "SELECT id, username, display_name, active, is_admin FROM teachers ORDER BY username"
    )
    return [Teacher.from_row(row) for row in rows]


def set_admin(tx: Transaction, username: str, admin: bool) -> bool:
    """Grant or withdraw the administrator role; False when there is no such password account."""
    return (
        tx.execute(
            "UPDATE teachers SET is_admin = ? WHERE username = ? AND password_hash <> '!'",
            (int(admin), username),
        )
        > 0
    )


def create_session(
    tx: Transaction,
    teacher_id: int | None,
    now: float,
    lifetime_s: float,
    *,
    platform_id: int | None = None,
) -> tuple[str, Session]:
    """Open a session; returns the cookie's token (shown once, never stored) and the session."""
    token = new_token()
    session = Session(
        token_hash=hash_token(token),
        csrf_token=new_token(),
        teacher_id=teacher_id,
        expires_at=now + lifetime_s,
        platform_id=platform_id,
    )
    tx.execute(
        "INSERT INTO web_sessions (token_hash, teacher_id, csrf_token, created_at, expires_at,"
        " platform_id) VALUES (?, ?, ?, ?, ?, ?)",
        (session.token_hash, teacher_id, session.csrf_token, now, session.expires_at, platform_id),
    )
    return token, session


def replace_session(
    tx: Transaction, old: Session | None, now: float, lifetime_s: float
) -> tuple[str, Session]:
    """A new session that takes over ``old``'s teacher, platform and attempts; ``old`` ends.

    Called when a student joins: whatever token the browser carried before (perhaps one an
    attacker planted in it) no longer opens anything afterwards (session fixation).
    """
    token, session = create_session(
        tx,
        old.teacher_id if old else None,
        now,
        lifetime_s,
        platform_id=old.platform_id if old else None,
    )
    if old is not None:
        tx.execute(
            "UPDATE attempts SET owner_session = ? WHERE owner_session = ?",
            (session.token_hash, old.token_hash),
        )
        delete_session(tx, old.token_hash)
    return token, session


def load_session(tx: Transaction, token: str, now: float) -> Session | None:
    """The unexpired session of a cookie's token, or None."""
    row = tx.one(
        "SELECT s.token_hash, s.csrf_token, s.teacher_id, s.expires_at, s.platform_id,"
        " p.issuer, p.auth_url FROM web_sessions s"
        " LEFT JOIN lti_platforms p ON p.id = s.platform_id"
        " WHERE s.token_hash = ? AND s.expires_at > ?",
        (hash_token(token), now),
    )
    if row is None:
        return None
    teacher = row["teacher_id"]
    platform = row["platform_id"]
    return Session(
        token_hash=str(row["token_hash"]),
        csrf_token=str(row["csrf_token"]),
        teacher_id=int(teacher) if teacher is not None else None,
        expires_at=float(row["expires_at"]),
        platform_id=int(platform) if platform is not None else None,
        platform_urls=tuple(str(row[k]) for k in ("issuer", "auth_url") if row[k]),
    )


def delete_session(tx: Transaction, token_hash: str) -> None:
    """Close a session (logout)."""
    tx.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))


def delete_expired_sessions(tx: Transaction, now: float) -> int:
    """Forget expired sessions; returns how many."""
    return tx.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (now,))
