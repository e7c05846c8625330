"""Crash test: `hvlab serve` is killed with SIGKILL while students answer; after a restart, every
answer the server had acknowledged is there (or a later save of the same question), none twice.
On PostgreSQL the server runs two worker processes, both killed."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.server.conftest import QUIZZES, fresh_database_url
from tests.server.live import (
    CSRF_FIELD,
    PAGE_API,
    PAGE_CSRF,
    open_evaluation,
    start_server,
    valid_response,
)

STUDENTS = 12


class Student(threading.Thread):
    """Joins, then saves answers as fast as the server acknowledges them, until it fails."""

    def __init__(self, url: str, code: str, number: int) -> None:
        super().__init__(daemon=True)
        self.client = httpx2.Client(base_url=url, timeout=5, follow_redirects=False)
        self.code, self.number = code, number
        self.acknowledged: dict[str, tuple[int, Any]] = {}
        self.api = self.csrf = ""
        self.ready = threading.Event()
        self.saves = 0

    def enter(self) -> None:
        token = re.search(CSRF_FIELD, self.client.get("/rejoindre").text).group(1)  # type: ignore[union-attr]
        joined = self.client.post(
            "/rejoindre",
            data={
                "csrf": token,
                "code": self.code,
                "student_number": f"E{self.number:04d}",
                "student_name": f"Étudiant {self.number}",
            },
        )
        page = self.client.get(joined.headers["location"]).text
        self.csrf = re.search(PAGE_CSRF, page).group(1)  # type: ignore[union-attr]
        self.api = re.search(PAGE_API, page).group(1)  # type: ignore[union-attr]

    def run(self) -> None:
        self.enter()
        views = self.client.get(self.api).json()["questions"]
        self.ready.set()
        seq = 0
        try:
            while True:
                seq += 1
                view = views[seq % len(views)]
                response = valid_response(view, seq)
                reply = self.client.put(
                    f"{self.api}/answers/{view['id']}",
                    json={"response": response, "seq": seq},
                    headers={"X-CSRF-Token": self.csrf},
                )
                if reply.status_code != 200:
                    return
                self.acknowledged[view["id"]] = (seq, response)
                self.saves += 1
        except httpx2.HTTPError:
            return


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_killed_server_keeps_every_acknowledged_answer_once(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = fresh_database_url(backend, request, tmp_path)
    code = open_evaluation(url, QUIZZES / "serveur-test.yaml")
    # PostgreSQL is the several-process setup: two uvicorn workers share the answers.
    workers = 2 if backend == "postgresql" else 1
    server = start_server(url, QUIZZES, log_dir=tmp_path, workers=workers)
    students = [Student(server.url, code, n) for n in range(STUDENTS)]
    try:
        for student in students:
            student.start()
        for student in students:
            assert student.ready.wait(60)
        deadline = time.monotonic() + 30
        while sum(s.saves for s in students) < 300 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        for student in students:
            student.join(timeout=30)
            student.client.close()
    finally:
        server.stop()
    acknowledged = sum(len(s.acknowledged) for s in students)
    assert sum(s.saves for s in students) >= 300
    restarted = start_server(url, QUIZZES, log_dir=tmp_path, workers=workers)
    try:
        for student in students:
            with httpx2.Client(
                base_url=restarted.url, cookies=student.client.cookies, timeout=10
            ) as client:
                stored = client.get(student.api).json()["answers"]
            for question, (seq, response) in student.acknowledged.items():
                kept = stored[question]
                assert kept["seq"] >= seq, (student.number, question)
                if kept["seq"] == seq:
                    assert kept["response"] == response
    finally:
        restarted.stop()
    from hvlab.server.store import open_database

    database = open_database(url, pool_size=1)
    with database.transaction(write=False) as tx:
        rows = tx.all(
            "SELECT attempt_id, question_id, COUNT(*) AS n FROM answers"
            " GROUP BY attempt_id, question_id"
        )
    database.close()
    assert all(row["n"] == 1 for row in rows)
    assert len(rows) >= acknowledged
