"""Pages of an earlier ``mkdocs serve`` build, reused while nothing they depend on changed.

Under ``mkdocs serve`` every edit rebuilds the whole site, and rendering the pages' Markdown is
most of a build (the API reference alone, about 40 %). A teacher who changes one chapter needs
one page rendered again; :class:`PageCache` gives the others the result of their last render.

What a page's render depends on goes into its key: its Markdown (as the plugins left it), the
configuration file, the site's list of files (links are checked against it) and the abbreviations;
for a page that embeds quizzes, labs or the guest machine, those folders (``build/guest`` for the
machine); for a page of the API reference
(``::: name``), the Python package it documents. Whatever rendering does besides producing HTML is
recorded and done again on reuse: the messages it logged (so ``--strict`` still fails), the
problems of its embeds, the anchors it registered with autorefs and the objects it added to
mkdocstrings' inventory.

Once pages are reused, indexing them for the search (Material's search plugin parses each page's
HTML again) is half of what remains: the entries a page gave the index are kept as well, keyed on
what they are made from (the page's address, HTML, table of contents, title and metadata).

Only ``mkdocs serve`` uses it; ``mkdocs build`` renders every page.
"""

from __future__ import annotations

__all__ = ["PageCache"]

import copy
import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hvlab.site.cache import files_under
from hvlab.site.embed import EmbedContext
from hvlab.site.guest.fence import GUEST_DIR

_EMBED = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*(?P<kind>quiz|lab|guest)\b", re.MULTILINE)
#: mkdocstrings' instruction: ``::: identifier``, possibly after a heading's hashes.
_AUTODOC = re.compile(r"^[ \t]*(?:#{1,6} *)?::: ?\S", re.MULTILINE)


@dataclass
class _Rendered:
    """What one render of a page produced, and what it did on the side."""

    key: str
    content: str
    toc: Any
    title: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    records: list[logging.LogRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    anchors: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    urls: list[tuple[Any, ...]] = field(default_factory=list)
    inventory: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)


