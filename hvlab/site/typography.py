"""French typography, applied to the course's text by the site build.

The rules and the functions on a text or an HTML fragment are those of :mod:`hvlab.typography`
(shared with the grading server); this module applies them to Markdown. The text of code,
preformatted blocks, keyboard keys, scripts, styles, SVG and MathML is never changed, nor any
attribute. :class:`TypographyExtension` works on the Markdown tree after inline processing (code
spans are atomic there), and on the HTML that Python-Markdown keeps aside until the end (raw HTML,
and what fences write: quizzes, labs, the guest machine) with :func:`french_html`, which reads
tags and leaves them as they are. It runs in every page, in the API reference's docstrings, and in
the quiz and lab texts (:func:`hvlab.site.embed.markdown_renderer`).
"""

from __future__ import annotations

__all__ = [
    "NBSP",
    "NNBSP",
    "TypographyExtension",
    "TypographyTreeprocessor",
    "french",
    "french_html",
]

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from hvlab.typography import (
    HTML_TAG,
    NBSP,
    NNBSP,
    PLACEHOLDER,
    UNIT,
    french,
    french_html,
    is_left_alone,
    number_before_unit,
    tag_classes,
)

#: Python-Markdown's placeholder for a piece of stashed HTML.
_HTML_PLACEHOLDER = re.compile("\x02wzxhzdk:([0-9]+)\x03")


def _holds_unit(element: etree.Element) -> bool:
    """Whether ``element`` is the abbreviation of a unit (``<abbr title="…">Gio</abbr>``)."""
    return element.tag == "abbr" and bool(UNIT.fullmatch(str(element.text or "").strip()))


def _before_unit(text: str | None) -> str | None:
    """``text`` ending with a number: the number grouped and the space before the unit made a
    narrow no-break one (the unit is the next element)."""
    if not text or isinstance(text, AtomicString):
        return text
    return number_before_unit(text)


class TypographyTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Apply :func:`french` to the text of a Markdown tree, code and the like left out."""

    def run(self, root: etree.Element) -> None:
        self._skipping: str | None = None
        self._walk(root)
        stash = self.md.htmlStash
        for index, block in enumerate(stash.rawHtmlBlocks):
            if isinstance(block, str) and not HTML_TAG.fullmatch(block.strip()):
                stash.rawHtmlBlocks[index] = french_html(block)

    def _text(self, text: str) -> str:
        """:func:`french` on a text of the tree, except between a raw ``<code>``, ``<kbd>``…
        written in the Markdown and its closing tag (stashed HTML: placeholders in the text)."""
        parts = []
        for part in PLACEHOLDER.split(text):
            found = _HTML_PLACEHOLDER.fullmatch(part)
            if found:
                parts.append(part)
                self._follow_raw_tag(int(found.group(1)))
            elif part:
                parts.append(part if self._skipping else french(part))
        return "".join(parts)

    def _follow_raw_tag(self, index: int) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        block = blocks[index] if index < len(blocks) and isinstance(blocks[index], str) else ""
        tag = HTML_TAG.fullmatch(block.strip())
        if tag is None:
            return
        closing, name = tag.group(1), tag.group(2).lower()
        if (
            self._skipping is None
            and not closing
            and is_left_alone(name, tag_classes(tag.group(3)))
        ):
            self._skipping = name
        elif closing and name == self._skipping:
            self._skipping = None

    def _walk(self, element: etree.Element) -> None:
        if is_left_alone(str(element.tag), str(element.get("class") or "").split()):
            return
        if element.text and not isinstance(element.text, AtomicString):
            element.text = self._text(element.text)
        previous: etree.Element | None = None
        for child in element:
            if _holds_unit(child):
                if previous is None:
                    element.text = _before_unit(element.text)
                else:
                    previous.tail = _before_unit(previous.tail)
            self._walk(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail = self._text(child.tail)
            previous = child


class TypographyExtension(Extension):  # type: ignore[misc]
    """Python-Markdown extension: French typography in the rendered text."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the tree processor after inline processing (20), before the toc (5)."""
        md.treeprocessors.register(TypographyTreeprocessor(md), "hvlab-typography", 6)
