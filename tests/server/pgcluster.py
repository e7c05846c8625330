"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and the load benchmark.

``initdb`` into a temporary folder, ``pg_ctl start`` on a free port with trust authentication on
the loopback only, and ``pg_ctl stop`` at the end. PostgreSQL refuses to run as root, so when the
tests run as root the cluster runs as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (Debian's newest, then the PATH), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster: connect as user ``postgres`` to 127.0.0.1:``port``."""

    port: int
    datadir: Path
    bindir: Path
    run_as: str | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement (autocommit), e.g. ``CREATE DATABASE``."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(statement)


def _command(run_as: str | None, *argv: str) -> list[str]:
    return ["runuser", "-u", run_as, "--", *argv] if run_as else list(argv)


@contextlib.contextmanager
def running_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    """Start a cluster for the duration of the ``with`` block.

    Args:
        durable: keep fsync on (the benchmark); tests turn it off, as nothing needs to survive a
            power cut of a throwaway cluster.

    Raises:
        RuntimeError: no PostgreSQL binaries, or the cluster did not start (with its log).
    """
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
    run_as = "postgres" if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="hvlab-pg-"))
    datadir = base / "data"
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    os.chmod(base, 0o755)
    port = _free_port()
    log = base / "server.log"
    subprocess.run(
        _command(
            run_as,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ),
        check=True,
        capture_output=True,
    )
    options = [
        f"-p {port}",
        "-c listen_addresses=127.0.0.1",
        f"-c unix_socket_directories={base}",
        "-c max_connections=200",
        "-c shared_buffers=64MB",
    ]
    if not durable:
        options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    started = subprocess.run(
        _command(
            run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-l",
            str(log),
            "-o",
            " ".join(options),
            "-w",
            "-t",
            "60",
            "start",
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    cluster = Cluster(port=port, datadir=datadir, bindir=bindir, run_as=run_as)
    try:
        if started.returncode != 0:
            text = log.read_text() if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{text}")
        deadline = time.monotonic() + 30
        while True:
            try:
                cluster.sql("SELECT 1")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield cluster
    finally:
        subprocess.run(
            _command(
                run_as, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "fast", "-w", "stop"
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)
