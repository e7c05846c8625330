"""Fixtures shared by the whole suite: project paths, the PlanetLab traces, the built site."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PLANETLAB = SHARED / "data" / "planetlab"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false — but fail under CI=true, where nothing may skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this prerequisite is mandatory)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def planetlab_dir() -> Path:
    """Folder of the PlanetLab traces (../shared/data/planetlab)."""
    require(
        (PLANETLAB / "20110303.csv").is_file(),
        f"PlanetLab traces not found in {PLANETLAB} (they live in ../shared beside the clone)",
    )
    return PLANETLAB


@dataclass(frozen=True)
class ServedSite:
    """A built copy of the course served on 127.0.0.1."""

    directory: Path
    url: str

    @property
    def host(self) -> str:
        return self.url.split("//", 1)[1].rstrip("/")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def build_site(site_dir: Path, url: str) -> None:
    """Build the course with ``mkdocs build --strict`` into ``site_dir`` for the address ``url``."""
    env = {**os.environ, "HVLAB_SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """Build the site once per session and serve it from a thread on an ephemeral port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}/"
    directory = tmp_path_factory.mktemp("site")
    build_site(directory, url)
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(directory=directory, url=url)
    finally:
        server.shutdown()
        server.server_close()
