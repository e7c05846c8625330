"""The build step after the pages: browser assets, the Pyodide wheel, French search.

Both generators call it: the MkDocs plugin in ``on_post_build``, and after ``zensical build``
the command ``python -m hvlab.site SITE_DIR`` (``make build-zensical``), since Zensical runs the
Markdown extension (which renders quizzes and labs) but no MkDocs plugin.
"""

from __future__ import annotations

__all__ = ["Finished", "SiteError", "finish_site"]

from dataclasses import dataclass
from pathlib import Path

from hvlab.errors import HvlabError
from hvlab.site.assets import copy_assets, missing_assets
from hvlab.site.cache import BuildCache
from hvlab.site.search import install_french_search
from hvlab.site.wheel import write_wheel


class SiteError(HvlabError):
    """The site cannot be finished (French message saying how to fix it)."""


@dataclass(frozen=True)
class Finished:
    """What :func:`finish_site` did.

    Attributes:
        copied: assets copied (unchanged ones are skipped).
        wheel: the wheel written for the labs.
        french_search: whether Material's search was made French (MkDocs' search index only).
    """

    copied: int
    wheel: Path
    french_search: bool


def finish_site(
    site_dir: Path,
    *,
    node_modules: Path,
    built_assets: Path,
    cache: BuildCache | None = None,
) -> Finished:
    """Write into the built site what its pages need beside their HTML.

    Args:
        site_dir: the built site.
        node_modules: where npm installed the browser packages.
        built_assets: where ``npm run build`` wrote the bundles.
        cache: the build cache (a wheel built from the same files is reused).

    Returns:
        What was done.

    Raises:
        SiteError: the site folder or some browser assets are missing.
    """
    if not site_dir.is_dir():
        raise SiteError(
            f"dossier du site introuvable : {site_dir}. Construisez d'abord le site "
            "(« zensical build » ou « mkdocs build »)."
        )
    missing = missing_assets(node_modules, built_assets)
    if missing:
        listed = "\n  ".join(missing[:5])
        raise SiteError(
            f"des ressources du navigateur sont absentes :\n  {listed}\nInstallez-les avec "
            "« make build » (ou « npm ci && npm run build »), puis recommencez."
        )
    copied = copy_assets(node_modules, built_assets, site_dir)
    wheel = write_wheel(site_dir, cache=cache)
    return Finished(copied, wheel, install_french_search(site_dir))
