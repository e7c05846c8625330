"""Check every lab: its files (the loader's validation), then that each step's solution passes its
checks and its starter runs without an error and fails at least one check.

A starter that crashes (``NameError``, an import that does not exist…) would greet every student
with an error instead of a task; a starter that already passes leaves nothing to do. The rule is
that of ``hvlab lab solve`` (:class:`hvlab.labs.solve.StepSolve`); the labs run in two child
processes (:mod:`hvlab.authoring.lab_runs`), one restarted after a lab that exceeds the time limit.
"""

from __future__ import annotations

__all__ = ["DEFAULT_LAB_TIMEOUT_S", "check_labs"]

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from hvlab import fr
from hvlab.authoring.course import Course
from hvlab.authoring.problem import Problem
from hvlab.labs.loader import LAB_FILE, validate_lab

#: Time limit for running every step of one lab, in seconds.
DEFAULT_LAB_TIMEOUT_S = 120.0
_CHECK = "labs"
_JOBS = 2


def check_labs(course: Course, *, timeout_s: float = DEFAULT_LAB_TIMEOUT_S) -> list[Problem]:
    """Problems of every lab folder of ``labs/``.

    Args:
        course: the course.
        timeout_s: the time limit for the steps of one lab.
    """
    problems: list[Problem] = []
    valid: list[Path] = []
    for folder in course.lab_folders():
        found = validate_lab(folder)
        for problem in found:
            file = problem.file or course.relative(folder / LAB_FILE)
            shown = course.relative(Path(file)) if Path(file).is_absolute() else file
            problems.append(Problem.from_validation(_CHECK, problem, shown))
        if not found:
            valid.append(folder)
    batches = [valid[i::_JOBS] for i in range(_JOBS) if valid[i::_JOBS]]
    with ThreadPoolExecutor(max_workers=_JOBS) as pool:
        for ran in pool.map(lambda batch: _run_batch(course, batch, timeout_s), batches):
            problems += ran
    return problems


def _start(course: Course, folders: list[Path], stderr: IO[str]) -> subprocess.Popen[str]:
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.Popen(
        [sys.executable, "-m", "hvlab.authoring._lab_worker", *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=course.root,
        start_new_session=True,
    )


def _stop(child: subprocess.Popen[str]) -> None:
    """Kill ``child`` and every process it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.kill()
    child.wait()


def _read_lines(child: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        lines.put(line)
    lines.put(None)


def _run_batch(course: Course, folders: list[Path], timeout_s: float) -> list[Problem]:
    """Run the labs of ``folders`` in one child process, started again after a lab that hangs.

    The child prints one line per lab; waiting more than ``timeout_s`` for a line means the lab
    being run hangs: the child is killed and a new one runs the labs after it.
    """
    problems: list[Problem] = []
    remaining = list(folders)
    while remaining:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
            child = _start(course, remaining, stderr)
            lines: queue.Queue[str | None] = queue.Queue()
            reader = threading.Thread(target=_read_lines, args=(child, lines), daemon=True)
            reader.start()
            while remaining:
                folder = remaining.pop(0)
                try:
                    line = lines.get(timeout=timeout_s)
                except queue.Empty:
                    problems.append(_timeout(course, folder, timeout_s))
                    break
                if line is None:
                    child.wait()
                    stderr.seek(0)
                    detail = stderr.read().strip().splitlines()[-1:] or ["aucun message"]
                    problems.append(_crash(course, folder, child.returncode, detail[0]))
                    break
                problems += _lab_problems(course, folder, line)
            _stop(child)
            reader.join()
            assert child.stdout is not None
            child.stdout.close()
    return problems


def _timeout(course: Course, folder: Path, timeout_s: float) -> Problem:
    return Problem(
        _CHECK,
        course.relative(folder / LAB_FILE),
        1,
        f"les étapes du TP ne se sont pas terminées en {fr.number(timeout_s, 1)} s : une "
        "solution ou un code de départ boucle-t-il sans fin ? (« hvlab lab solve "
        f"{folder.name} » montre l'étape en cause ; --timeout allonge la limite)",
    )


def _crash(course: Course, folder: Path, code: int | None, detail: str) -> Problem:
    return Problem(
        _CHECK,
        course.relative(folder / LAB_FILE),
        1,
        f"l'exécution des étapes du TP s'est arrêtée (code {code}) : {detail}",
    )


def _lab_problems(course: Course, folder: Path, line: str) -> list[Problem]:
    try:
        payload = json.loads(line)
        if "error" in payload:
            return [_crash(course, folder, 0, str(payload["error"]))]
        found = [
            Problem(
                _CHECK,
                course.relative(Path(p["file"]))
                if p["file"]
                else course.relative(folder / LAB_FILE),
                int(p["line"]) or 1,
                str(p["message"]),
            )
            for p in payload["problems"]
        ]
    except (ValueError, KeyError, TypeError):
        return [_crash(course, folder, 0, f"réponse illisible : {line[:200]!r}")]
    return found