class PageCache:
    """Rendered pages kept from one build of ``mkdocs serve`` to the next.

    Args:
        context: the embedding context (its problems are recorded with each page).
        package_dir: the Python package the API reference documents.
    """

    def __init__(self, context: EmbedContext, package_dir: Path) -> None:
        self.context = context
        self.package_dir = package_dir
        self._pages: dict[str, _Rendered] = {}
        self._search: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        self._common = ""
        self._folders: dict[str, str] = {}
        #: Pages reused and rendered during the current build.
        self.reused = 0
        self.rendered = 0

    def start_build(self, config: Any, files: Any, abbreviations: Path | None) -> None:
        """Fingerprint what every page depends on, once per build (called from ``on_files``)."""
        digest = hashlib.sha256()
        config_file = Path(str(config.config_file_path or ""))
        digest.update(config_file.read_bytes() if config_file.is_file() else b"")
        digest.update(str(self.context.root).encode() + b"\0")
        digest.update("\0".join(sorted(f.src_uri for f in files)).encode())
        if abbreviations is not None and abbreviations.is_file():
            digest.update(abbreviations.read_bytes())
        self._common = digest.hexdigest()
        self._folders = {}
        self.reused = self.rendered = 0

    def install_search(self, config: Any) -> None:
        """Make the search index reuse a page's entries while what they come from is unchanged.

        Called once per build, after the search plugin has made its index (``on_files``).
        """
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if index is None or not hasattr(index, "add_entry_from_context"):
            return
        original: Callable[[Any], None] = index.add_entry_from_context

        def add_entry_from_context(page: Any) -> None:
            digest = hashlib.sha256(
                repr((page.url, page.title, page.meta, _toc_outline(page.toc))).encode()
            )
            digest.update((page.content or "").encode())
            key = digest.hexdigest()
            cached = self._search.get(page.file.src_uri)
            if cached is not None and cached[0] == key:
                index.entries.extend(copy.deepcopy(cached[1]))
                return
            before = len(index.entries)
            original(page)
            self._search[page.file.src_uri] = (key, copy.deepcopy(index.entries[before:]))

        index.add_entry_from_context = add_entry_from_context

    def install(self, page: Any, config: Any, files: Any) -> None:
        """Make ``page.render`` reuse the page's last render when its key is unchanged."""
        original: Callable[[Any, Any], None] = page.render

        def render(config: Any, files: Any) -> None:
            self._render(page, config, files, original)

        page.render = render

    def _render(self, page: Any, config: Any, files: Any, original: Callable[..., None]) -> None:
        key = self._key(page.markdown or "")
        cached = self._pages.get(page.file.src_uri)
        if cached is not None and cached.key == key:
            self._reuse(cached, page, config, files)
            self.reused += 1
            return
        self._pages.pop(page.file.src_uri, None)
        with _recording(config) as rendered:
            original(config, files)
        rendered.key = key
        rendered.content = page.content
        rendered.toc = copy.deepcopy(page.toc)
        rendered.title = getattr(page, "_title_from_render", None)
        rendered.present_anchor_ids = set(page.present_anchor_ids or ())
        links = page.links_to_anchors
        rendered.links_to_anchors = (
            None if links is None else {f.src_uri: dict(a) for f, a in links.items()}
        )
        rendered.problems = list(self.context.problems)
        self._pages[page.file.src_uri] = rendered
        self.rendered += 1

    def _key(self, markdown: str) -> str:
        digest = hashlib.sha256(self._common.encode())
        digest.update(markdown.encode())
        kinds = {match.group("kind") for match in _EMBED.finditer(markdown)}
        folders = {
            "quiz": self.context.quizzes_dir,
            "lab": self.context.labs_dir,
            "guest": self.context.root / GUEST_DIR,  # the built image (its key is in the page)
        }
        for kind in sorted(kinds):
            digest.update(self._folder_state(folders[kind]).encode())
        if _AUTODOC.search(markdown):
            digest.update(self._folder_state(self.package_dir).encode())
        return digest.hexdigest()

    def _folder_state(self, folder: Path) -> str:
        """Names, sizes and dates of a folder's files (computed once per build)."""
        state = self._folders.get(str(folder))
        if state is None:
            digest = hashlib.sha256()
            for path in files_under(folder):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            state = self._folders[str(folder)] = digest.hexdigest()
        return state

    def _reuse(self, cached: _Rendered, page: Any, config: Any, files: Any) -> None:
        page.content = cached.content
        page.toc = copy.deepcopy(cached.toc)
        page._title_from_render = cached.title
        page.present_anchor_ids = set(cached.present_anchor_ids or ())
        if cached.links_to_anchors is not None:
            page.links_to_anchors = {
                target: dict(anchors)
                for uri, anchors in cached.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None
            }
        self.context.problems[:] = cached.problems
        autorefs, mkdocstrings = _plugins(config)
        if autorefs is not None:
            for args, kwargs in cached.anchors:
                autorefs.register_anchor(page, *args, **kwargs)
            for args in cached.urls:
                autorefs.register_url(*args)
        if mkdocstrings is not None:
            for name in cached.handlers:
                mkdocstrings.handlers.get_handler(name)
            for args, kwargs in cached.inventory:
                mkdocstrings.handlers.inventory.register(*args, **kwargs)
        for record in cached.records:
            logging.getLogger(record.name).handle(record)


def _toc_outline(toc: Any) -> list[Any]:
    return [(item.id, item.title, item.url, _toc_outline(item.children)) for item in toc or ()]


def _plugins(config: Any) -> tuple[Any, Any]:
    plugins = config.plugins
    return plugins.get("autorefs"), plugins.get("mkdocstrings")


class _Collector(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _recording(config: Any) -> Iterator[_Rendered]:
    """Record, during a page's render, what it logs and registers with autorefs/mkdocstrings."""
    rendered = _Rendered("", "", None, None, None, None)
    autorefs, mkdocstrings = _plugins(config)
    restore: list[tuple[Any, str]] = []

    def spy(owner: Any, name: str, calls: list[Any], with_kwargs: bool) -> None:
        method = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if with_kwargs:
                calls.append((args[1:] if name == "register_anchor" else args, kwargs))
            else:
                calls.append(args)
            return method(*args, **kwargs)

        setattr(owner, name, wrapper)
        restore.append((owner, name))

    if autorefs is not None:
        spy(autorefs, "register_anchor", rendered.anchors, with_kwargs=True)
        spy(autorefs, "register_url", rendered.urls, with_kwargs=False)
    if mkdocstrings is not None and getattr(mkdocstrings, "_handlers", None) is not None:
        spy(mkdocstrings.handlers.inventory, "register", rendered.inventory, with_kwargs=True)
    collector = _Collector(rendered.records)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield rendered
    finally:
        logger.removeHandler(collector)
        for owner, name in restore:
            delattr(owner, name)
    if mkdocstrings is not None and getattr(mkdocstrings, "_handlers", None) is not None:
        names = (getattr(handler, "name", None) for handler in mkdocstrings.handlers.seen_handlers)
        rendered.handlers = [name for name in names if isinstance(name, str)]
