"""Typed options of the hvlab MkDocs plugin."""

from __future__ import annotations

__all__ = ["HvlabPluginConfig"]

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HvlabPluginConfig(Config):  # type: ignore[no-untyped-call]
    """Options of ``plugins: - hvlab:`` in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: Project folder holding ``quizzes/``, ``labs/``, ``node_modules/`` (relative to mkdocs.yml).
    root = c.Type(str, default=".")
    #: Where npm installed the browser packages, relative to ``root``.
    node_modules = c.Type(str, default="node_modules")
    #: Where ``npm run build`` writes its bundles, relative to ``root``.
    built_assets = c.Type(str, default="build/assets")
    #: Where compiled quizzes, loaded labs and the wheel are kept between builds, relative to
    #: ``root`` (keyed on their inputs); "" keeps them in memory only.
    cache_dir = c.Type(str, default="build/cache")
