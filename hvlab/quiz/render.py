"""Markdown → HTML for the texts of a quiz (prompts, options, hints, feedback, explanations).

The site passes its own renderer (the course's Markdown extensions); everything else (the grading
server, ``hvlab quiz preview``, tests) uses :func:`default_renderer`, a plain Python-Markdown with
the extensions quiz texts may use.
"""

from __future__ import annotations

__all__ = ["MarkdownRenderer", "default_renderer", "inline", "rendered_inline"]

import re
import threading
from collections.abc import Callable

#: Markdown → HTML (block level).
MarkdownRenderer = Callable[[str], str]

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(?P<inner>(?:(?!</?p[ >]).)*)</p>\Z", re.DOTALL)


_local = threading.local()


def default_renderer() -> MarkdownRenderer:
    """A Python-Markdown renderer with the extensions quiz texts may use (one per thread)."""
    cached: MarkdownRenderer | None = getattr(_local, "renderer", None)
    if cached is None:
        cached = _local.renderer = _new_renderer()
    return cached


def _new_renderer() -> MarkdownRenderer:
    import markdown

    md = markdown.Markdown(
        extensions=["abbr", "attr_list", "def_list", "tables", "md_in_html", "sane_lists"],
        output_format="html",
    )

    def _render(text: str) -> str:
        md.reset()
        return str(md.convert(text))

    return _render


def inline(html: str) -> str | None:
    """The inside of ``html`` when it is one paragraph (to sit in a legend or a label), else None.

    Example:
        >>> inline("<p>Un <em>mot</em></p>")
        'Un <em>mot</em>'
        >>> inline("<p>a</p><p>b</p>") is None
        True
    """
    match = _SINGLE_PARAGRAPH.match(html.strip())
    return match.group("inner") if match else None


def rendered_inline(render: MarkdownRenderer, text: str) -> str:
    """``text`` rendered, without its paragraph when it is a single one."""
    html = render(text)
    inner = inline(html)
    return inner if inner is not None else html
