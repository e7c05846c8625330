"""How long the course takes to build, and to rebuild under ``mkdocs serve``. Prints figures only.

* **full build** — ``mkdocs build`` in a fresh process (what ``make build`` and CI do), wall time
  and CPU time (user + system), median of ``--runs``; ``--cold`` empties the build cache
  (``build/cache/``) before each run, otherwise it is used as a teacher's machine would have it;
* **rebuild** — a real ``mkdocs serve`` on 127.0.0.1, on a copy of the course: a chapter, a quiz
  and a lab are edited in turn (a word appended to a paragraph, then put back) and the script
  reports MkDocs' own « Documentation built in … » figure for each rebuild and the time from the
  edit to « Reloading browsers » (which adds MkDocs' file-watching delay).

Goals (issue 14): full build ≤ 6 s, chapter rebuild ≤ 1.5 s on the course machine. The machine's
load (``uptime``) is printed beside the figures: on a loaded machine, CPU time is the steadier
figure.

Usage::

    .venv/bin/python benchmarks/site_build.py [--runs 3] [--edits 3] [--cold] [--no-serve]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: Copied into the temporary project (edited there); the rest is linked.
COPIED = ("docs", "quizzes", "labs", "mkdocs.yml")
#: (label, file of the copy, text appended to the first line that contains the anchor, anchor).
EDITS = (
    ("chapitre", "docs/chapitres/03-hyperviseur.md", " Modifié.", "\n\n"),
    ("quiz", "quizzes/hyperviseur.yaml", " Modifié.", "title:"),
    ("TP", "labs/consolidation/etape1_consigne.md", " Modifié.", "\n\n"),
)
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
TIMEOUT_S = 300.0


def load() -> str:
    """The machine's load averages (1, 5 and 15 minutes)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_seconds() -> float:
    """User + system CPU time of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def full_build(project: Path, runs: int, cold: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` fresh-process builds of ``project``."""
    walls, cpus = [], []
    for _ in range(runs):
        if cold:
            shutil.rmtree(ROOT / "build" / "cache", ignore_errors=True)
        with tempfile.TemporaryDirectory() as site:
            before_cpu, start = cpu_seconds(), time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", site],
                cwd=project,
                env=ENV,
                check=True,
            )
            walls.append(time.perf_counter() - start)
            cpus.append(cpu_seconds() - before_cpu)
    return walls, cpus


@contextmanager
def project_copy() -> Iterator[Path]:
    """A temporary copy of the course (pages, quizzes, labs), the code and assets linked."""
    with tempfile.TemporaryDirectory(prefix="hvlab-bench-") as tmp:
        project = Path(tmp)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(source, project / name, ignore=ignore)
            else:
                shutil.copy2(source, project / name)
        for entry in ROOT.iterdir():
            if not (project / entry.name).exists() and entry.name not in (".git", "site"):
                (project / entry.name).symlink_to(entry)
        yield project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Serve:
    """A ``mkdocs serve`` process whose log lines are read in a thread."""

    def __init__(self, project: Path) -> None:
        port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**ENV, "HVLAB_SITE_URL": f"http://127.0.0.1:{port}/"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str) -> tuple[float, str]:
        """The time and text of the next log line containing ``pattern``."""
        deadline = time.perf_counter() + TIMEOUT_S
        while time.perf_counter() < deadline:
            try:
                when, line = self.lines.get(timeout=1.0)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError("mkdocs serve s'est arrêté") from None
                continue
            if "ERROR" in line or "WARNING" in line:
                print(f"  mkdocs serve : {line}", file=sys.stderr)
            if pattern in line:
                return when, line
        raise TimeoutError(f"« {pattern} » attendu depuis {TIMEOUT_S:.0f} s")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the serve process so far (Linux)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rebuild_after(self, path: Path, text: str) -> tuple[float, float, float]:
        """Write ``text`` into ``path``; MkDocs' build time, edit-to-reload time, CPU time."""
        before, start = self.cpu_seconds(), time.perf_counter()
        path.write_text(text, encoding="utf-8")
        _, line = self.wait_for("Documentation built in")
        reloaded, _ = self.wait_for("Reloading browsers")
        match = _BUILT.search(line)
        assert match is not None
        return float(match.group(1)), reloaded - start, self.cpu_seconds() - before

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def edited(text: str, addition: str, anchor: str) -> str:
    """``text`` with ``addition`` appended to the line just before the first ``anchor``."""
    if anchor == "\n\n":
        index = text.index("\n\n", text.index("\n# ") if "\n# " in text else 0)
        return text[:index] + addition + text[index:]
    start = text.index(anchor)
    end = text.index("\n", start)
    return text[:end] + addition + text[end:]


Figures = tuple[list[float], list[float], list[float]]


def rebuilds(project: Path, edits: int) -> dict[str, Figures]:
    """MkDocs' rebuild time, edit-to-reload time and CPU time per kind of edit."""
    figures: dict[str, Figures] = {}
    serve = Serve(project)
    try:
        serve.wait_for("Serving on")
        for label, name, addition, anchor in EDITS:
            path = project / name
            original = path.read_text(encoding="utf-8")
            builds, reloads, cpus = [], [], []
            for _ in range(edits):
                built, reload, cpu = serve.rebuild_after(path, edited(original, addition, anchor))
                builds.append(built)
                reloads.append(reload)
                cpus.append(cpu)
                serve.rebuild_after(path, original)
            figures[label] = (builds, reloads, cpus)
    finally:
        serve.stop()
    return figures


def _summary(values: list[float]) -> str:
    median = statistics.median(values)
    return f"médiane {median:.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="constructions complètes (défaut 3)")
    parser.add_argument("--edits", type=int, default=3, help="modifications par type (défaut 3)")
    parser.add_argument("--cold", action="store_true", help="vider build/cache avant chaque build")
    parser.add_argument("--no-serve", action="store_true", help="sans mesure de mkdocs serve")
    args = parser.parse_args()
    print(f"charge au départ : {load()}")
    with project_copy() as project:
        walls, cpus = full_build(project, args.runs, args.cold)
        kind = "à froid (cache vidé)" if args.cold else "avec le cache de build/cache"
        print(f"construction complète {kind}, {args.runs} fois :")
        print(f"  temps écoulé : {_summary(walls)}")
        print(f"  temps CPU    : {_summary(cpus)}")
        print(f"  charge : {load()}")
        if not args.no_serve:
            for label, (builds, reloads, cpus) in rebuilds(project, args.edits).items():
                print(f"reconstruction sous mkdocs serve après modification d'un {label} :")
                print(f"  construction (mesure de MkDocs) : {_summary(builds)}")
                print(f"  de la modification au rechargement : {_summary(reloads)}")
                print(f"  temps CPU de mkdocs serve : {_summary(cpus)}")
            print(f"  charge : {load()}")


if __name__ == "__main__":
    main()
