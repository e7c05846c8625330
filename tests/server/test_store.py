"""The storage layer on both backends: migrations, answer saves, rate-limit counters."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hvlab.server.store import Database, limits, migrate, open_database
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store.migrations import MIGRATIONS


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url, pool_size=4)
    migrate(db)
    yield db
    db.close()


def _migrate_in_child(url: str) -> list[int]:
    db = open_database(url, pool_size=1)
    try:
        return migrate(db)
    finally:
        db.close()


def test_migrate_applies_each_version_once_even_from_concurrent_processes(tmp_path: Path) -> None:
    url = str(tmp_path / "concurrent.db")
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.map(_migrate_in_child, [url] * 3)
    applied = sorted(v for result in results for v in result)
    assert applied == [m.version for m in MIGRATIONS]
    db = open_database(url)
    with db.transaction(write=False) as tx:
        rows = tx.all("SELECT version FROM schema_migrations ORDER BY version")
    db.close()
    assert [r["version"] for r in rows] == [m.version for m in MIGRATIONS]


def test_migrate_again_does_nothing(database: Database) -> None:
    assert migrate(database) == []


def _attempt(tx: Any) -> int:
    tx.execute(
        "INSERT INTO teachers (username, display_name, password_hash, created_at)"
        " VALUES ('t', 'T', 'x', 0)"
    )
    teacher = tx.one("SELECT id FROM teachers")["id"]
    tx.execute(
        "INSERT INTO evaluations (public_id, title, quiz_id, quiz_json, quiz_fingerprint,"
        " view_secret, join_code, opens_at, closes_at, duration_s, max_attempts, show_score,"
        " show_feedback, show_answers, owner_id, created_at, updated_at)"
        " VALUES ('e', 'E', 'q', '{}', 'f', '00', 'CODE2345', 0, 10, NULL, 1, 'never', 'never',"
        " 'never', ?, 0, 0)",
        (teacher,),
    )
    evaluation = tx.one("SELECT id FROM evaluations")["id"]
    attempt = attempt_store.create_attempt(
        tx,
        evaluation_id=evaluation,
        student_number="1",
        student_name="A",
        attempt_no=1,
        owner_session="s",
        plan={"order": ["q"], "seeds": {}},
        started_at=0,
        deadline_at=10,
    )
    return attempt.id


def test_answer_save_keeps_the_newest_sequence_and_one_row(database: Database) -> None:
    with database.transaction() as tx:
        attempt = _attempt(tx)
    with database.transaction() as tx:
        assert attempt_store.save_answer(tx, attempt, "q", "b", 1, 5, 1.0).response == "b"
        assert attempt_store.save_answer(tx, attempt, "q", "a", 0, 3, 2.0).response == "b"
        assert attempt_store.save_answer(tx, attempt, "q", "b", 1, 5, 3.0).response == "b"
        assert attempt_store.save_answer(tx, attempt, "q", "c", 2, 6, 4.0).value == 2
    with database.transaction(write=False) as tx:
        rows = tx.all("SELECT * FROM answers")
    assert len(rows) == 1


def test_a_locked_answer_no_longer_changes(database: Database) -> None:
    with database.transaction() as tx:
        attempt = _attempt(tx)
        attempt_store.save_answer(tx, attempt, "q", "h1", 1, 1, 1.0, lock=True)
        assert attempt_store.save_answer(tx, attempt, "q", "h2", 2, 9, 2.0).response == "h1"


def test_hints_used_never_decrease_and_survive_a_later_save(database: Database) -> None:
    with database.transaction() as tx:
        attempt = _attempt(tx)
        assert attempt_store.use_hints(tx, attempt, "q", 2, 1.0) == 2
        assert attempt_store.use_hints(tx, attempt, "q", 1, 1.0) == 2
        answer = attempt_store.save_answer(tx, attempt, "q", "x", "x", 1, 2.0)
    assert (answer.response, answer.hints_used) == ("x", 2)


def test_rate_limit_counts_per_bucket_and_window(database: Database) -> None:
    with database.transaction() as tx:
        counts = [limits.count_hit(tx, "login:1.2.3.4", 60, 120.0 + i) for i in range(3)]
        other = limits.count_hit(tx, "login:5.6.7.8", 60, 121.0)
        next_window = limits.count_hit(tx, "login:1.2.3.4", 60, 180.0)
    assert counts == [1, 2, 3]
    assert other == 1
    assert next_window == 1
