"""Shared state of the embedding constructs (quiz and lab fences) during a site build.

The Markdown extension attaches one :class:`EmbedContext` to each Markdown instance
(``md.hvlab``). Fence formatters record problems (an unknown quiz id, say) in it instead of raising,
so that the build reports every missing reference of a page at once; the MkDocs plugin turns them
into warnings naming the page, which ``mkdocs build --strict`` makes fatal.
"""

from __future__ import annotations

__all__ = ["EMBED_MARKDOWN_EXTENSIONS", "EmbedContext", "error_box", "markdown_renderer"]

import functools
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hvlab.site.cache import BuildCache


@dataclass
class EmbedContext:
    """What the embedding constructs need to know while pages are rendered.

    Attributes:
        root: the project folder (holds ``quizzes/`` and ``labs/``).
        page: the source path of the page being rendered (set by the plugin), "" outside MkDocs.
        problems: problems recorded since the last :meth:`take_problems`.
        cache: per-build cache shared by the formatters (loaded quizzes, labs…).
        build_cache: what outlives a build, keyed on its inputs (compiled quizzes, loaded labs):
            in memory only unless the plugin gives it a folder.
        log_problems: also log each problem as a warning of the ``hvlab`` logger when it is
            recorded (when no MkDocs plugin reports them page by page, under Zensical).
    """

    root: Path = field(default_factory=Path.cwd)
    page: str = ""
    problems: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    build_cache: BuildCache = field(default_factory=lambda: BuildCache(None))
    log_problems: bool = False

    @property
    def quizzes_dir(self) -> Path:
        """Folder of the quiz YAML files."""
        return self.root / "quizzes"

    @property
    def labs_dir(self) -> Path:
        """Folder of the labs (one sub-folder per lab)."""
        return self.root / "labs"

    def report(self, message: str) -> None:
        """Record a problem of the current page (French message saying how to fix it)."""
        self.problems.append(message)
        if self.log_problems:
            logging.getLogger("hvlab").warning("hvlab : %s", message)

    def take_problems(self) -> list[str]:
        """Return the recorded problems and forget them."""
        problems, self.problems = self.problems, []
        return problems

    def reset(self) -> None:
        """Forget everything (called at the start of each build of ``mkdocs serve``)."""
        self.page = ""
        self.problems.clear()
        self.cache.clear()


def error_box(message: str) -> str:
    """HTML shown in place of an embed that could not be rendered (seen under ``mkdocs serve``)."""
    return (
        '<div class="admonition failure hvlab-embed-error" role="alert">'
        '<p class="admonition-title">Contenu introuvable</p>'
        f"<p>{html.escape(message)}</p></div>"
    )


#: Markdown extensions for the texts embedded in pages (quiz prompts, lab instructions), so that
#: they render as the rest of the page does.
EMBED_MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "sane_lists",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.superfences",
)


@functools.cache
def markdown_renderer() -> Callable[[str], str]:
    """One shared Markdown → HTML renderer for embedded texts (reset between texts), with French
    typography as in the pages."""
    import markdown

    from hvlab.site.typography import TypographyExtension

    extensions: list[Any] = [*EMBED_MARKDOWN_EXTENSIONS, TypographyExtension()]
    md = markdown.Markdown(extensions=extensions, output_format="html")

    def render(text: str) -> str:
        md.reset()
        return str(md.convert(text))

    return render
