"""The labs' part of finishing a built site: Python snapshot, service worker, solution files.

Both generators call :func:`finish_labs` after :func:`hvlab.site.finish.finish_site` (which writes
the wheel): the MkDocs plugin in ``on_post_build`` and ``python -m hvlab.site`` after a Zensical
build. Without it a lab page still works, but starts Python the slow way, keeps nothing for a
second visit and cannot show its solutions.
"""

from __future__ import annotations

__all__ = ["LabsFinished", "finish_labs"]

from dataclasses import dataclass
from pathlib import Path

from hvlab.site.cache import BuildCache
from hvlab.site.embed import EmbedContext
from hvlab.site.lab_fence import write_solution_files
from hvlab.site.lab_offline import write_service_worker
from hvlab.site.lab_snapshot import write_snapshot


@dataclass(frozen=True)
class LabsFinished:
    """What :func:`finish_labs` did.

    Attributes:
        snapshot: the Python snapshot written (None: the workers start Python normally).
        solutions: solution files written (existing identical ones are not counted).
    """

    snapshot: Path | None
    solutions: int


def finish_labs(
    site_dir: Path,
    *,
    wheel: Path,
    node_modules: Path,
    context: EmbedContext,
    cache: BuildCache | None = None,
) -> LabsFinished:
    """Write into the built site what the lab pages load beside the wheel.

    Args:
        site_dir: the built site.
        wheel: the wheel :func:`hvlab.site.finish.finish_site` wrote.
        node_modules: where npm installed Pyodide (the snapshot is made with it).
        context: the project's labs (their solutions are written).
        cache: the build cache (a snapshot of the same wheel and Pyodide is reused).
    """
    snapshot = write_snapshot(site_dir, wheel, node_modules, cache=cache)
    write_service_worker(site_dir)
    return LabsFinished(snapshot, write_solution_files(context, site_dir))
