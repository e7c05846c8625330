"""Python-Markdown extension of hvlab.

It attaches an :class:`~hvlab.site.embed.EmbedContext` to the Markdown instance, where the quiz
and lab fence formatters (configured as ``pymdownx.superfences`` custom fences) find the project's
quizzes and labs, gives the ``abbr`` extension the course's abbreviations
(:mod:`hvlab.site.abbreviations`) and applies French typography (:mod:`hvlab.site.typography`).
It works with plain Python-Markdown too, so the embedding outlives MkDocs.
"""

from __future__ import annotations

__all__ = ["HvlabExtension", "makeExtension"]

from pathlib import Path
from typing import Any

from markdown import Extension, Markdown

from hvlab.site.abbreviations import GlossaryPreprocessor, read_abbreviations
from hvlab.site.embed import EmbedContext
from hvlab.site.typography import TypographyExtension


class HvlabExtension(Extension):  # type: ignore[misc]
    """Attach the hvlab embedding context to each Markdown instance.

    Args:
        context: a shared context (the MkDocs plugin passes its own); a new one otherwise.
        root: the project folder, used when no context is given.
        abbreviations: the abbreviations file explained in every text (relative to the project
            folder), or "" for none.
        typography: apply French typography to the text (:mod:`hvlab.site.typography`).
    """

    def __init__(self, context: EmbedContext | None = None, **kwargs: Any) -> None:
        self.config = {
            "root": [".", "dossier du projet (contient quizzes/ et labs/)"],
            "abbreviations": ["", "fichier des abréviations (*[VM]: …), relatif au projet"],
            "typography": [False, "typographie française (espaces insécables) dans le texte"],
        }
        super().__init__(**kwargs)
        self.context = context or EmbedContext(root=Path(str(self.getConfig("root"))).resolve())

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the context on ``md`` (``md.hvlab``) and the abbreviations glossary."""
        md.hvlab = self.context
        md.registerExtension(self)
        abbreviations = str(self.getConfig("abbreviations"))
        if abbreviations:
            glossary = read_abbreviations(self.context.root / abbreviations)
            # Priority 40: the first preprocessor, before whitespace normalisation (30).
            md.preprocessors.register(GlossaryPreprocessor(md, glossary), "hvlab-glossary", 40)
        if self.getConfig("typography"):
            TypographyExtension().extendMarkdown(md)


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
