"""Python-Markdown extension of hvlab: quizzes and labs in pages, abbreviations, typography.

It attaches an :class:`~hvlab.site.embed.EmbedContext` to the Markdown instance, where the quiz
and lab fence formatters (configured as ``pymdownx.superfences`` custom fences) find the project's
quizzes and labs, gives the ``abbr`` extension the course's abbreviations
(:mod:`hvlab.site.abbreviations`) and applies French typography (:mod:`hvlab.site.typography`).

It is configured once, in ``markdown_extensions`` of ``mkdocs.yml``, and works with any generator
that runs Python-Markdown extensions: under MkDocs the hvlab plugin hands it its own context
(problems reported as warnings naming the page, one cache per build); under Zensical, which
creates a Markdown instance per page, each instance gets a fresh context sharing one
:class:`~hvlab.site.cache.BuildCache` per folder, and problems are logged as warnings
(``hvlab`` logger). The browser assets are then written by ``python -m hvlab.site`` (see
:mod:`hvlab.site.finish`).
"""

from __future__ import annotations

__all__ = ["HvlabExtension", "makeExtension"]

import functools
import logging
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown

from hvlab.site.abbreviations import GlossaryPreprocessor
from hvlab.site.cache import BuildCache
from hvlab.site.embed import EmbedContext
from hvlab.site.typography import TypographyExtension


class HvlabExtension(Extension):  # type: ignore[misc]
    """Attach the hvlab embedding context to each Markdown instance.

    Args:
        context: a shared context (the MkDocs plugin passes its own); a new one otherwise, which
            logs the problems of the embeds as warnings.
        root: the project folder (quizzes/, labs/), used when no context is given.
        abbreviations: the abbreviations file explained in every text (relative to the project
            folder), or "" for none.
        typography: apply French typography to the text (:mod:`hvlab.site.typography`).
        cache_dir: where compiled quizzes and loaded labs are kept between builds (relative to
            the project folder), when no context is given; "" for memory only.
    """

    def __init__(self, context: EmbedContext | None = None, **kwargs: Any) -> None:
        self.config = {
            "root": [".", "dossier du projet (contient quizzes/ et labs/)"],
            "abbreviations": ["", "fichier des abréviations (*[VM]: …), relatif au projet"],
            "typography": [False, "typographie française (espaces insécables) dans le texte"],
            "cache_dir": ["build/cache", "dossier du cache de construction, relatif au projet"],
        }
        super().__init__(**kwargs)
        if context is None:
            root = Path(str(self.getConfig("root"))).resolve()
            cache_dir = str(self.getConfig("cache_dir"))
            cache = _shared_cache(root / cache_dir if cache_dir else None)
            context = EmbedContext(root=root, build_cache=cache, log_problems=True)
        self.context = context

    def options(self) -> dict[str, Any]:
        """The configured options, to rebuild the extension with another context."""
        return {key: self.getConfig(key) for key in self.config}

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the context on ``md`` (``md.hvlab``), the glossary and the typography."""
        md.hvlab = self.context
        md.registerExtension(self)
        abbreviations = str(self.getConfig("abbreviations"))
        if abbreviations:
            path = self.context.root / abbreviations
            # Priority 40: the first preprocessor, before whitespace normalisation (30).
            md.preprocessors.register(GlossaryPreprocessor(md, path), "hvlab-glossary", 40)
        if self.getConfig("typography"):
            TypographyExtension().extendMarkdown(md)


@functools.cache
def _shared_cache(directory: Path | None) -> BuildCache:
    """One build cache per folder for the process (Zensical makes an extension per page)."""
    logging.getLogger("hvlab").debug("hvlab : cache de construction dans %s", directory)
    return BuildCache(directory)


def makeExtension(**kwargs: Any) -> HvlabExtension:
    """Entry point used by ``markdown.Markdown(extensions=["hvlab.site.markdown"])``."""
    return HvlabExtension(**kwargs)


def context_of(md: Markdown) -> EmbedContext:
    """The embedding context of ``md``; a default one if the extension was not loaded."""
    context = getattr(md, "hvlab", None)
    if context is None:
        context = EmbedContext()
        md.hvlab = context
    assert isinstance(context, EmbedContext)
    return context
