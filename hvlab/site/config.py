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
    #: Abbreviations explained on hover in every page (``*[VM]: …`` lines), relative to ``root``;
    #: "" for none.
    abbreviations = c.Type(str, default="")
    #: French typography (no-break spaces) in every page, docstring, quiz and lab text.
    typography = c.Type(bool, default=True)
    #: Where compiled quizzes, loaded labs and the wheel are kept between builds, relative to
    #: ``root`` (keyed on their inputs); "" keeps them in memory only.
    cache_dir = c.Type(str, default="build/cache")
