"""A memory snapshot of the lab's Python, made at site build time, so that a lab starts in a second.

A lab worker normally starts Pyodide (Python's own start-up, a few seconds), installs the hvlab
wheel and imports the simulator. ``scripts/lab-snapshot.mjs`` does all that once, under Node, with
the Pyodide the site ships, and saves the interpreter's memory (gzipped, about 7 MB); the worker
loads that memory instead (:file:`hvlab/site/static/lab-worker.js`). :func:`write_snapshot` runs it
when the wheel or Pyodide changed (kept in the build cache otherwise) and writes
``assets/hvlab/wheels/manifest.json``, which tells the workers the wheel's and the snapshot's
names.

The snapshot is an optimisation: without Node, with ``HVLAB_LAB_SNAPSHOT=0`` (``make serve``
sets it, a rebuild stays quick), or when it fails to load in a browser, the workers start Pyodide
the normal way.
"""

from __future__ import annotations

__all__ = ["MANIFEST", "SNAPSHOT_VARIABLE", "write_snapshot"]

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from hvlab.site.cache import BuildCache
from hvlab.site.wheel import WHEEL_DIR

log = logging.getLogger("mkdocs.plugins.hvlab")

#: The file (under the wheels' folder) naming the wheel and the snapshot for the workers.
MANIFEST = "manifest.json"
#: Set to ``0`` to build without a snapshot.
SNAPSHOT_VARIABLE = "HVLAB_LAB_SNAPSHOT"
_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "lab-snapshot.mjs"
_TIMEOUT_S = 600


def write_snapshot(
    site_dir: Path, wheel: Path, node_modules: Path, cache: BuildCache | None = None
) -> Path | None:
    """Write the snapshot for ``wheel`` (when it can be made) and the manifest; its path or None.

    Args:
        site_dir: the built site.
        wheel: the wheel written in the site.
        node_modules: where the ``pyodide`` npm package is.
        cache: where a snapshot made from the same wheel and Pyodide is kept.
    """
    folder = site_dir / WHEEL_DIR
    wheel_bytes = wheel.read_bytes()
    manifest: dict[str, str] = {
        "wheel": wheel.name,
        "wheel_sha256": hashlib.sha256(wheel_bytes).hexdigest(),
    }
    snapshot = None
    pyodide = node_modules / "pyodide"
    node = shutil.which("node")
    if os.environ.get(SNAPSHOT_VARIABLE, "1") == "0":
        log.debug("hvlab : pas d'instantané de Python (%s=0)", SNAPSHOT_VARIABLE)
    elif node is None or not (pyodide / "pyodide.mjs").is_file():
        log.info("hvlab : Node ou Pyodide absent, les TP démarreront Python sans instantané")
    else:
        inputs = (wheel_bytes, pyodide / "package.json", _SCRIPT)

        def make() -> bytes:
            return _make(node, pyodide, wheel)

        try:
            content = cache.binary("lab-snapshot", cache.key(*inputs), make) if cache else make()
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            log.warning("hvlab : instantané de Python impossible (%s) ; démarrage normal", exc)
        else:
            digest = hashlib.sha256(content).hexdigest()[:16]
            snapshot = folder / f"hvlab-{digest}.snapshot.gz"
            if not snapshot.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                for old in folder.glob("hvlab-*.snapshot.gz"):
                    old.unlink()
                snapshot.write_bytes(content)
            manifest["snapshot"] = snapshot.name
    text = json.dumps(manifest, indent=2) + "\n"
    target = folder / MANIFEST
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return snapshot


def _make(node: str, pyodide: Path, wheel: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="hvlab-snapshot-") as folder:
        out = Path(folder) / "snapshot.gz"
        done = subprocess.run(
            [node, str(_SCRIPT), f"{pyodide}/", str(wheel), str(out)],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(done.stderr.strip()[-300:] or f"code {done.returncode}")
        log.debug("hvlab : instantané de Python fait (%s)", done.stdout.strip())
        return out.read_bytes()
