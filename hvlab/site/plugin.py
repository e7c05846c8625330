"""The hvlab MkDocs plugin: thin by design.

``on_config`` checks that the browser assets are installed and explains how to install them;
it adds the Markdown extension (which does the rendering) and the site's scripts. Pages report the
problems of their embeds (an unknown quiz or lab) as warnings naming the page, which
``mkdocs build --strict`` turns into a failed build. ``on_post_build`` copies the self-hosted
assets.
"""

from __future__ import annotations

__all__ = ["HvlabPlugin"]

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from hvlab.site.abbreviations import AbbreviationError, read_abbreviations
from hvlab.site.assets import copy_assets, missing_assets
from hvlab.site.config import HvlabPluginConfig
from hvlab.site.embed import EmbedContext
from hvlab.site.markdown import HvlabExtension
from hvlab.site.wheel import write_wheel

log = logging.getLogger("mkdocs.plugins.hvlab")

#: Scripts of ``hvlab/site/static`` loaded on every page (in this order).
_SCRIPTS = (
    "assets/hvlab/mermaid-loader.js",
    "assets/hvlab/a11y.js",
    "assets/hvlab/quiz.js",
)
#: ES modules loaded on every page (``<script type="module" async>``).
_MODULES = ("assets/hvlab/lab.bundle.js",)
_STYLES = ("assets/hvlab/hvlab.css", "assets/hvlab/lab.css", "assets/hvlab/quiz.css")


def _module_script(path: str) -> ExtraScriptValue:
    script = ExtraScriptValue(path)
    script.type = "module"
    script.async_ = True
    return script


class HvlabPlugin(BasePlugin[HvlabPluginConfig]):  # type: ignore[no-untyped-call]
    """Embed quizzes and labs, and ship the browser assets without any CDN."""

    def __init__(self) -> None:
        self.context = EmbedContext()
        self.root = Path(".")

    def on_config(self, config: Any) -> Any:
        """Validate the set-up and wire the Markdown extension in."""
        if not self.config.enabled:
            return config
        config_dir = Path(config.config_file_path).parent
        self.root = (config_dir / self.config.root).resolve()
        missing = missing_assets(self._node_modules, self._built_assets)
        if missing:
            listed = "\n  ".join(missing[:5])
            raise PluginError(
                "hvlab : des ressources du navigateur sont absentes :\n  "
                f"{listed}\nInstallez-les avec « make build » (ou « npm ci && npm run build »), "
                "puis relancez la construction du site."
            )
        self.context = EmbedContext(root=self.root)
        if self.config.abbreviations:
            try:
                read_abbreviations(self.root / self.config.abbreviations)
            except AbbreviationError as error:
                raise PluginError(f"hvlab : {error}") from None
        config.markdown_extensions.append(
            HvlabExtension(context=self.context, abbreviations=self.config.abbreviations)
        )
        for script in _SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        present = {str(script) for script in config.extra_javascript}
        for module in _MODULES:
            if module not in present:
                config.extra_javascript.append(_module_script(module))
        for style in _STYLES:
            if style not in config.extra_css:
                config.extra_css.append(style)
        return config

    @property
    def _node_modules(self) -> Path:
        return self.root / self.config.node_modules

    @property
    def _built_assets(self) -> Path:
        return self.root / self.config.built_assets

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """Rebuild under ``mkdocs serve`` when a quiz or a lab changes."""
        for folder in (self.context.quizzes_dir, self.context.labs_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_pre_build(self, *, config: Any) -> None:
        """Forget the state of the previous build (``mkdocs serve`` rebuilds in one process)."""
        self.context.reset()

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """Tell the embeds which page they are rendered in."""
        self.context.page = page.file.src_uri
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Report the embeds of the page that could not be rendered."""
        for problem in self.context.take_problems():
            log.warning("Page « %s » : %s", page.file.src_uri, problem)
        return html

    def on_post_build(self, *, config: Any) -> None:
        """Copy the self-hosted browser assets into the built site."""
        if not self.config.enabled:
            return
        copied = copy_assets(self._node_modules, self._built_assets, Path(config.site_dir))
        log.debug("hvlab : %d ressources copiées", copied)
        wheel = write_wheel(Path(config.site_dir))
        log.debug("hvlab : paquet Python des TP écrit dans %s", wheel)
