"""French typography, applied to the course's text by the site build.

Authors type ordinary spaces; French typography wants them unbreakable, and some of them narrow:

* a no-break space (U+00A0) before « : », a narrow one (U+202F) before « ; ! ? »;
* a narrow no-break space inside « guillemets » (added when missing);
* a narrow no-break space between a number and its unit (``12 Go``, ``150 W``, ``2 s``) and a
  no-break space before % (``80 %``, added when missing), as :mod:`hvlab.fr` writes them;
* thousands grouped by narrow no-break spaces: ``1 000`` (the spaces made narrow and unbreakable)
  and ``2500 W`` → ``2 500 W``. A bare number without a unit (a year, a port, an article number)
  is left as it is.

Only spaces that are there are changed (except inside guillemets and before %): « Yahoo! » or an
address ``http://…`` are not touched. The text of code, preformatted blocks, keyboard keys,
scripts, styles, SVG and MathML is never changed, nor any attribute. :class:`TypographyExtension`
works on the Markdown tree after inline processing (code spans are atomic there), and on the HTML
that Python-Markdown keeps aside until the end (raw HTML, and what fences write: quizzes, labs,
the guest machine) with :func:`french_html`, which reads tags and leaves them as they are. It runs
in every page, in the API reference's docstrings, and in the quiz and lab texts
(:func:`hvlab.site.embed.markdown_renderer`).
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

#: No-break space: before « : » and « % ».
NBSP = "\u00a0"
#: Narrow no-break space: before « ; ! ? », inside « », thousands, number and unit.
NNBSP = "\u202f"

_SPACES = "[ \u00a0\u202f]"
#: Units written after a number (French symbols); a whole word: « 2 s » but not « 2 s'exécute ».
_UNITS = (
    "Kio|Mio|Gio|Tio|Pio|Ko|Mo|Go|To|Po|octets?|"
    "kbit/s|Mbit/s|Gbit/s|Tbit/s|Kio/s|Mio/s|Gio/s|Ko/s|Mo/s|Go/s|Gbps|Mbps|IOPS|"
    "kWh|MWh|GWh|TWh|Wh|kW|MW|W|"
    "GHz|MHz|kHz|Hz|ns|µs|ms|min|s|h|"
    "€|°C|U|kg"
)
_UNIT_AFTER = rf"(?:{_UNITS})(?![\w'’])"
_NUMBER_UNIT = re.compile(rf"(?<=\d){_SPACES}+(?={_UNIT_AFTER})")
_PERCENT = re.compile(rf"(?<=\d){_SPACES}*%")
_GROUPED = re.compile(rf"(?<![\w.,])\d{{1,3}}(?:{_SPACES}\d{{3}})+(?![\d])")
_BARE_BEFORE_UNIT = re.compile(rf"(?<![\w.,:/\-])(\d{{4,}})(?=(?:,\d+)?{_SPACES}+{_UNIT_AFTER})")
_BEFORE_COLON = re.compile(rf"(?<!{_SPACES}){_SPACES}+:")
_BEFORE_NARROW = re.compile(rf"(?<!{_SPACES}){_SPACES}+([;!?])")
_AFTER_OPENING = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSING = re.compile(rf"{_SPACES}*»")
#: What Python-Markdown leaves in text for stashed HTML and escaped characters.
_PLACEHOLDER = re.compile("(\x02[^\x03]*\x03)")
_HTML_PLACEHOLDER = re.compile("\x02wzxhzdk:([0-9]+)\x03")
#: HTML: comments, then tags (attribute values are escaped: no « > » inside a tag).
_HTML_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*?)(/?)>", re.DOTALL)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: A text ending with a number then spaces, before an element that holds a unit (an <abbr>).
_NUMBER_AT_END = re.compile(rf"(?<![\w.,:/\-])(\d+)((?:,\d+)?){_SPACES}+$")
_UNIT = re.compile(_UNITS)
_SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea"})
_SKIPPED_CLASSES = frozenset({"arithmatex", "mermaid", "highlight"})


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


def _french_segment(text: str) -> str:
    text = _GROUPED.sub(lambda m: re.sub(_SPACES, NNBSP, m.group(0)), text)
    text = _BARE_BEFORE_UNIT.sub(lambda m: _group(m.group(1)), text)
    text = _NUMBER_UNIT.sub(NNBSP, text)
    text = _PERCENT.sub(NBSP + "%", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_NARROW.sub(lambda m: NNBSP + m.group(1), text)
    text = _AFTER_OPENING.sub("«" + NNBSP, text)
    return _BEFORE_CLOSING.sub(NNBSP + "»", text)


def french(text: str) -> str:
    """``text`` with French typography's spaces (see the module docstring).

    Python-Markdown's placeholders (``\\x02…\\x03``) are left as they are.

    Example:
        >>> shown = french("Attention : 2500 W pour 80% des « VM » !")
        >>> shown.replace(NBSP, "_").replace(NNBSP, "^")
        'Attention_: 2^500^W pour 80_% des «^VM^»^!'
    """
    return "".join(
        part if _PLACEHOLDER.fullmatch(part) else _french_segment(part)
        for part in _PLACEHOLDER.split(text)
        if part
    )


def french_html(fragment: str) -> str:
    """The HTML ``fragment`` with :func:`french` applied to its text, tags and attributes kept.

    Text inside code, preformatted blocks, keyboard keys, scripts, styles, SVG, MathML and
    diagrams is left as it is; comments too.

    Example:
        >>> shown = french_html('<p title="a : b">Note : <code>x : y</code> !</p>')
        >>> shown.replace(NBSP, "_").replace(NNBSP, "^")
        '<p title="a : b">Note_: <code>x : y</code>^!</p>'
    """
    parts: list[str] = []
    open_tags: list[str] = []
    skipped_at: int | None = None  # depth of the element whose text is left alone
    for token in _HTML_TOKEN.split(fragment):
        tag = _TAG.fullmatch(token) if token.startswith("<") else None
        if tag is None:
            skip = skipped_at is not None or token.startswith("<!--")
            parts.append(token if skip or not token else french(token))
            continue
        parts.append(token)
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            if name in open_tags:
                while open_tags and open_tags.pop() != name:
                    pass
            if skipped_at is not None and len(open_tags) <= skipped_at:
                skipped_at = None
        elif name not in _VOID and not tag.group(4):
            if skipped_at is None and _skips(name, tag.group(3)):
                skipped_at = len(open_tags)
            open_tags.append(name)
    return "".join(parts)


def _skips(name: str, attributes: str) -> bool:
    if name in _SKIPPED:
        return True
    found = _CLASS.search(attributes)
    classes = set("".join(found.groups("")).split()) if found else set()
    return bool(classes & _SKIPPED_CLASSES)


def _holds_unit(element: etree.Element) -> bool:
    """Whether ``element`` is the abbreviation of a unit (``<abbr title="…">Gio</abbr>``)."""
    return element.tag == "abbr" and bool(_UNIT.fullmatch(str(element.text or "").strip()))


def _before_unit(text: str | None) -> str | None:
    """``text`` ending with a number: the number grouped and the space before the unit made a
    narrow no-break one (the unit is the next element)."""
    if not text or isinstance(text, AtomicString):
        return text
    match = _NUMBER_AT_END.search(text)
    if match is None:
        return text
    whole = match.group(1)
    digits = _group(whole) if len(whole) >= 4 else whole
    return text[: match.start()] + digits + match.group(2) + NNBSP


class TypographyTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Apply :func:`french` to the text of a Markdown tree, code and the like left out."""

    def run(self, root: etree.Element) -> None:
        self._skipping: str | None = None
        self._walk(root)
        stash = self.md.htmlStash
        for index, block in enumerate(stash.rawHtmlBlocks):
            if isinstance(block, str) and not _TAG.fullmatch(block.strip()):
                stash.rawHtmlBlocks[index] = french_html(block)

    def _text(self, text: str) -> str:
        """:func:`french` on a text of the tree, except between a raw ``<code>``, ``<kbd>``…
        written in the Markdown and its closing tag (stashed HTML: placeholders in the text)."""
        parts = []
        for part in _PLACEHOLDER.split(text):
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
        tag = _TAG.fullmatch(block.strip())
        if tag is None:
            return
        closing, name = tag.group(1), tag.group(2).lower()
        if self._skipping is None and not closing and _skips(name, tag.group(3)):
            self._skipping = name
        elif closing and name == self._skipping:
            self._skipping = None

    def _walk(self, element: etree.Element) -> None:
        classes = set(str(element.get("class") or "").split())
        if element.tag in _SKIPPED or classes & _SKIPPED_CLASSES:
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
