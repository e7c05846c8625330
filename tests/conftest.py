"""Fixtures shared by the whole suite: project paths, the PlanetLab traces, the built site.

The course is built once per test run, by the first test that needs it (``served_site``), with
``mkdocs build --strict``; every test of every folder, in every worker, then reads or browses that
one build. It is kept in ``build/test-site/`` with a fingerprint of everything it was made from
(the course, the code, the assets, the installed packages): the next run reuses it when nothing
changed, and rebuilds it otherwise (a fresh clone, as in CI, always builds it).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


CHROMIUM = os.environ.get("HVLAB_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's), shared by the session (tests/browser and the server's
    browser test: one sync Playwright per process)."""
    require(
        os.path.exists(CHROMIUM) or shutil.which("chromium") is not None,
        f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        require(False, "Playwright is not installed (make test installs it)")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


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
    # The base class declares it an instance variable: no ClassVar here (mypy refuses one).
    extensions_map: dict[str, str] = {  # noqa: RUF012
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


#: What a site build reads, besides the installed packages: hashed file by file.
_SITE_INPUT_DIRS = ("docs", "quizzes", "labs", "hvlab", "build/assets")
_SITE_INPUT_FILES = (
    "mkdocs.yml",
    "pyproject.toml",
    "package-lock.json",
    "node_modules/.package-lock.json",
)
_TEST_SITE = ROOT / "build" / "test-site"


def site_fingerprint(url: str) -> str:
    """SHA-256 of everything a build of the course depends on, for the address ``url``."""
    digest = hashlib.sha256(url.encode())
    paths = [ROOT / name for name in _SITE_INPUT_FILES]
    for folder in _SITE_INPUT_DIRS:
        paths += sorted((ROOT / folder).rglob("*"))
    for path in paths:
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def _site_port() -> int:
    """The port of this checkout's test server, the same from run to run (it is in the kept
    build's canonical links and site map)."""
    return 20000 + zlib.crc32(str(ROOT).encode()) % 20000


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        # As the test server does: a port left in TIME_WAIT by the previous run is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kept_site() -> Path:
    """The build kept in ``build/test-site/``, rebuilt (under a lock) when an input changed.

    Several pytest processes (``-n 2`` workers, two runs at once) wait for one build and share it.
    """
    url = f"http://127.0.0.1:{_site_port()}/"
    _TEST_SITE.mkdir(parents=True, exist_ok=True)
    with (_TEST_SITE / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        key_file, site = _TEST_SITE / "fingerprint", _TEST_SITE / "site"
        key = site_fingerprint(url)
        if key_file.is_file() and key_file.read_text() == key and site.is_dir():
            return site
        key_file.unlink(missing_ok=True)
        build_site(site, url)
        key_file.write_text(key)
    return site


@pytest.fixture(scope="session")
def served_site() -> Iterator[ServedSite]:
    """The course built once per test run (and kept while unchanged), served on 127.0.0.1.

    On the checkout's own port when it is free; otherwise (another worker serves it) on any free
    port: the pages' links are relative, only the canonical links name the first.
    """
    directory = kept_site()
    port = _site_port() if _bindable(_site_port()) else _free_port()
    url = f"http://127.0.0.1:{port}/"
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(directory=directory, url=url)
    finally:
        server.shutdown()
        server.server_close()
