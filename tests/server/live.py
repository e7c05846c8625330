"""A real `hvlab serve` process on 127.0.0.1, for the crash test, the browser test and the load
benchmark: started as a child process, waited for, stopped (or killed) by the caller."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A running server process."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def kill(self) -> None:
        """SIGKILL the whole process group (uvicorn's workers too), as a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(
    database_url: str,
    quizzes: Path,
    *,
    workers: int = 1,
    port: int | None = None,
    site: str = "",
    extra: list[str] | None = None,
    log_dir: Path | None = None,
) -> LiveServer:
    """Start ``hvlab serve`` and wait until it answers (raises RuntimeError with its log)."""
    port = port or free_port()
    folder = log_dir or Path(tempfile.mkdtemp(prefix="hvlab-serve-"))
    log = folder / f"serve-{port}.log"
    argv = [
        sys.executable,
        "-m",
        "hvlab",
        "serve",
        "--db",
        database_url,
        "--quizzes",
        str(quizzes),
        "--port",
        str(port),
        "--workers",
        str(workers),
        *(["--site", site] if site else []),
        *(extra or []),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    server = LiveServer(process=process, url=url, log=log)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"hvlab serve stopped:\n{log.read_text(errors='replace')}")
        try:
            if httpx2.get(url + "/rejoindre", timeout=2).status_code == 200:
                return server
        except httpx2.HTTPError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"hvlab serve did not answer:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


@contextlib.contextmanager
def running_server(database_url: str, quizzes: Path, **options: object) -> Iterator[LiveServer]:
    server = start_server(database_url, quizzes, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def open_evaluation(
    database_url: str,
    quiz_file: Path,
    *,
    teacher: str = "prof",
    password_hash: str = "",
    duration_s: int | None = None,
    policy: tuple[str, str, str] = ("after_submit", "after_close", "after_close"),
) -> str:
    """Create (directly in the database) an évaluation open now for two hours; returns its
    join code."""
    from hvlab.quiz import load_quiz
    from hvlab.server.catalogue import fingerprint
    from hvlab.server.policy import Policy
    from hvlab.server.regrade import quiz_json
    from hvlab.server.store import accounts, migrate, open_database
    from hvlab.server.store import evaluations as store
    from hvlab.server.store.evaluations import EvaluationSettings

    quiz = load_quiz(quiz_file)
    database = open_database(database_url, pool_size=1)
    migrate(database)
    now = time.time()
    with database.transaction() as tx:
        found = accounts.find_teacher(tx, teacher)
        owner = (
            found[0]
            if found
            else accounts.create_teacher(tx, teacher, teacher, password_hash or "!", now)
        )
        settings = EvaluationSettings(
            title=f"Évaluation « {quiz.title} »",
            opens_at=now - 60,
            closes_at=now + 7200,
            duration_s=duration_s,
            max_attempts=1,
            policy=Policy(*policy),  # type: ignore[arg-type]
        )
        evaluation = store.create_evaluation(
            tx, settings, quiz.id, quiz_json(quiz), fingerprint(quiz), owner.id, now
        )
    database.close()
    return evaluation.join_code


def valid_response(view: dict[str, object], k: int) -> object:
    """The ``k``-th of a family of well-formed responses to a question view (any type)."""
    kind = view["type"]
    if kind in ("single", "true_false"):
        choices = view["choices"]
        assert isinstance(choices, list)
        return choices[k % len(choices)]["id"]
    if kind == "multiple":
        choices = view["choices"]
        assert isinstance(choices, list)
        return [choices[k % len(choices)]["id"]]
    if kind == "numeric":
        return f"{k},5"
    if kind == "text":
        return f"réponse {k}"
    if kind == "matching":
        left, right = view["left"], view["right"]
        assert isinstance(left, list) and isinstance(right, list)
        return {item["id"]: right[(k + i) % len(right)]["id"] for i, item in enumerate(left)}
    items = view["items"]
    assert isinstance(items, list)
    ids = [item["id"] for item in items]
    shift = k % len(ids)
    return ids[shift:] + ids[:shift]


CSRF_FIELD = r'name="csrf" value="([^"]+)"'
PAGE_CSRF = r'data-hvlab-csrf="([^"]+)"'
PAGE_API = r'data-hvlab-api="([^"]+)"'
