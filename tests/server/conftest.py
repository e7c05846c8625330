"""Fixtures of the server tests: a database of each kind (SQLite file, real PostgreSQL).

PostgreSQL: one throwaway cluster per test session (``pgcluster.running_cluster``), a template
database migrated once, and a fresh copy of it per test (``CREATE DATABASE … TEMPLATE``, a file
copy). The PostgreSQL tests skip when the binaries are absent, and fail under CI=true.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from tests.conftest import require
from tests.server.pgcluster import Cluster, find_bindir, running_cluster

_TEMPLATE = "hvlab_template"
_numbers = itertools.count(1)

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Argon2 at its lowest cost in tests (a login per test; the default costs ~0,1 s of CPU)."""
    from argon2 import PasswordHasher

    from hvlab.server import passwords

    passwords.set_cost(time_cost=1, memory_cost_kib=1024, parallelism=1)
    yield
    default = PasswordHasher()
    passwords.set_cost(
        time_cost=default.time_cost,
        memory_cost_kib=default.memory_cost,
        parallelism=default.parallelism,
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster for the session, with a migrated template database."""
    require(
        find_bindir() is not None,
        "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)",
    )
    from hvlab.server.store import migrate, open_database

    with running_cluster() as cluster:
        cluster.sql(f"CREATE DATABASE {_TEMPLATE}")
        database = open_database(cluster.url(_TEMPLATE), pool_size=1)
        migrate(database)
        database.close()
        yield cluster


def fresh_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, migrated-or-empty database of ``backend`` for one test."""
    if backend == "sqlite":
        return str(tmp_path / "hvlab.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = f"hvlab_test_{next(_numbers)}"
    cluster.sql(f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE}")
    request.addfinalizer(lambda: cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    return cluster.url(name)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of a fresh database, once per backend."""
    return fresh_database_url(request.param, request, tmp_path)


QUIZZES = Path(__file__).resolve().parent / "quizzes"
PASSWORD = "mot-de-passe-de-test"
_CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')
_CSRF_DATA = re.compile(r'data-hvlab-csrf="([^"]+)"')
_API = re.compile(r'data-hvlab-api="([^"]+)"')
#: What a CSP without 'unsafe-inline' forbids in a page: inline scripts, handlers, styles, URLs.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|javascript:", re.IGNORECASE
)


class ManualClock:
    """The server's clock in a test: it moves only when the test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Person:
    """One browser (its own cookies) talking to the server."""

    client: TestClient
    csrf: str = ""
    attempt: str = ""

    def form_token(self, path: str) -> str:
        page = self.client.get(path)
        assert page.status_code == 200, page.text
        match = _CSRF_FIELD.search(page.text)
        assert match, f"no csrf field in {path}"
        return match.group(1)

    def post_form(self, path: str, data: dict[str, Any], *, token: str | None = None) -> Any:
        return self.client.post(
            path, data={"csrf": token if token is not None else self.csrf, **data}
        )

    def login(self, username: str = "prof", password: str = PASSWORD) -> Any:
        token = self.form_token("/enseignant/connexion")
        response = self.post_form(
            "/enseignant/connexion", {"username": username, "password": password}, token=token
        )
        assert response.status_code == 303, response.text
        self.csrf = self.form_token("/enseignant/nouvelle")
        return response

    def create_evaluation(self, quiz_id: str = "serveur-test", **fields: Any) -> str:
        data = {
            "quiz_id": quiz_id,
            "title": fields.pop("title", "Évaluation de test"),
            "opens_at": fields.pop("opens_at", "2027-01-15T08:00"),
            "closes_at": fields.pop("closes_at", "2027-01-15T12:00"),
            "duration_min": str(fields.pop("duration_min", 0)),
            "max_attempts": str(fields.pop("max_attempts", 1)),
            "show_score": fields.pop("show_score", "after_close"),
            "show_feedback": fields.pop("show_feedback", "after_close"),
            "show_answers": fields.pop("show_answers", "after_close"),
        }
        assert not fields, fields
        response = self.post_form("/enseignant/nouvelle", data)
        assert response.status_code == 303, response.text
        return response.headers["location"].split("/e/")[1].split("?")[0]

    def join(self, code: str, number: str, name: str) -> Any:
        token = self.form_token("/rejoindre")
        response = self.post_form(
            "/rejoindre",
            {"code": code, "student_number": number, "student_name": name},
            token=token,
        )
        if response.status_code == 303:
            page = self.client.get(response.headers["location"])
            assert page.status_code == 200, page.text
            self.csrf = _CSRF_DATA.search(page.text).group(1)  # type: ignore[union-attr]
            self.attempt = _API.search(page.text).group(1)  # type: ignore[union-attr]
        return response

    def state(self) -> dict[str, Any]:
        response = self.client.get(self.attempt)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.request(
            method, self.attempt + path, json=body or {}, headers={"X-CSRF-Token": self.csrf}
        )

    def save(self, question: str, response: Any, seq: int, final: bool = False) -> Any:
        return self.api(
            "PUT", f"/answers/{question}", {"response": response, "seq": seq, "final": final}
        )


@dataclass
class Server:
    """An application under test, its clock and its database."""

    app: Any
    clock: ManualClock
    database_url: str
    quizzes: Path

    def person(self, base_url: str = "http://testserver") -> Person:
        return Person(TestClient(self.app, base_url=base_url, follow_redirects=False))

    def teacher(self, username: str = "prof") -> Person:
        person = self.person()
        person.login(username)
        return person

    def code(self, evaluation: str) -> str:
        context = self.app.state.context
        with context.read() as tx:
            row = tx.one("SELECT join_code FROM evaluations WHERE public_id = ?", (evaluation,))
        return str(row["join_code"])

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self.app.state.context.read() as tx:
            return tx.all(statement, params)


def add_teacher(
    app: Any, username: str = "prof", password: str = PASSWORD, *, admin: bool = False
) -> None:
    from hvlab.server.passwords import hash_password
    from hvlab.server.store import accounts

    with app.state.context.write() as tx:
        accounts.create_teacher(tx, username, username.title(), hash_password(password), 0.0)
        if admin:
            accounts.set_admin(tx, username, True)


def make_server(database_url: str, quizzes: Path = QUIZZES, **settings: Any) -> Server:
    """An application over ``database_url``, a teacher « prof », the clock at 2027-01-15 9:00."""
    from hvlab.server import Settings, create_app

    clock = ManualClock(datetime(2027, 1, 15, 9, 0, tzinfo=ZoneInfo("Europe/Paris")).timestamp())
    app = create_app(
        Settings(database_url=database_url, quizzes_dir=str(quizzes), pool_size=4, **settings),
        clock=clock,
        sweeper=False,
    )
    add_teacher(app)
    return Server(app=app, clock=clock, database_url=database_url, quizzes=quizzes)


def make_server_on(database_url: str, clock: ManualClock, **settings: Any) -> Server:
    """Another process's application on an existing database (no new teacher), same clock."""
    from hvlab.server import Settings, create_app

    app = create_app(
        Settings(database_url=database_url, quizzes_dir=str(QUIZZES), pool_size=4, **settings),
        clock=clock,
        sweeper=False,
    )
    return Server(app=app, clock=clock, database_url=database_url, quizzes=QUIZZES)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    """A server on a fresh database, once per backend (SQLite, PostgreSQL)."""
    made = make_server(database_url)
    yield made
    made.app.state.context.database.close()


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[Server]:
    """A server on a fresh SQLite file, for behaviour that does not depend on the database
    (body limits, parsing, headers, error pages)."""
    made = make_server(str(tmp_path / "hvlab.db"))
    yield made
    made.app.state.context.database.close()


# The LTI tool and test platform fixtures (tests/server/lti_tool.py), for every LTI test module;
# imported last: that module reads the helpers above.
from tests.server.lti_tool import platform, tool  # noqa: E402

__all__ = ["platform", "tool"]
