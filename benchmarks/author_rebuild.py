"""How long an author waits under ``make serve`` after saving a chapter, a quiz or a lab file.

In a temporary copy of the course, ``mkdocs serve`` runs on 127.0.0.1; the script appends a
blank line to a chapter, to a quiz and to a lab's instructions in turn, and times each save until
the server logs that it reloads the browsers (the page is rebuilt). Prints figures; asserts nothing.
Goal (issue 23): under 2 s. The site's build speed itself is measured by benchmarks/site_build.py.

Usage::

    .venv/bin/python benchmarks/author_rebuild.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What an author edits: a chapter, a quiz, a lab's instructions.
EDITED = {
    "chapitre": "docs/chapitres/05-stockage.md",
    "quiz": "quizzes/stockage.yaml",
    "TP": "labs/stockage/etape1_consigne.md",
}
_COPIED = ("docs", "quizzes", "labs", "templates", "mkdocs.yml")
_LINKED = ("hvlab", "node_modules")


def _copy(target: Path) -> None:
    for name in _COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    for name in _LINKED:
        (target / name).symlink_to(ROOT / name, target_is_directory=True)
    (target / "build").mkdir()
    (target / "build" / "assets").symlink_to(ROOT / "build" / "assets", target_is_directory=True)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(lines: queue.Queue[str], marker: str, timeout_s: float) -> float:
    deadline = time.perf_counter() + timeout_s
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(marker)
        line = lines.get(timeout=left)
        if marker in line:
            return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hvlab-serve-") as folder:
        root = Path(folder)
        _copy(root)
        port = _port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
        env["HVLAB_SITE_URL"] = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert server.stderr is not None
        stream = server.stderr

        def read() -> None:
            for line in stream:
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()
        try:
            start = time.perf_counter()
            first = _wait_for(lines, "Serving on", 600) - start
            print(f"first build under mkdocs serve: {first:.1f} s (load {os.getloadavg()[0]:.2f})")
            times: dict[str, list[float]] = {kind: [] for kind in EDITED}
            for _ in range(args.runs):
                for kind, path in EDITED.items():
                    time.sleep(1.5)
                    while not lines.empty():
                        lines.get()
                    target = root / path
                    saved = time.perf_counter()
                    with target.open("a", encoding="utf-8") as stream_out:
                        stream_out.write("\n")
                    times[kind].append(_wait_for(lines, "Reloading browsers", 600) - saved)
            for kind, values in times.items():
                shown = ", ".join(f"{v:.2f}" for v in values)
                median = statistics.median(values)
                print(f"save a {kind:<8} → page rebuilt: median {median:.2f} s ({shown})")
            print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
