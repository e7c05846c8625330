"""Fixtures of the server tests: a database of each kind (SQLite file, real PostgreSQL).

PostgreSQL: one throwaway cluster per test session (``pgcluster.running_cluster``), a template
database migrated once, and a fresh copy of it per test (``CREATE DATABASE … TEMPLATE``, a file
copy). The PostgreSQL tests skip when the binaries are absent, and fail under CI=true.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require
from tests.server.pgcluster import Cluster, find_bindir, running_cluster

_TEMPLATE = "hvlab_template"
_numbers = itertools.count(1)

BACKENDS = ["sqlite", "postgresql"]


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
