"""One small database layer over SQLite (standard library) and PostgreSQL (psycopg 3).

Every query of the server goes through :class:`Database.transaction`, which yields a
:class:`Transaction` with three methods (``execute``, ``one``, ``all``). SQL is written once, with
``?`` placeholders and portable syntax (``INSERT … ON CONFLICT … DO UPDATE``, ``RETURNING``);
for PostgreSQL the placeholders become ``%s``. Values are always passed as parameters: no SQL is
ever built from user input.

SQLite runs in WAL mode (readers do not block the writer), with a busy timeout so that concurrent
writers queue instead of failing, and write transactions start with ``BEGIN IMMEDIATE`` so that two
of them never deadlock on a lock upgrade. PostgreSQL connections come from a ``psycopg_pool``
pool; several processes (or hosts) may share one database.
"""

from __future__ import annotations

__all__ = ["Database", "DatabaseError", "IntegrityError", "Row", "Transaction", "open_database"]

import queue
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

from hvlab.errors import HvlabError

#: A result row: column name → value.
Row = dict[str, Any]
Dialect = Literal["sqlite", "postgresql"]

_SQLITE_BUSY_TIMEOUT_MS = 15_000


class DatabaseError(HvlabError):
    """The database cannot be opened or used (French message naming the address)."""


class IntegrityError(HvlabError):
    """A uniqueness or foreign-key constraint refused a write (the caller decides what it means)."""


class Transaction(Protocol):
    """The three operations a repository function may use inside a transaction."""

    dialect: Dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return the number of rows it changed."""

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query."""


class Database(Protocol):
    """A connection pool that hands out transactions."""

    dialect: Dialect
    url: str

    def transaction(self, *, write: bool = True) -> Any:
        """Context manager yielding a :class:`Transaction`; commits on success."""

    def lock_for_migrations(self) -> Any:
        """Context manager yielding a transaction that holds the migration lock (all processes)."""

    def close(self) -> None:
        """Close every pooled connection."""


def open_database(url: str, *, pool_size: int = 8) -> Database:
    """Open the database at ``url``: a SQLite file path (or ``sqlite:///path``) or a PostgreSQL URL.

    Args:
        url: ``hvlab.db``, ``sqlite:///var/lib/hvlab/hvlab.db``, ``postgresql://user@host/db``.
        pool_size: connections kept per process.

    Raises:
        DatabaseError: the address is not understood or the database cannot be reached (French).
    """
    if url.startswith(("postgresql://", "postgres://")):
        return _PostgresDatabase(url, pool_size=pool_size)
    if "://" in url and not url.startswith("sqlite://"):
        raise DatabaseError(
            f"adresse de base de données non reconnue : « {_redact(url)} ». Donnez un fichier "
            "SQLite (hvlab.db) ou une adresse postgresql://utilisateur@hôte/base."
        )
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return _SqliteDatabase(path, pool_size=pool_size)


def _redact(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class _SqliteTransaction:
    dialect: Dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            cursor = self._connection.execute(sql, tuple(params))
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from None
        return cursor.rowcount

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        try:
            cursor = self._connection.execute(sql, tuple(params))
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error)) from None
        row = cursor.fetchone()
        cursor.close()
        return dict(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._connection.execute(sql, tuple(params))
        return [dict(row) for row in cursor.fetchall()]


class _SqliteDatabase:
    """SQLite file in WAL mode, with a small pool of connections shared by the threads."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str, *, pool_size: int) -> None:
        self.path = path
        self.url = path
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._created = 0
        self._size = max(1, pool_size)
        self._lock = threading.Lock()
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._release(self._connect())
        except (OSError, sqlite3.Error) as error:
            raise DatabaseError(
                f"impossible d'ouvrir la base SQLite « {path} » : {error}. Vérifiez que le "
                "dossier existe et que le serveur a le droit d'y écrire."
            ) from None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path,
            timeout=_SQLITE_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a commit survives a crash of the process (SIGKILL); only a power cut may
        # lose the last transactions. FULL would fsync every answer save.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        with self._lock:
            self._created += 1
        return connection

    def _acquire(self) -> sqlite3.Connection:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            return self._connect()

    def _release(self, connection: sqlite3.Connection) -> None:
        if self._pool.qsize() < self._size:
            self._pool.put(connection)
        else:
            connection.close()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[_SqliteTransaction]:
        connection = self._acquire()
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _SqliteTransaction(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise DatabaseError(f"erreur de la base SQLite « {self.path} » : {error}") from None
        finally:
            self._release(connection)

    @contextmanager
    def lock_for_migrations(self) -> Iterator[_SqliteTransaction]:
        connection = self._acquire()
        try:
            # EXCLUSIVE: no other process reads a half-migrated schema.
            connection.execute("BEGIN EXCLUSIVE")
            try:
                yield _SqliteTransaction(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            self._release(connection)

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                break


_PG_MIGRATION_LOCK = 0x68766C6162  # "hvlab": one advisory lock id for the schema migrations


class _PostgresTransaction:
    dialect: Dialect = "postgresql"

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        import psycopg

        try:
            return self._connection.execute(_to_psycopg(sql), tuple(params))
        except psycopg.errors.IntegrityError as error:
            raise IntegrityError(str(error)) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self._run(sql, params).rowcount)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row = self._run(sql, params).fetchone()
        return dict(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(row) for row in self._run(sql, params).fetchall()]


_PLACEHOLDERS: dict[str, str] = {}


def _to_psycopg(sql: str) -> str:
    """``?`` placeholders → ``%s`` (and a literal ``%`` doubled), cached per statement."""
    converted = _PLACEHOLDERS.get(sql)
    if converted is None:
        converted = sql.replace("%", "%%").replace("?", "%s")
        _PLACEHOLDERS[sql] = converted
    return converted


class _PostgresDatabase:
    """PostgreSQL through a psycopg 3 connection pool."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int) -> None:
        import psycopg
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.url = _redact(url)
        try:
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=max(1, pool_size),
                kwargs={"row_factory": dict_row, "autocommit": False},
                open=False,
                timeout=30,
                name="hvlab",
            )
            self._pool.open(wait=True, timeout=15)
        except (psycopg.Error, PoolTimeout) as error:
            raise DatabaseError(
                f"impossible de joindre PostgreSQL à « {self.url} » : {error}. Vérifiez l'adresse, "
                "l'utilisateur et que le serveur PostgreSQL accepte les connexions."
            ) from None

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[_PostgresTransaction]:
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection() as connection, connection.transaction():
                yield _PostgresTransaction(connection)
        except (psycopg.OperationalError, PoolTimeout) as error:
            raise DatabaseError(f"erreur de PostgreSQL ({self.url}) : {error}") from None

    @contextmanager
    def lock_for_migrations(self) -> Iterator[_PostgresTransaction]:
        with self._pool.connection() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_MIGRATION_LOCK,))
            yield _PostgresTransaction(connection)

    def close(self) -> None:
        self._pool.close()
