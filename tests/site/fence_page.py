"""A page's Markdown as the site renders it, with one of its fences: for the tests of each fence."""

from __future__ import annotations

from collections.abc import Callable

import markdown

from hvlab.site.embed import EmbedContext
from hvlab.site.markdown import HvlabExtension


def fence_markdown(
    context: EmbedContext, name: str, formatter: Callable[..., str]
) -> markdown.Markdown:
    """The site's Markdown extension and superfences, with fence ``name`` (class ``hvlab-name``)
    rendered by ``formatter`` under ``context``."""
    fence = {"name": name, "class": f"hvlab-{name}", "format": formatter}
    return markdown.Markdown(
        extensions=[HvlabExtension(context=context), "pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [fence]}},
    )
