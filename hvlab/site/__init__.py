"""The MkDocs side of hvlab: a Markdown extension that embeds quizzes and labs in pages, and a
thin MkDocs plugin that wires it in and ships the self-hosted browser assets."""

from __future__ import annotations

__all__ = ["EmbedContext", "HvlabExtension"]

from hvlab.site.embed import EmbedContext
from hvlab.site.markdown import HvlabExtension
