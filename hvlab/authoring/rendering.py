"""Course Markdown rendered as the site renders it, and what a reader sees of the result.

``hvlab check`` must not build the site (25 s) to know a page's anchors or its visible words, so it
renders each page with Python-Markdown and the extensions that ``mkdocs.yml`` lists (quiz, lab and
Mermaid fences rendered as nothing), then reads the HTML: the ``id`` of every element, every link,
and the visible text without code, diagrams or passages marked as another language.
"""

from __future__ import annotations

__all__ = ["Rendered", "Renderer", "visible_text"]

import functools
import importlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from hvlab.errors import HvlabError

#: Elements whose text is not prose: code, notation, scripts, drawings, form fields.
_SKIPPED_TAGS = frozenset(
    {"pre", "code", "kbd", "samp", "var", "sub", "sup", "script", "style", "svg", "textarea"}
)
#: Classes whose text is not prose: diagrams, permalinks, formulas.
_SKIPPED_CLASSES = frozenset({"mermaid", "headerlink", "md-source-file", "katex"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
#: YAML front matter of a page (MkDocs reads it as the page's metadata, not as text).
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:-{3}|\.{3})[ \t]*\n", re.S)


@dataclass(frozen=True)
class Rendered:
    """A rendered page or text.

    Attributes:
        html: the HTML.
        ids: every ``id`` of the HTML (headings, footnotes, explicit ``{#anchor}``).
        links: every ``href`` and ``src``, in order.
        text: the visible prose (code, diagrams and foreign-language passages left out).
        error: why the text could not be rendered (French), or "".
    """

    html: str
    ids: frozenset[str]
    links: tuple[str, ...]
    text: str
    error: str = ""


class _Facts(HTMLParser):
    def __init__(self, within: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.within = within
        self.within_depth = 0
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag in ("img", "source") and "src" in values:
            self.links.append(values["src"])
        self.parts.append(" ")
        if tag in _VOID_TAGS:
            return
        classes = set(values.get("class", "").split())
        foreign = not (values.get("lang") or "fr").lower().startswith("fr")
        skip = tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or foreign
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
        if tag == self.within:
            self.within_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if open_tag == self.within:
                self.within_depth -= 1
            if open_tag == tag:
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_depth == 0 and (self.within is None or self.within_depth > 0):
            self.parts.append(data)


def _facts(html: str, within: str | None = None) -> Rendered:
    parser = _Facts(within)
    parser.feed(html)
    parser.close()
    return Rendered(html, frozenset(parser.ids), tuple(parser.links), "".join(parser.parts))


def visible_text(html: str, within: str | None = None) -> str:
    """The prose a reader sees in ``html``: no code, diagrams, permalinks nor foreign passages.

    Args:
        html: an HTML page or fragment.
        within: keep only the text inside this element (``"article"`` for a built page).

    Example:
        >>> text = '<p>Un <code>vm_ram_mib</code> <em lang="en">dirty pages</em> hôte</p>'
        >>> visible_text(text).split()
        ['Un', 'hôte']
    """
    return _facts(html, within).text


def _silent_fence(*_args: Any, **_kwargs: Any) -> str:
    return ""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: ``!!python/name:`` imports the object named, as MkDocs does; ``!ENV`` and
    names that cannot be imported become a marker, and the option holding it is left out."""


class _Unresolved:
    pass


_UNRESOLVED = _Unresolved()


def _unresolved(_loader: yaml.SafeLoader, _suffix: str, _node: yaml.Node) -> _Unresolved:
    return _UNRESOLVED


def _python_name(_loader: yaml.SafeLoader, suffix: str, _node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return _UNRESOLVED


_ConfigLoader.add_multi_constructor("!", _unresolved)
_ConfigLoader.add_multi_constructor(_PYTHON_NAME, _python_name)


def _without_unresolved(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_unresolved(v) for k, v in value.items() if not isinstance(v, _Unresolved)
        }
    if isinstance(value, list):
        return [_without_unresolved(v) for v in value if not isinstance(v, _Unresolved)]
    return value


@functools.lru_cache(maxsize=4)
def _site_extensions(mkdocs_text: str, root: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The Markdown extensions of ``mkdocs.yml`` and their options, ready for Python-Markdown."""
    config = yaml.load(mkdocs_text, Loader=_ConfigLoader)  # a SafeLoader subclass
    names: list[str] = []
    options: dict[str, Any] = {}
    entries = config.get("markdown_extensions", []) if isinstance(config, dict) else []
    for entry in entries or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, settings in entry.items():
                names.append(str(name))
                if isinstance(settings, dict):
                    options[str(name)] = _without_unresolved(settings)
    if "pymdownx.superfences" in options:
        fences = options["pymdownx.superfences"].get("custom_fences", [])
        options["pymdownx.superfences"]["custom_fences"] = [
            {"name": fence["name"], "class": fence.get("class", ""), "format": _silent_fence}
            for fence in fences
            if isinstance(fence, dict) and "name" in fence
        ]
    if "pymdownx.snippets" in names:
        snippets = options.setdefault("pymdownx.snippets", {})
        configured = snippets.get("base_path", ["."])
        paths = [configured] if isinstance(configured, str) else list(configured)
        snippets["base_path"] = [str(Path(root) / p) for p in paths]
    if "pymdownx.highlight" in names:
        options.setdefault("pymdownx.highlight", {})["use_pygments"] = False
    return tuple(names), options


class Renderer:
    """Renders the pages of one course (one Markdown instance, reset between pages)."""

    def __init__(self, mkdocs_file: Path) -> None:
        self.mkdocs_file = mkdocs_file
        self._page: Any = None
        self._embedded: Any = None

    def _markdown(self, names: tuple[str, ...], options: dict[str, Any]) -> Any:
        try:
            import markdown

            return markdown.Markdown(extensions=list(names), extension_configs=options)
        except ImportError as error:
            raise HvlabError(
                f"extension Markdown introuvable ({error.name or error}) : installez les "
                "dépendances du site (« make serve » le fait, ou « pip install -e '.[site]' »)."
            ) from None

    def page(self, text: str) -> Rendered:
        """A page of ``docs/``, rendered with the extensions of ``mkdocs.yml``."""
        if self._page is None:
            names, options = _site_extensions(
                self.mkdocs_file.read_text(encoding="utf-8"), str(self.mkdocs_file.parent)
            )
            self._page = self._markdown(names, options)
        self._page.reset()
        try:
            html = self._page.convert(_FRONT_MATTER.sub("", text, count=1))
        except Exception as error:  # an extension's own error (a missing snippet…) is the page's
            return Rendered("", frozenset(), (), "", f"{type(error).__name__} : {error}")
        return _facts(html)

    def embedded(self, text: str) -> Rendered:
        """A text shown inside a quiz or a lab (prompt, lab instructions), as the site does."""
        if self._embedded is None:
            from hvlab.site.embed import EMBED_MARKDOWN_EXTENSIONS

            self._embedded = self._markdown(tuple(EMBED_MARKDOWN_EXTENSIONS), {})
        self._embedded.reset()
        return _facts(self._embedded.convert(text))
