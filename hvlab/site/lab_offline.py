"""The service worker that lets a lab start again without the network (written at the site's root).

Pyodide is about 15 MB. :file:`hvlab/site/js/lab/service-worker.js` keeps it, the Python snapshot
and the pages a student opened, so that a second visit downloads almost nothing and a lab opened
once works offline; the lab pages register it. It must sit at the root of the site to serve every
page: :func:`write_service_worker` copies it there.
"""

from __future__ import annotations

__all__ = ["SERVICE_WORKER", "write_service_worker"]

from pathlib import Path

#: The service worker's file name, at the root of the built site.
SERVICE_WORKER = "hvlab-sw.js"
_SOURCE = Path(__file__).resolve().parent / "js" / "lab" / "service-worker.js"


def write_service_worker(site_dir: Path) -> Path:
    """Copy the service worker to the root of ``site_dir`` (untouched when identical)."""
    target = site_dir / SERVICE_WORKER
    content = _SOURCE.read_bytes()
    if not target.is_file() or target.read_bytes() != content:
        site_dir.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return target
