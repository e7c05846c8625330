"""The hvlab MkDocs plugin: thin by design.

``on_config`` checks that the browser assets are installed and explains how to install them;
it adds the Markdown extension (which does the rendering) and the site's scripts. Pages report the
problems of their embeds (an unknown quiz or lab) as warnings naming the page, which
``mkdocs build --strict`` turns into a failed build. ``on_post_build`` finishes the site
(:mod:`hvlab.site.finish`: self-hosted assets, the Pyodide wheel, French search). The Markdown
extension is configured in ``markdown_extensions`` (where Zensical finds it too); the plugin
gives it its context.

Speed: compiled quizzes, loaded labs and the wheel are kept in a :class:`~hvlab.site.cache.
BuildCache` (``build/cache/``) keyed on their inputs; under ``mkdocs serve`` the plugin lives from
one rebuild to the next (it has ``on_startup``) and a :class:`~hvlab.site.page_cache.PageCache`
gives unchanged pages their previous render.
"""

from __future__ import annotations

__all__ = ["HvlabPlugin"]

import logging
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from hvlab.site.abbreviations import AbbreviationError, read_abbreviations
from hvlab.site.assets import missing_assets
from hvlab.site.cache import BuildCache
from hvlab.site.config import HvlabPluginConfig
from hvlab.site.embed import EmbedContext
from hvlab.site.finish import finish_site
from hvlab.site.guest.fence import copy_guest_image
from hvlab.site.lab_build import finish_labs
from hvlab.site.markdown import HvlabExtension
from hvlab.site.page_cache import PageCache

log = logging.getLogger("mkdocs.plugins.hvlab")

#: Scripts of ``hvlab/site/static`` loaded on every page (in this order).
_SCRIPTS = (
    "assets/hvlab/mermaid-loader.js",
    "assets/hvlab/a11y.js",
)
#: ES modules loaded on every page (``<script type="module" async>``).
_MODULES = (
    "assets/hvlab/lab.bundle.js",
    "assets/hvlab/quiz.bundle.js",
    "assets/hvlab/guest.bundle.js",
)
_STYLES = (
    "assets/hvlab/hvlab.css",
    "assets/hvlab/lab.css",
    "assets/hvlab/quiz.css",
    "assets/hvlab/guest.css",
)
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: How ``markdown_extensions`` may name the hvlab extension.
_EXTENSION_NAMES = ("hvlab", "hvlab.site.markdown")


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
        self.serving = False
        self.build_cache = BuildCache(None)
        self.page_cache: PageCache | None = None
        self._templates: jinja2.BytecodeCache | None = None
        self.abbreviations: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether MkDocs serves (then this plugin is kept from one rebuild to the next)."""
        self.serving = command == "serve"

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
        cache_dir = self.root / self.config.cache_dir if self.config.cache_dir else None
        if self.build_cache.directory != cache_dir:
            self.build_cache = BuildCache(cache_dir)
            self._templates = None
        self.context = EmbedContext(root=self.root, build_cache=self.build_cache)
        if not self.serving:
            self.page_cache = None
        elif self.page_cache is None:
            self.page_cache = PageCache(self.context, _PACKAGE_DIR)
        else:
            self.page_cache.context = self.context
        extension = self._extension(config)
        abbreviations = str(extension.getConfig("abbreviations"))
        self.abbreviations = self.root / abbreviations if abbreviations else None
        if self.abbreviations is not None:
            try:
                read_abbreviations(self.abbreviations)
            except AbbreviationError as error:
                raise PluginError(f"hvlab : {error}") from None
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

    def _extension(self, config: Any) -> HvlabExtension:
        """The hvlab Markdown extension configured in ``markdown_extensions`` (``- hvlab:`` with
        its options), given this plugin's context: one extension, configured once, for MkDocs
        and Zensical alike. Added with its default options when the list lacks it."""
        options: dict[str, Any] = {}
        for entry in list(config.markdown_extensions):
            if isinstance(entry, str) and entry in _EXTENSION_NAMES:
                config.markdown_extensions.remove(entry)
                options.update(config.mdx_configs.pop(entry, None) or {})
        for own in ("root", "cache_dir"):  # the plugin's own options decide these
            options.pop(own, None)
        extension = HvlabExtension(context=self.context, **options)
        config.markdown_extensions.append(extension)
        return extension

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
        self.build_cache.start_build()

    def on_files(self, files: Any, *, config: Any) -> Any:
        """Fingerprint what every page's render depends on (for the page cache of serve)."""
        if self.page_cache is not None:
            self.page_cache.start_build(config, files, self.abbreviations)
            self.page_cache.install_search(config)
        return files

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """Keep the theme's compiled templates (keyed on their source) for the next build."""
        if self.build_cache.directory is not None:
            if self._templates is None:
                folder = self.build_cache.directory / "templates"
                folder.mkdir(parents=True, exist_ok=True)
                self._templates = jinja2.FileSystemBytecodeCache(str(folder))
            env.bytecode_cache = self._templates
        return env

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """Tell the embeds which page they are rendered in."""
        self.context.page = page.file.src_uri
        if self.page_cache is not None:
            self.page_cache.install(page, config, files)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Report the embeds of the page that could not be rendered."""
        for problem in self.context.take_problems():
            log.warning("Page « %s » : %s", page.file.src_uri, problem)
        return html

    def on_post_build(self, *, config: Any) -> None:
        """Copy the self-hosted browser assets into the built site and write the wheel."""
        if not self.config.enabled:
            return
        finished = finish_site(
            Path(config.site_dir),
            node_modules=self._node_modules,
            built_assets=self._built_assets,
            cache=self.build_cache,
        )
        log.debug(
            "hvlab : %d ressources copiées, paquet des TP %s, recherche française : %s",
            finished.copied,
            finished.wheel,
            "oui" if finished.french_search else "non",
        )
        labs = finish_labs(
            Path(config.site_dir),
            wheel=finished.wheel,
            node_modules=self._node_modules,
            context=self.context,
            cache=self.build_cache,
        )
        log.debug(
            "hvlab : instantané de Python des TP %s, %d solutions de TP écrites",
            labs.snapshot,
            labs.solutions,
        )
        if self.page_cache is not None:
            log.debug(
                "hvlab : %d pages reprises de la construction précédente, %d rendues",
                self.page_cache.reused,
                self.page_cache.rendered,
            )
        self.build_cache.prune()
        guest = copy_guest_image(self.root, Path(config.site_dir))
        log.debug("hvlab : %d fichiers de la machine invitée copiés", guest)
