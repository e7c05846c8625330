"""Load test of the graded-sessions server: N students join, answer 14 questions, submit.

Prints figures; asserts nothing (a timing is never a pass/fail test). Loopback only: the server
is a child ``hvlab serve`` on 127.0.0.1, the students are asyncio tasks of this process (httpx2),
every loop is bounded in count and time.

For each configuration (backend × number of students):

* a 14-question quiz (every question type, a parametrised question) in a temporary folder, an
  évaluation open now, a fresh database: a SQLite file served by 1 process, or a throwaway
  PostgreSQL cluster (fsync on) served by 2 processes;
* each student arrives at a random moment of the ramp, joins (3 requests), loads the attempt,
  then answers each question after a think time drawn in [think-min, think-max] seconds, and
  submits;
* measured: the latency of each answer save (p50, p95, p99), the saves per second while students
  answer, errors, and the CPU time the server's processes used per save (every request of the run
  counted: joins, pages, saves, submissions; PostgreSQL's own processes not included) — a figure
  that does not depend on what else the machine runs; then the database is read back: every
  acknowledged answer must be there once (lost, dup), every attempt submitted.

Goal (issue 11): 1,000 concurrent students, p95 under 200 ms, nothing lost or duplicated, on a
2-core machine. Note ``uptime`` beside the figures: the machine is shared.

Usage::

    .venv/bin/python benchmarks/server_load.py [--students 100 500 1000]
        [--backends sqlite postgresql] [--think-min 2] [--think-max 8] [--ramp 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2  # noqa: E402

from tests.server.live import (  # noqa: E402
    CSRF_FIELD,
    PAGE_API,
    PAGE_CSRF,
    open_evaluation,
    start_server,
    valid_response,
)
from tests.server.pgcluster import running_cluster  # noqa: E402

QUESTIONS = 14
SOURCE_QUIZ = ROOT / "tests" / "server" / "quizzes" / "serveur-test.yaml"


def make_quiz(folder: Path) -> Path:
    """A 14-question quiz: the test quiz's 8 questions (each type, one parametrised), then 6 more
    copies under other ids."""
    data = yaml.safe_load(SOURCE_QUIZ.read_text(encoding="utf-8"))
    questions = list(data["questions"])
    extra = [dict(q, id=f"{q['id']}-bis") for q in questions[: QUESTIONS - len(questions)]]
    data.update(id="charge", title="Quiz de charge", questions=questions + extra)
    path = folder / "charge.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class Run:
    """What one configuration measured."""

    save_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, dict[str, tuple[int, Any]]] = field(default_factory=dict)
    first_save: float = 0.0
    last_save: float = 0.0
    submitted: int = 0


async def student(
    url: str, code: str, number: int, delay: float, think: tuple[float, float], run: Run
) -> None:
    rng = random.Random(number)
    await asyncio.sleep(delay)
    name = f"E{number:05d}"
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx2.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        try:
            form = await client.get("/rejoindre")
            token = re.search(CSRF_FIELD, form.text).group(1)  # type: ignore[union-attr]
            joined = await client.post(
                "/rejoindre",
                data={"csrf": token, "code": code, "student_number": name, "student_name": name},
            )
            page = (await client.get(joined.headers["location"])).text
            csrf = re.search(PAGE_CSRF, page).group(1)  # type: ignore[union-attr]
            api = re.search(PAGE_API, page).group(1)  # type: ignore[union-attr]
            views = (await client.get(api)).json()["questions"]
        except Exception as error:
            run.errors.append(f"join: {error!r}")
            return
        acked: dict[str, tuple[int, Any]] = {}
        run.acknowledged[api] = acked
        for seq, view in enumerate(views, start=1):
            await asyncio.sleep(rng.uniform(*think))
            response = valid_response(view, seq + number)
            started = time.perf_counter()
            try:
                reply = await client.put(
                    f"{api}/answers/{view['id']}",
                    json={"response": response, "seq": seq},
                    headers={"X-CSRF-Token": csrf},
                )
            except Exception as error:
                run.errors.append(f"save: {error!r}")
                continue
            elapsed = time.perf_counter() - started
            if reply.status_code != 200:
                run.errors.append(f"save: HTTP {reply.status_code} {reply.text[:80]}")
                continue
            run.save_ms.append(elapsed * 1000)
            now = time.monotonic()
            run.first_save = min(run.first_save or now, now)
            run.last_save = max(run.last_save, now)
            acked[view["id"]] = (seq, response)
        try:
            done = await client.post(f"{api}/submit", json={}, headers={"X-CSRF-Token": csrf})
            if done.status_code == 200:
                run.submitted += 1
            else:
                run.errors.append(f"submit: HTTP {done.status_code}")
        except Exception as error:
            run.errors.append(f"submit: {error!r}")


def check_database(url: str, run: Run) -> tuple[int, int, int]:
    """Read back every answer: (lost, duplicated, submitted attempts in the database)."""
    from hvlab.server.store import open_database

    database = open_database(url, pool_size=1)
    with database.transaction(write=False) as tx:
        rows = tx.all(
            "SELECT t.public_id, a.question_id, a.response_json, a.seq,"
            " COUNT(*) OVER (PARTITION BY a.attempt_id, a.question_id) AS copies"
            " FROM answers a JOIN attempts t ON t.id = a.attempt_id"
        )
        submitted = tx.one("SELECT COUNT(*) AS n FROM attempts WHERE submitted_at IS NOT NULL")
    database.close()
    import json

    stored: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        stored.setdefault(f"/api/attempts/{row['public_id']}", []).append(row)
    duplicated = sum(1 for row in rows if row["copies"] > 1)
    lost = 0
    for api, acked in run.acknowledged.items():
        seqs = {(r["seq"], json.dumps(json.loads(r["response_json"]))) for r in stored.get(api, [])}
        for seq, response in acked.values():
            if (seq, json.dumps(response)) not in seqs:
                lost += 1
    return lost, duplicated, int(submitted["n"]) if submitted else 0


async def drive(url: str, code: str, students: int, ramp: float, think: tuple[float, float]) -> Run:
    run = Run()
    rng = random.Random(students)
    tasks = [student(url, code, n, rng.uniform(0, ramp), think, run) for n in range(students)]
    await asyncio.gather(*tasks)
    return run


@contextlib.contextmanager
def database_for(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(folder / "charge.db")
        return
    with running_cluster(durable=True) as cluster:
        cluster.sql("CREATE DATABASE charge")
        yield cluster.url("charge")


def group_cpu_s(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the processes of a process group (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def one(backend: str, students: int, args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="hvlab-load-"))
    try:
        quizzes = folder / "quizzes"
        quizzes.mkdir()
        quiz = make_quiz(quizzes)
        workers = 1 if backend == "sqlite" else 2
        with database_for(backend, folder) as url:
            code = open_evaluation(url, quiz)
            server = start_server(
                url,
                quizzes,
                workers=workers,
                log_dir=folder,
                extra=["--join-limit", str(10 * students)],
            )
            try:
                cpu_before = group_cpu_s(server.process.pid)
                started = time.monotonic()
                run = asyncio.run(
                    asyncio.wait_for(
                        drive(
                            server.url, code, students, args.ramp, (args.think_min, args.think_max)
                        ),
                        timeout=args.max_seconds,
                    )
                )
                duration = time.monotonic() - started
                cpu = group_cpu_s(server.process.pid) - cpu_before
            finally:
                server.stop()
            lost, duplicated, submitted = check_database(url, run)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    window = max(1e-9, run.last_save - run.first_save)
    return {
        "backend": backend,
        "processes": workers,
        "students": students,
        "saves": len(run.save_ms),
        "errors": len(run.errors),
        "first_errors": run.errors[:3],
        "rate": len(run.save_ms) / window,
        "p50": percentile(run.save_ms, 50),
        "p95": percentile(run.save_ms, 95),
        "p99": percentile(run.save_ms, 99),
        "mean": statistics.fmean(run.save_ms) if run.save_ms else float("nan"),
        "lost": lost,
        "duplicated": duplicated,
        "submitted": submitted,
        "seconds": duration,
        "cpu_ms_per_save": cpu * 1000 / max(1, len(run.save_ms)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--ramp", type=float, default=20.0, help="students arrive over this time")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="bound of one run")
    args = parser.parse_args()
    if max(args.students) > 5000:
        parser.error("at most 5000 students (this is a loopback benchmark)")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(
        f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
    )
    print(
        f"think time {args.think_min}–{args.think_max} s, arrivals over {args.ramp} s, "
        f"{QUESTIONS} questions per student"
    )
    header = (
        f"{'backend':<11}{'proc':>5}{'students':>9}{'saves':>7}{'err':>5}{'saves/s':>9}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'lost':>6}{'dup':>5}{'submit':>7}{'s':>6}"
        f"{'cpu/save':>9}  load"
    )
    print(header)
    for backend in args.backends:
        for students in args.students:
            r = one(backend, students, args)
            load = os.getloadavg()[0]
            print(
                f"{r['backend']:<11}{r['processes']:>5}{r['students']:>9}{r['saves']:>7}"
                f"{r['errors']:>5}{r['rate']:>9.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
                f"{r['lost']:>6}{r['duplicated']:>5}{r['submitted']:>7}{r['seconds']:>6.0f}"
                f"{r['cpu_ms_per_save']:>9.1f}  {load:.2f}",
                flush=True,
            )
            for error in r["first_errors"]:
                print(f"    {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
